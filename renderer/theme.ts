/** Light, dark or follow the system; an app preference (not part of any session). */
import { useEffect } from 'react';
import { create } from 'zustand';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'threatstorm.theme';

function initial(): ThemeChoice {
  try {
    const stored = localStorage.getItem(KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}

export const useThemeChoice = create<{ theme: ThemeChoice; setTheme(theme: ThemeChoice): void }>()((set) => ({
  theme: initial(),
  setTheme: (theme) => {
    try {
      localStorage.setItem(KEY, theme);
    } catch {
      // Preference only; losing it is harmless.
    }
    set({ theme });
  },
}));

/** Applies the choice as `data-theme` on <html>; CSS variables do the rest. */
export function useTheme(): void {
  const theme = useThemeChoice((state) => state.theme);
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);
}
