'use client';

import { useSyncExternalStore } from 'react';
import { currentTheme, pickTheme, subscribeTheme } from './theme';

/** A toggle button for the dark theme; the choice is remembered by this browser. */
export function ThemeToggle() {
  // On the server and during hydration the theme is unknown; the button settles right after.
  const theme = useSyncExternalStore(subscribeTheme, currentTheme, () => undefined);
  return (
    <button
      type="button"
      className="link-button theme-toggle"
      aria-pressed={theme === 'dark'}
      onClick={() => pickTheme(theme === 'dark' ? 'light' : 'dark')}
    >
      Dark theme
    </button>
  );
}
