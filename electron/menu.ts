/**
 * The application menu. Document commands are not performed here: they are sent to the page,
 * which owns the document and decides what New, Open and Save mean in its current state.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../shared/platform-api.ts';

export interface MenuOptions {
  isMac: boolean;
  /** Development builds get reload and the developer tools; packaged builds do not. */
  isDev: boolean;
  appName: string;
  send: (command: MenuCommand) => void;
}

export function buildMenuTemplate({ isMac, isDev, appName, send }: MenuOptions): MenuItemConstructorOptions[] {
  const about: MenuItemConstructorOptions = { label: `About ${appName}`, click: () => send('about') };
  const separator = (): MenuItemConstructorOptions => ({ type: 'separator' });

  const appMenu: MenuItemConstructorOptions[] = isMac
    ? [
        {
          label: appName,
          submenu: [
            about,
            separator(),
            { role: 'services' },
            separator(),
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            separator(),
            { role: 'quit' },
          ],
        },
      ]
    : [];

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'New session', accelerator: 'CmdOrCtrl+N', click: () => send('new-session') },
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => send('open') },
      { label: 'Import threat model…', accelerator: 'CmdOrCtrl+I', click: () => send('import') },
      { label: 'Save as…', accelerator: 'Shift+CmdOrCtrl+S', click: () => send('save-as') },
      separator(),
      // macOS keeps Quit in the app menu; its File menu closes the window instead.
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };

  // Standard roles, so text fields behave natively. The page keeps its own document undo
  // history and handles Ctrl/Cmd+Z itself: Electron offers a key to the page before the menu,
  // and the menu's undo only acts on what the page leaves unhandled.
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator(),
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator(),
      { role: 'togglefullscreen' },
      ...(isDev ? [separator(), { role: 'reload' } as const, { role: 'toggleDevTools' } as const] : []),
    ],
  };

  const windowMenu: MenuItemConstructorOptions[] = isMac ? [{ role: 'windowMenu' }] : [];
  const help: MenuItemConstructorOptions[] = isMac ? [] : [{ label: 'Help', submenu: [about] }];

  return [...appMenu, file, edit, view, ...windowMenu, ...help];
}
