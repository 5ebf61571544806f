import { useId, type ReactNode } from 'react';
import { ErrorAlert } from './Alert';
import { Button } from './Button';
import { Spinner } from './Spinner';

/** A spinner with a label, announced as a status. */
export function LoadingState({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div
      role="status"
      data-testid={testId}
      className="flex items-center gap-3 py-10 text-slate-700 dark:text-slate-300"
    >
      <Spinner /> {children}
    </div>
  );
}

/** Nothing to show yet: a dashed box with a message and an optional next step. */
export function EmptyState({
  title,
  children,
  testId,
}: {
  title: string;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <div
      data-testid={testId}
      className="rounded-lg border-2 border-dashed border-slate-300 px-6 py-12 text-center dark:border-slate-700"
    >
      <p className="font-semibold text-slate-900 dark:text-slate-100">{title}</p>
      {children && <div className="mt-2 text-sm text-slate-700 dark:text-slate-300">{children}</div>}
    </div>
  );
}

/** A failed load, with the API's message and a Retry button. */
export function LoadError({
  title,
  message,
  onRetry,
  testId,
}: {
  title: string;
  message: string;
  onRetry: () => void;
  testId?: string;
}) {
  return (
    <ErrorAlert
      title={title}
      testId={testId}
      action={
        <Button size="sm" variant="secondary" onClick={onRetry}>
          Retry
        </Button>
      }
    >
      {message}
    </ErrorAlert>
  );
}

/** A page's title block: heading, one line of context, and its main actions. */
export function PageHeader({
  title,
  description,
  actions,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <div className="min-w-0">
        <h1 className="text-2xl font-bold tracking-tight break-words text-slate-900 dark:text-white">
          {title}
        </h1>
        {description && <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{description}</p>}
      </div>
      {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
    </div>
  );
}

/** A white card with an optional heading. */
export function Panel({
  title,
  actions,
  children,
  className = '',
  testId,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  const headingId = useId();
  return (
    <section
      data-testid={testId}
      aria-labelledby={title ? headingId : undefined}
      className={`rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-6 dark:bg-slate-900 dark:ring-slate-800 ${className}`}
    >
      {(title || actions) && (
        <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
          {title && (
            <h2 id={headingId} className="text-base font-semibold text-slate-900 dark:text-white">
              {title}
            </h2>
          )}
          {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
        </div>
      )}
      {children}
    </section>
  );
}

/** Classes of the data tables on every page (wrapped in a horizontally scrolling box on narrow screens). */
export const tableWrapClass =
  'overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800';
export const tableClass = 'min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800';
export const thClass =
  'px-3 py-3 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase first:pl-4 last:pr-4 sm:first:pl-6 sm:last:pr-6 dark:text-slate-400';
export const tdClass =
  'px-3 py-3 align-top text-slate-700 first:pl-4 last:pr-4 sm:first:pl-6 sm:last:pr-6 dark:text-slate-300';

export interface Column {
  label: string;
  /** Announced but not shown (e.g. an actions column). */
  hidden?: boolean;
  align?: 'left' | 'right';
}

/** The header row of a data table. */
export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead className="bg-slate-50 dark:bg-slate-800/50">
      <tr>
        {columns.map((column) => (
          <th
            key={column.label}
            scope="col"
            className={`${thClass} ${column.align === 'right' ? 'text-right' : ''}`}
          >
            {column.hidden ? <span className="sr-only">{column.label}</span> : column.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** Under a paged list: how many items are shown, and the button that fetches the next page. */
export function ListFooter({
  shown,
  testId,
  hasMore,
  loadingMore,
  onLoadMore,
  children,
}: {
  /** e.g. "3 agents shown". */
  shown: string;
  testId: string;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  /** Shown after the count (a refresh in progress, …). */
  children?: ReactNode;
}) {
  return (
    <div className="flex items-center justify-between gap-4">
      <p className="text-sm text-slate-600 dark:text-slate-400" data-testid={testId}>
        {shown}
        {children}
      </p>
      {hasMore && (
        <Button variant="secondary" busy={loadingMore} onClick={onLoadMore}>
          Load more
        </Button>
      )}
    </div>
  );
}
