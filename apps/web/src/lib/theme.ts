/** The colour theme: an explicit choice kept in localStorage, else the system preference. */
export type Theme = 'light' | 'dark';

/** Also read by the inline script in index.html, which applies the theme before the first paint. */
export const THEME_STORAGE_KEY = 'switchboard.theme';

type Listener = () => void;
const listeners = new Set<Listener>();

function storedTheme(): Theme | null {
  try {
    const value = window.localStorage.getItem(THEME_STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null;
  }
}

function systemTheme(): Theme {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function apply(theme: Theme): void {
  const root = document.documentElement;
  root.classList.toggle('dark', theme === 'dark');
  root.style.colorScheme = theme;
}

let current: Theme = storedTheme() ?? systemTheme();
apply(current);

// Follow the system while the user has not chosen.
window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', () => {
  if (storedTheme()) return;
  themeStore.set(systemTheme(), false);
});

/** A tiny external store (for `useSyncExternalStore`) holding the theme. */
export const themeStore = {
  get(): Theme {
    return current;
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  set(theme: Theme, persist = true): void {
    current = theme;
    apply(theme);
    if (persist) {
      try {
        window.localStorage.setItem(THEME_STORAGE_KEY, theme);
      } catch {
        // Storage unavailable: the choice lasts for this page only.
      }
    }
    for (const listener of listeners) listener();
  },
};
