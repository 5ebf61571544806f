import { errorMessage } from './http';

export type ToastTone = 'success' | 'error' | 'info';

export interface Toast {
  id: number;
  tone: ToastTone;
  title?: string;
  message: string;
}

/** How long a toast stays; errors stay until dismissed, so nobody misses them. */
const AUTO_DISMISS_MS: Record<ToastTone, number | null> = { success: 5000, info: 5000, error: null };
const MAX_TOASTS = 5;

type Listener = () => void;
const listeners = new Set<Listener>();
let toasts: readonly Toast[] = [];
let nextId = 1;

function emit(): void {
  for (const listener of listeners) listener();
}

function show(tone: ToastTone, message: string, title?: string): number {
  const id = nextId++;
  toasts = [...toasts, { id, tone, message, title }].slice(-MAX_TOASTS);
  emit();
  const delay = AUTO_DISMISS_MS[tone];
  if (delay !== null) window.setTimeout(() => toast.dismiss(id), delay);
  return id;
}

/**
 * Transient notifications, callable from anywhere (event handlers, mutation callbacks).
 * Render `<Toaster />` once near the root.
 */
export const toast = {
  success: (message: string, title?: string) => show('success', message, title),
  info: (message: string, title?: string) => show('info', message, title),
  /** An error toast; an `ApiError` shows the API's own message. */
  error: (error: unknown, title?: string) =>
    show('error', typeof error === 'string' ? error : errorMessage(error), title),
  dismiss(id: number): void {
    const before = toasts.length;
    toasts = toasts.filter((t) => t.id !== id);
    if (toasts.length !== before) emit();
  },
  clear(): void {
    toasts = [];
    emit();
  },
};

/** For `useSyncExternalStore`. */
export const toastStore = {
  get: (): readonly Toast[] => toasts,
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
