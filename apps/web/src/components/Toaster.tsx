import { useSyncExternalStore } from 'react';
import { toast, toastStore, type ToastTone } from '../lib/toast';
import { focusRing } from './styles';

const toneClass: Record<ToastTone, string> = {
  success:
    'border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100',
  info: 'border-sky-200 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100',
  error: 'border-red-200 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100',
};

/** Where toasts appear (bottom right); render once. Errors are announced at once, the rest politely. */
export function Toaster() {
  const toasts = useSyncExternalStore(toastStore.subscribe, toastStore.get, toastStore.get);
  return (
    <section
      aria-label="Notifications"
      className="pointer-events-none fixed right-0 bottom-0 z-50 flex w-full max-w-sm flex-col gap-2 p-4"
    >
      {toasts.map((t) => (
        <div
          key={t.id}
          role={t.tone === 'error' ? 'alert' : 'status'}
          data-testid="toast"
          data-tone={t.tone}
          className={`pointer-events-auto flex items-start gap-3 rounded-md border p-3 text-sm shadow-lg ${toneClass[t.tone]}`}
        >
          <div className="min-w-0 flex-1 break-words">
            {t.title && <p className="font-semibold">{t.title}</p>}
            <p>{t.message}</p>
          </div>
          <button
            type="button"
            className={`-m-1 rounded p-1 opacity-70 hover:opacity-100 ${focusRing}`}
            aria-label="Dismiss notification"
            onClick={() => toast.dismiss(t.id)}
          >
            <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4">
              <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
            </svg>
          </button>
        </div>
      ))}
    </section>
  );
}
