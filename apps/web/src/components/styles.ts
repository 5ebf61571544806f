/** Shared Tailwind class lists, so buttons and links look the same everywhere. */
export const focusRing =
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:focus-visible:outline-indigo-400';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';
export type ButtonSize = 'sm' | 'md';

const variants: Record<ButtonVariant, string> = {
  primary:
    'bg-indigo-600 text-white shadow-sm hover:bg-indigo-500 disabled:bg-indigo-300 dark:disabled:bg-indigo-900 dark:disabled:text-indigo-300',
  secondary:
    'bg-white dark:bg-slate-900 text-slate-800 dark:text-slate-200 shadow-sm ring-1 ring-inset ring-slate-300 dark:ring-slate-600 hover:bg-slate-50 dark:hover:bg-slate-800/60 disabled:text-slate-400',
  danger: 'bg-red-600 text-white shadow-sm hover:bg-red-500 disabled:bg-red-300 dark:disabled:bg-red-900',
  ghost:
    'text-slate-700 dark:text-slate-300 hover:bg-slate-100 dark:hover:bg-slate-800 hover:text-slate-900 dark:hover:text-slate-100 disabled:text-slate-400',
};

const sizes: Record<ButtonSize, string> = {
  sm: 'gap-1.5 rounded-md px-2.5 py-1.5 text-sm',
  md: 'gap-2 rounded-md px-3.5 py-2 text-sm',
};

export function buttonClass(variant: ButtonVariant = 'primary', size: ButtonSize = 'md', extra = ''): string {
  return [
    'inline-flex items-center justify-center font-semibold transition-colors disabled:cursor-not-allowed',
    focusRing,
    variants[variant],
    sizes[size],
    extra,
  ]
    .filter(Boolean)
    .join(' ');
}

export const inputClass = [
  'block w-full rounded-md border-0 bg-white dark:bg-slate-900 px-3 py-2 text-sm text-slate-900 dark:text-slate-100 shadow-sm ring-1 ring-inset ring-slate-300 dark:ring-slate-600',
  'placeholder:text-slate-500 dark:placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 dark:focus:ring-indigo-400 focus:outline-none',
  'aria-[invalid=true]:ring-red-600 dark:aria-[invalid=true]:ring-red-400 disabled:bg-slate-100 dark:disabled:bg-slate-800 disabled:text-slate-500',
].join(' ');

export const checkboxClass =
  'size-4 rounded border-slate-400 text-indigo-600 accent-indigo-600 dark:accent-indigo-400 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';

export const linkClass = `font-medium text-indigo-700 dark:text-indigo-300 underline-offset-2 hover:underline rounded-sm ${focusRing}`;
