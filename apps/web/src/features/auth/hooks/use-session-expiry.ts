import { useEffect } from 'react';
import { sessionStore } from '../../../lib/session';
import { useSession } from './use-session';

/** Longest delay `setTimeout` honours (about 24.8 days). */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Ends the session when its token expires, even if the tab stays idle. Mount once. */
export function useSessionExpiry(): void {
  const expiresAt = useSession()?.expiresAt;
  useEffect(() => {
    if (expiresAt === undefined) return;
    const delay = Math.min(Math.max(0, expiresAt - Date.now()), MAX_TIMEOUT_MS);
    const timer = window.setTimeout(() => {
      if (Date.now() >= expiresAt) sessionStore.end('expired');
    }, delay);
    return () => window.clearTimeout(timer);
  }, [expiresAt]);
}
