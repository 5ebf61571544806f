import type { User } from '@switchboard/api-contract';
import { useCallback } from 'react';
import { sessionStore } from '../../../lib/session';
import { useMe } from '../api/get-me';
import { useSession } from './use-session';

export interface AuthState {
  user: User | null;
  /** Admins write; viewers only read. */
  canWrite: boolean;
  signOut: () => void;
}

/** The signed-in user (kept fresh via `GET /auth/me`) and sign-out. */
export function useAuth(): AuthState {
  const session = useSession();
  useMe(session !== null);
  const user = session?.user ?? null;
  const signOut = useCallback(() => sessionStore.end('signed-out'), []);
  return { user, canWrite: user?.role === 'admin', signOut };
}
