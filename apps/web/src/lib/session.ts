import { LoginResponseSchema, UserSchema, type LoginResponse, type User } from '@switchboard/api-contract';
import { z } from 'zod';

/** The signed-in session, kept in sessionStorage (one tab, cleared with the tab). */
const StoredSessionSchema = z.object({
  accessToken: LoginResponseSchema.shape.accessToken,
  /** Epoch milliseconds when the access token expires. */
  expiresAt: z.number(),
  user: UserSchema,
});
export type Session = z.infer<typeof StoredSessionSchema>;

/** Why the last session ended; lets the login page explain an unexpected sign-out. */
export type SessionEndReason = 'signed-out' | 'expired';

const STORAGE_KEY = 'switchboard.session';

type Listener = () => void;

function readStoredSession(): Session | null {
  try {
    const raw = window.sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = StoredSessionSchema.safeParse(JSON.parse(raw));
    if (!parsed.success || parsed.data.expiresAt <= Date.now()) {
      window.sessionStorage.removeItem(STORAGE_KEY);
      return null;
    }
    return parsed.data;
  } catch {
    return null;
  }
}

function writeStoredSession(session: Session | null): void {
  try {
    if (session) window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    else window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage can be unavailable (private mode, quota); the session then lives in memory only.
  }
}

let current: Session | null = readStoredSession();
let lastEndReason: SessionEndReason | null = null;
const listeners = new Set<Listener>();

function emit(): void {
  for (const listener of listeners) listener();
}

/** A tiny external store (for `useSyncExternalStore`) holding the session. */
export const sessionStore = {
  get(): Session | null {
    return current;
  },
  getToken(): string | null {
    return current?.accessToken ?? null;
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  start(response: LoginResponse): void {
    current = {
      accessToken: response.accessToken,
      expiresAt: Date.now() + response.expiresIn * 1000,
      user: response.user,
    };
    lastEndReason = null;
    writeStoredSession(current);
    emit();
  },
  /** Keep the stored user in step with `GET /auth/me` (e.g. a changed role). */
  updateUser(user: User): void {
    if (!current) return;
    const same =
      current.user.id === user.id && current.user.email === user.email && current.user.role === user.role;
    if (same) return;
    current = { ...current, user };
    writeStoredSession(current);
    emit();
  },
  end(reason: SessionEndReason): void {
    if (!current) return;
    current = null;
    lastEndReason = reason;
    writeStoredSession(null);
    emit();
  },
  /** The reason the previous session ended, if it ended during this page's life. */
  lastEndReason(): SessionEndReason | null {
    return lastEndReason;
  },
};
