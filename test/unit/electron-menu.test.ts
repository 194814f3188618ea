// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuCommands } from '../../shared/platform-api.ts';
import { buildMenuTemplate, type MenuOptions } from '../../electron/menu.ts';

function build(overrides: Partial<MenuOptions> = {}) {
  const send = vi.fn();
  const template = buildMenuTemplate({ isMac: false, isDev: false, appName: 'Threatstorm', send, ...overrides });
  return { template, send };
}

function submenu(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const menu = template.find((item) => item.label === label);
  expect(menu, `a ${label} menu`).toBeDefined();
  expect(Array.isArray(menu?.submenu)).toBe(true);
  return menu?.submenu as MenuItemConstructorOptions[];
}

function item(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const found = items.find((entry) => entry.label === label);
  expect(found, `a "${label}" item`).toBeDefined();
  return found as MenuItemConstructorOptions;
}

/** Electron calls click(menuItem, window, event); our handlers use none of them. */
function click(entry: MenuItemConstructorOptions): void {
  expect(entry.click).toBeTypeOf('function');
  (entry.click as unknown as () => void)();
}

const roles = (items: MenuItemConstructorOptions[]) => items.flatMap((entry) => (entry.role ? [entry.role] : []));

describe('the application menu on Windows and Linux', () => {
  it('has File, Edit, View and Help', () => {
    expect(build().template.map((menu) => menu.label)).toEqual(['File', 'Edit', 'View', 'Help']);
  });

  it.each([
    ['New session', 'CmdOrCtrl+N', 'new-session'],
    ['Open…', 'CmdOrCtrl+O', 'open'],
    ['Save as…', 'Shift+CmdOrCtrl+S', 'save-as'],
  ])('File > %s has %s and sends %s', (label, accelerator, command) => {
    const { template, send } = build();
    const entry = item(submenu(template, 'File'), label);
    expect(entry.accelerator).toBe(accelerator);
    click(entry);
    expect(send).toHaveBeenCalledExactlyOnceWith(command);
  });

  it('ends File with Quit after a separator', () => {
    const file = submenu(build().template, 'File');
    expect(file.at(-2)?.type).toBe('separator');
    expect(file.at(-1)?.role).toBe('quit');
  });

  it('keeps the standard editing roles', () => {
    expect(roles(submenu(build().template, 'Edit'))).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
  });

  it('offers zoom and full screen, and developer tools only in development', () => {
    expect(roles(submenu(build().template, 'View'))).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(roles(submenu(build({ isDev: true }).template, 'View'))).toEqual([
      'resetZoom',
      'zoomIn',
      'zoomOut',
      'togglefullscreen',
      'reload',
      'toggleDevTools',
    ]);
  });

  it('Help > About Threatstorm sends about', () => {
    const { template, send } = build();
    click(item(submenu(template, 'Help'), 'About Threatstorm'));
    expect(send).toHaveBeenCalledExactlyOnceWith('about');
  });

  it('sends only commands the preload lets through', () => {
    const { template, send } = build({ isDev: true });
    const everyItem = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
      items.flatMap((entry) => [entry, ...(Array.isArray(entry.submenu) ? everyItem(entry.submenu) : [])]);
    for (const entry of everyItem(template)) if (entry.click) click(entry);
    expect(send.mock.calls.map(([command]) => command).sort()).toEqual([...menuCommands].sort());
  });

  it('gives no two items the same accelerator', () => {
    const accelerators = build({ isDev: true }).template.flatMap((menu) =>
      (menu.submenu as MenuItemConstructorOptions[]).flatMap((entry) => (entry.accelerator ? [entry.accelerator] : [])),
    );
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });
});

describe('the application menu on macOS', () => {
  it('starts with the app menu holding About and Quit', () => {
    const { template, send } = build({ isMac: true });
    expect(template.map((menu) => menu.label ?? menu.role)).toEqual(['Threatstorm', 'File', 'Edit', 'View', 'windowMenu']);
    const appMenu = submenu(template, 'Threatstorm');
    click(item(appMenu, 'About Threatstorm'));
    expect(send).toHaveBeenCalledExactlyOnceWith('about');
    expect(roles(appMenu)).toContain('quit');
  });

  it('closes the window from File instead of quitting', () => {
    const file = submenu(build({ isMac: true }).template, 'File');
    expect(file.at(-1)?.role).toBe('close');
    expect(item(file, 'Save as…').accelerator).toBe('Shift+CmdOrCtrl+S');
  });
});
