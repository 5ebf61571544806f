import type { ReactNode } from 'react';

/** Series colours, readable on white and on slate-900. */
export const SERIES_COLORS = ['#6366f1', '#0ea5e9', '#10b981', '#f59e0b', '#f43f5e', '#a855f7'];

/** Axis and grid props: they draw in `currentColor`, so the wrapper's text colour themes them. */
export const axisProps = {
  stroke: 'currentColor',
  tick: { fill: 'currentColor', fontSize: 12 },
  tickLine: false,
} as const;
export const gridProps = { stroke: 'currentColor', strokeOpacity: 0.15, vertical: false } as const;

interface TooltipEntry {
  name?: string | number;
  value?: unknown;
  color?: string;
}

/** Recharts tooltip content in the app's look (light and dark). */
export function ChartTooltip({
  active,
  label,
  payload,
  format,
}: {
  active?: boolean;
  label?: ReactNode;
  payload?: readonly TooltipEntry[];
  format: (value: number) => string;
}) {
  if (!active || !payload?.length) return null;
  return (
    <div className="rounded-md bg-white p-2 text-xs shadow-lg ring-1 ring-slate-200 dark:bg-slate-800 dark:ring-slate-700">
      {label !== undefined && <p className="mb-1 font-semibold text-slate-900 dark:text-white">{label}</p>}
      <ul className="space-y-0.5">
        {payload.map((entry) => (
          <li key={String(entry.name)} className="flex items-center gap-2 text-slate-700 dark:text-slate-200">
            <span
              aria-hidden="true"
              className="size-2 rounded-full"
              style={{ backgroundColor: entry.color }}
            />
            {entry.name}:{' '}
            <span className="font-medium">{typeof entry.value === 'number' ? format(entry.value) : '—'}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
