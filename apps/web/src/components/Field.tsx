import { useId, type ReactNode } from 'react';

/** Props a form control needs to be tied to its label, hint and error. */
export interface ControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
  'aria-required': true | undefined;
}

interface FieldProps {
  label: ReactNode;
  /** Help text under the control (announced with it). */
  hint?: ReactNode;
  error?: string;
  /** Shows "(required)" next to the label, outside the accessible name. */
  required?: boolean;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}

/** A labelled form control with hint and error, wired with aria-invalid / aria-describedby. */
export function Field({ label, hint, error, required, className = '', children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={className}>
      <div className="flex items-baseline justify-between gap-2">
        <label htmlFor={id} className="block text-sm font-medium text-slate-900 dark:text-slate-100">
          {label}
        </label>
        {required && (
          <span className="text-xs text-slate-600 dark:text-slate-400" aria-hidden="true">
            required
          </span>
        )}
      </div>
      <div className="mt-1.5">
        {children({
          id,
          'aria-invalid': Boolean(error),
          'aria-describedby': describedBy,
          'aria-required': required || undefined,
        })}
      </div>
      {error && (
        <p id={errorId} className="mt-1.5 text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
      {hint && (
        <p id={hintId} className="mt-1.5 text-xs text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      )}
    </div>
  );
}
