/**
 * The reader's theme: 'dark' or 'light' when picked with the toggle (kept in localStorage and set
 * as data-theme on <html>), else whatever the system prefers. Browser-only helpers, plus the inline
 * script the layout runs before the first paint so that a picked theme never flashes the other.
 */

export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'audience-theme';
const darkQuery = '(prefers-color-scheme: dark)';

// Runs before React: plain ES5 that cannot throw, even where localStorage is refused.
export const THEME_SCRIPT = `try{var t=localStorage.getItem('${STORAGE_KEY}');if(t==='dark'||t==='light')document.documentElement.dataset.theme=t}catch(e){}`;

export function currentTheme(): Theme {
  const picked = document.documentElement.dataset.theme;
  if (picked === 'dark' || picked === 'light') return picked;
  return window.matchMedia(darkQuery).matches ? 'dark' : 'light';
}

/**
 * What the page's colours depend on: the theme, and whether it is being printed (the print
 * stylesheet puts dark ink on white paper whatever the theme).
 */
export function colorSetting(): string {
  return window.matchMedia('print').matches ? 'print' : currentTheme();
}

/** Calls back when the picked theme, the system's preference or printing changes. */
export function subscribeTheme(onChange: () => void): () => void {
  const queries = [window.matchMedia(darkQuery), window.matchMedia('print')];
  for (const query of queries) query.addEventListener('change', onChange);
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => {
    for (const query of queries) query.removeEventListener('change', onChange);
    observer.disconnect();
  };
}

export function pickTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // Storage refused (private mode, policy): the theme holds for this page only.
  }
}

/** A colour from the stylesheet's variables, as the page currently resolves it. */
export function cssColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}
