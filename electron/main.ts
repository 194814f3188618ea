/**
 * The Electron main process: wires the tested pieces (security, protocol, IPC, menu) to the
 * real Electron and Node objects. Bundled to dist/electron/main.cjs beside preload.cjs; the
 * renderer build sits in dist/renderer.
 */
import * as fs from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, protocol, session } from 'electron';
import type { OpenDialogOptions, OpenDialogReturnValue, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import { MENU_EVENT_CHANNEL, OPEN_FILE_EVENT_CHANNEL, type MenuCommand } from '../shared/platform-api.ts';
import { createAppProtocolHandler, registerAppScheme } from './app-protocol.ts';
import { createIpcHandlers, registerIpcHandlers } from './ipc.ts';
import { buildMenuTemplate } from './menu.ts';
import { createLaunchFileQueue, launchFileQuestion, OPEN_BUTTON, sessionFileFromArgv } from './launch-files.ts';
import { APP_ORIGIN, APP_SCHEME, hardenSession, hardenWebContents, secureWebPreferences } from './security.ts';
import { createLiveHostService, DEFAULT_ROOM_PORT, listInterfaces } from './live/live-host.ts';
import { LIVE_EVENT_CHANNEL, registerLiveIpc } from './live/live-ipc.ts';
import { startRoomServer } from './live/room-server.ts';

/** THREATSTORM_HOST_PORT, when it is a port number; else the default. */
function portFromEnvironment(raw: string | undefined, fallback: number): number {
  const port = Number(raw);
  return raw && Number.isInteger(port) && port >= 1 && port <= 65535 ? port : fallback;
}

const RENDERER_ROOT = path.join(__dirname, '../renderer');
const PRELOAD_PATH = path.join(__dirname, 'preload.cjs');
const START_URL = `${APP_ORIGIN}/index.html`;
const isMac = process.platform === 'darwin';

let mainWindow: BrowserWindow | null = null;
let liveWindowGone: (() => void) | null = null;

const launchFiles = createLaunchFileQueue({
  fs,
  confirm: async (filePath, summary) => {
    const question = launchFileQuestion(filePath, summary);
    const answer = mainWindow ? await dialog.showMessageBox(mainWindow, question) : await dialog.showMessageBox(question);
    return answer.response === OPEN_BUTTON;
  },
  send: (file) => mainWindow?.webContents.send(OPEN_FILE_EVENT_CHANNEL, file),
  onError: (message) => void dialog.showMessageBox({ type: 'error', message: 'Threatstorm could not open the file.', detail: message }),
});

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    title: 'Threatstorm',
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    // Shown once the first paint is ready, so the user never sees a blank white frame.
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1f2023' : '#ffffff',
    webPreferences: secureWebPreferences(PRELOAD_PATH),
  });
  win.once('ready-to-show', () => win.show());
  // The page listens for opened files once it has loaded; files wait in the queue until then.
  win.webContents.on('did-start-loading', () => {
    launchFiles.reset();
    // A reload: the room keeps its participants; the page resumes the link when it is back.
    liveWindowGone?.();
  });
  win.webContents.on('did-finish-load', () => launchFiles.ready());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  win.loadURL(START_URL).catch((error: unknown) => console.error('Threatstorm could not load its interface:', error));
  mainWindow = win;
  return win;
}

function focusMainWindow(): void {
  if (mainWindow === null) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

function sendMenuCommand(command: MenuCommand): void {
  mainWindow?.webContents.send(MENU_EVENT_CHANNEL, command);
}

function documentsDirectory(): string | undefined {
  try {
    return app.getPath('documents');
  } catch {
    // Some Linux desktops define no documents folder; dialogs then open where the OS likes.
    return undefined;
  }
}

function showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogReturnValue> {
  return mainWindow ? dialog.showSaveDialog(mainWindow, options) : dialog.showSaveDialog(options);
}

function showOpenDialog(options: OpenDialogOptions): Promise<OpenDialogReturnValue> {
  return mainWindow ? dialog.showOpenDialog(mainWindow, options) : dialog.showOpenDialog(options);
}

async function printMainWindowToPdf(): Promise<Uint8Array> {
  if (mainWindow === null) throw new Error('There is no window to print.');
  // Backgrounds carry meaning here (risk colours, trust boundaries), so they are printed.
  return mainWindow.webContents.printToPDF({ printBackground: true });
}

function start(): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ root: RENDERER_ROOT, readFile: (file) => fs.readFile(file) }));
  hardenSession(session.defaultSession);

  const initialDirectory = documentsDirectory();
  registerIpcHandlers(
    ipcMain,
    createIpcHandlers({
      showSaveDialog,
      showOpenDialog,
      fs,
      printToPdf: printMainWindowToPdf,
      appInfo: () => ({ name: app.getName(), version: app.getVersion(), shell: 'electron', os: process.platform }),
      ...(initialDirectory === undefined ? {} : { initialDirectory }),
    }),
  );

  // Live hosting: the room server runs here, only while the facilitator hosts.
  const live = createLiveHostService({
    startRoomServer,
    rendererRoot: RENDERER_ROOT,
    roomPort: portFromEnvironment(process.env.THREATSTORM_HOST_PORT, DEFAULT_ROOM_PORT),
    interfaces: () => listInterfaces(),
  });
  registerLiveIpc(ipcMain, live, (message) => mainWindow?.webContents.send(LIVE_EVENT_CHANNEL, message));
  liveWindowGone = () => live.windowGone();
  app.on('before-quit', () => void live.stop());

  const template = buildMenuTemplate({ isMac, isDev: !app.isPackaged, appName: app.getName(), send: sendMenuCommand });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));

  createWindow();
}

app.enableSandbox();
registerAppScheme(protocol);

if (!app.requestSingleInstanceLock()) {
  // Another Threatstorm is running; it focuses its window on 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    focusMainWindow();
    const file = sessionFileFromArgv(argv);
    if (file) launchFiles.add(file);
  });
  const launchFile = sessionFileFromArgv(process.argv);
  if (launchFile) launchFiles.add(launchFile);
  // macOS hands files over by event, possibly before the app is ready.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    launchFiles.add(file);
  });

  // Every webContents, including ones we never create ourselves (devtools, a page's attempts
  // at popups), gets the same navigation rules.
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, { onBlocked: (kind, url) => console.warn(`Threatstorm blocked a ${kind} to ${url}`) });
  });

  app.on('window-all-closed', () => {
    if (!isMac) app.quit();
  });

  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) createWindow();
  });

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('Threatstorm failed to start:', error);
      app.exit(1);
    });
}
