import { useSyncExternalStore } from 'react';
import { themeStore } from '../lib/theme';
import { buttonClass } from './styles';

/** Switches between light and dark; the choice is kept in localStorage. */
export function ThemeToggle() {
  const theme = useSyncExternalStore(themeStore.subscribe, themeStore.get, themeStore.get);
  const dark = theme === 'dark';
  return (
    <button
      type="button"
      className={buttonClass('ghost', 'sm')}
      aria-pressed={dark}
      aria-label="Dark mode"
      title={dark ? 'Switch to light mode' : 'Switch to dark mode'}
      onClick={() => themeStore.set(dark ? 'light' : 'dark')}
    >
      {dark ? (
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-5">
          <path d="M17.3 13.4A7.5 7.5 0 0 1 6.6 2.7a.75.75 0 0 0-.98-.93 9 9 0 1 0 12.6 12.6.75.75 0 0 0-.92-.97Z" />
        </svg>
      ) : (
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-5">
          <path d="M10 2a.75.75 0 0 1 .75.75v1.5a.75.75 0 0 1-1.5 0v-1.5A.75.75 0 0 1 10 2Zm0 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8Zm0 1.75a.75.75 0 0 1 .75.75v1.5a.75.75 0 0 1-1.5 0v-1.5a.75.75 0 0 1 .75-.75ZM18 10a.75.75 0 0 1-.75.75h-1.5a.75.75 0 0 1 0-1.5h1.5A.75.75 0 0 1 18 10ZM4.25 10.75a.75.75 0 0 0 0-1.5h-1.5a.75.75 0 0 0 0 1.5h1.5Zm11.4-5.34a.75.75 0 0 0-1.06-1.06l-1.06 1.06a.75.75 0 0 0 1.06 1.06l1.06-1.06ZM6.47 14.6a.75.75 0 0 0-1.06-1.06l-1.06 1.06a.75.75 0 1 0 1.06 1.06l1.06-1.06Zm9.18 1.06a.75.75 0 0 1-1.06 0l-1.06-1.06a.75.75 0 0 1 1.06-1.06l1.06 1.06a.75.75 0 0 1 0 1.06ZM5.41 6.47a.75.75 0 0 0 1.06-1.06L5.41 4.35a.75.75 0 0 0-1.06 1.06l1.06 1.06Z" />
        </svg>
      )}
    </button>
  );
}
