import { useSyncExternalStore } from 'react';
import { sessionStore, type Session } from '../../../lib/session';

/** The current session, or null when signed out; re-renders when it starts or ends. */
export function useSession(): Session | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get, sessionStore.get);
}
