import { useThemeChoice, type ThemeChoice } from '../theme.ts';

export function ThemeSwitch() {
  const theme = useThemeChoice((state) => state.theme);
  const setTheme = useThemeChoice((state) => state.setTheme);
  return (
    <label className="theme-switch">
      <span className="visually-hidden">Theme</span>
      <select aria-label="Theme" value={theme} onChange={(event) => setTheme(event.target.value as ThemeChoice)}>
        <option value="system">System theme</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
