import type { AgentHealthRead } from '@switchboard/api-contract';

type HealthState = AgentHealthRead['state'];

const LOOK: Record<HealthState, { label: string; badge: string; dot: string }> = {
  healthy: {
    label: 'Healthy',
    badge:
      'bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800',
    dot: 'bg-emerald-600 dark:bg-emerald-400',
  },
  degraded: {
    label: 'Degraded',
    badge:
      'bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800',
    dot: 'bg-amber-500',
  },
  unhealthy: {
    label: 'Unhealthy',
    badge: 'bg-red-50 text-red-800 ring-red-200 dark:bg-red-950 dark:text-red-200 dark:ring-red-800',
    dot: 'bg-red-600 dark:bg-red-400',
  },
  unknown: {
    label: 'Unknown',
    badge:
      'bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600',
    dot: 'bg-slate-400',
  },
  disabled: {
    label: 'Disabled',
    badge:
      'bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600',
    dot: 'bg-slate-500',
  },
};

export function healthLabel(state: HealthState): string {
  return LOOK[state].label;
}

/** The agent's health state as a coloured badge; the last error, if any, as its tooltip. */
export function HealthBadge({
  health,
  testId = 'agent-health',
}: {
  health: AgentHealthRead;
  testId?: string;
}) {
  const look = LOOK[health.state];
  return (
    <span
      data-testid={testId}
      title={health.lastError ?? undefined}
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-semibold whitespace-nowrap ring-1 ring-inset ${look.badge}`}
    >
      <span aria-hidden="true" className={`size-1.5 rounded-full ${look.dot}`} />
      {look.label}
    </span>
  );
}
