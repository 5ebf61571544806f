import { useEffect, useId, useRef, type ReactNode } from 'react';
import { ErrorAlert } from './Alert';
import { Button } from './Button';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  onConfirm: () => void;
  onCancel: () => void;
  /** While true the dialog cannot be dismissed and the confirm button shows progress. */
  busy?: boolean;
  error?: string | null;
  /** Where focus goes on close when the element that opened the dialog is gone (e.g. a deleted row). */
  fallbackFocus?: () => HTMLElement | null;
  testId?: string;
}

/**
 * A modal confirmation built on the native <dialog> (focus is trapped, the page behind is inert).
 * Render it only while it is open: it opens on mount, focuses Cancel, closes on Escape, and gives
 * focus back to the element that opened it on unmount.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  cancelLabel = 'Cancel',
  onConfirm,
  onCancel,
  busy = false,
  error,
  fallbackFocus,
  testId,
}: ConfirmDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const fallbackRef = useRef(fallbackFocus);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    fallbackRef.current = fallbackFocus;
  }, [fallbackFocus]);

  useEffect(() => {
    const dialog = dialogRef.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => {
      if (dialog?.open) dialog.close();
      const target = opener?.isConnected ? opener : fallbackRef.current?.();
      target?.focus();
    };
  }, []);

  return (
    <dialog
      ref={dialogRef}
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      data-testid={testId}
      // Escape: the browser fires `cancel`; keep the dialog state in React's hands.
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
      // The browser may still close it on a repeated Escape; keep React in step.
      // (A close event that arrives while the dialog is open again is stale: StrictMode's re-mount.)
      onClose={() => {
        if (!dialogRef.current?.open) onCancel();
      }}
      // A click on the backdrop lands on the <dialog> element itself.
      onClick={(event) => {
        if (event.target === event.currentTarget && !busy) onCancel();
      }}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg bg-white dark:bg-slate-900 p-0 text-slate-900 dark:text-slate-100 shadow-xl backdrop:bg-slate-900/50"
    >
      <div className="p-6">
        <h2 id={titleId} className="text-lg font-semibold">
          {title}
        </h2>
        <div id={descriptionId} className="mt-2 text-sm text-slate-700 dark:text-slate-300">
          {children}
        </div>
        {error && (
          <div className="mt-4">
            <ErrorAlert testId="dialog-error">{error}</ErrorAlert>
          </div>
        )}
        <div className="mt-6 flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
          <Button ref={cancelRef} variant="secondary" onClick={onCancel} disabled={busy}>
            {cancelLabel}
          </Button>
          <Button variant="danger" onClick={onConfirm} busy={busy}>
            {confirmLabel}
          </Button>
        </div>
      </div>
    </dialog>
  );
}
