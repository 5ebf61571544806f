export function ServerStatus({ enabled }: { enabled: boolean }) {
  return (
    <span
      data-testid="server-status"
      className={
        enabled
          ? 'inline-flex items-center gap-1.5 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-semibold text-emerald-800 ring-1 ring-emerald-200 ring-inset dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800'
          : 'inline-flex items-center gap-1.5 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-semibold text-slate-700 ring-1 ring-slate-300 ring-inset dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600'
      }
    >
      <span
        aria-hidden="true"
        className={`size-1.5 rounded-full ${enabled ? 'bg-emerald-600' : 'bg-slate-500'}`}
      />
      {enabled ? 'Enabled' : 'Disabled'}
    </span>
  );
}
