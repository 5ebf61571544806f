import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from '../hooks/use-session';

/** Where to go after signing in; set by RequireAuth when it sends someone to the login page. */
interface LoginLocationState {
  from?: { pathname?: string; search?: string };
}

const DEFAULT_TARGET = '/overview';

export function redirectTarget(state: unknown): string {
  const from = (state as LoginLocationState | null)?.from;
  const pathname = typeof from?.pathname === 'string' ? from.pathname : '';
  if (!pathname.startsWith('/') || pathname.startsWith('//') || pathname === '/login') return DEFAULT_TARGET;
  return pathname + (typeof from?.search === 'string' ? from.search : '');
}

/** Renders the child routes for a signed-in user; sends everyone else to the login page. */
export function RequireAuth() {
  const session = useSession();
  const location = useLocation();
  if (!session) {
    const state: LoginLocationState = { from: { pathname: location.pathname, search: location.search } };
    return <Navigate to="/login" replace state={state} />;
  }
  return <Outlet />;
}
