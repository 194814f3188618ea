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

/**
 * Applies the choice as `data-theme="light|dark"` on <html>, resolving "system" from the OS
 * setting and following its changes; the stylesheet defines each palette once, per attribute.
 */
export function useTheme(): void {
  const theme = useThemeChoice((state) => state.theme);
  useEffect(() => {
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      document.documentElement.dataset.theme = theme === 'system' ? (query.matches ? 'dark' : 'light') : theme;
    };
    apply();
    if (theme !== 'system') return;
    query.addEventListener('change', apply);
    return () => query.removeEventListener('change', apply);
  }, [theme]);
}
