import { Link, NavLink, Outlet } from 'react-router';
import { Button } from '../components/Button';
import { focusRing } from '../components/styles';
import { ThemeToggle } from '../components/ThemeToggle';
import { useAuth } from '../features/auth/hooks/use-auth';
import { useSessionExpiry } from '../features/auth/hooks/use-session-expiry';

const NAV_ITEMS = [
  { to: '/overview', label: 'Overview' },
  { to: '/agents', label: 'Agents' },
  { to: '/servers', label: 'Servers' },
  { to: '/tasks', label: 'Tasks' },
  { to: '/tokens', label: 'API tokens' },
] as const;

const navLinkClass = ({ isActive }: { isActive: boolean }) =>
  [
    'rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap transition-colors',
    focusRing,
    isActive
      ? 'bg-indigo-50 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200'
      : 'text-slate-700 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white',
  ].join(' ');

/** The signed-in shell: header with the app name, the sections, the user and "Sign out". */
export function AppLayout() {
  useSessionExpiry();
  const { user, signOut } = useAuth();

  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only rounded-md bg-white dark:bg-slate-900 px-3 py-2 text-sm font-semibold text-indigo-700 dark:text-indigo-300 shadow focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 dark:border-slate-800 bg-white dark:bg-slate-900">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-6 lg:px-8">
          <Link to="/overview" className={`flex items-center gap-2 rounded-md ${focusRing}`}>
            <span
              aria-hidden="true"
              className="grid size-8 place-items-center rounded-lg bg-indigo-600 text-sm font-bold text-white"
            >
              S
            </span>
            <span className="text-lg font-bold tracking-tight text-slate-900 dark:text-slate-100">
              Switchboard
            </span>
          </Link>
          <div className="flex items-center gap-3 text-sm">
            <ThemeToggle />
            {user && (
              <>
                <p className="flex min-w-0 flex-wrap items-center gap-x-2 text-slate-700 dark:text-slate-300">
                  <span className="sr-only">Signed in as </span>
                  <span
                    data-testid="current-user-email"
                    className="truncate font-medium text-slate-900 dark:text-slate-100"
                  >
                    {user.email}
                  </span>
                  <span
                    data-testid="current-user-role"
                    className="rounded-full bg-slate-100 dark:bg-slate-800 px-2 py-0.5 text-xs font-semibold text-slate-700 dark:text-slate-300 ring-1 ring-slate-300 dark:ring-slate-600 ring-inset"
                  >
                    {user.role}
                  </span>
                </p>
                <Button variant="secondary" size="sm" onClick={signOut}>
                  Sign out
                </Button>
              </>
            )}
          </div>
        </div>
        <nav aria-label="Main" className="mx-auto max-w-7xl overflow-x-auto px-4 pb-2 sm:px-6 lg:px-8">
          <ul className="flex gap-1">
            {NAV_ITEMS.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} className={navLinkClass}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-8 sm:px-6 lg:px-8">
        <Outlet />
      </main>
    </div>
  );
}
