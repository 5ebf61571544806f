import type { ReactNode } from 'react';

interface AlertProps {
  title?: string;
  children: ReactNode;
  /** Extra content under the message (e.g. a Retry button). */
  action?: ReactNode;
  testId?: string;
}

/** An error announced to assistive technology (role=alert). */
export function ErrorAlert({ title, children, action, testId }: AlertProps) {
  return (
    <div
      role="alert"
      data-testid={testId}
      className="rounded-md border border-red-200 dark:border-red-800 bg-red-50 dark:bg-red-950 p-4 text-sm text-red-900 dark:text-red-100"
    >
      {title && <p className="font-semibold">{title}</p>}
      <div className={title ? 'mt-1' : undefined}>{children}</div>
      {action && <div className="mt-3">{action}</div>}
    </div>
  );
}

/** A polite status message (role=status). */
export function StatusMessage({
  children,
  testId,
  tone = 'info',
}: AlertProps & { tone?: 'info' | 'success' | 'warning' }) {
  const toneClass = {
    success:
      'border-emerald-200 dark:border-emerald-800 bg-emerald-50 dark:bg-emerald-950 text-emerald-900 dark:text-emerald-100',
    info: 'border-sky-200 dark:border-sky-800 bg-sky-50 dark:bg-sky-950 text-sky-900 dark:text-sky-100',
    warning:
      'border-amber-200 dark:border-amber-800 bg-amber-50 dark:bg-amber-950 text-amber-900 dark:text-amber-100',
  }[tone];
  return (
    <div role="status" data-testid={testId} className={`rounded-md border p-3 text-sm ${toneClass}`}>
      {children}
    </div>
  );
}
