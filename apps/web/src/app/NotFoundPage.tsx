import { Link } from 'react-router';
import { linkClass } from '../components/styles';

export function NotFoundPage() {
  return (
    <div className="space-y-3">
      <title>Page not found · Switchboard</title>
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-slate-100">Page not found</h1>
      <p className="text-slate-700 dark:text-slate-300">There is nothing at this address.</p>
      <Link to="/overview" className={linkClass}>
        Go to the overview
      </Link>
    </div>
  );
}
