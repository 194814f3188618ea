/**
 * The object the preload exposes to the page. Each method forwards to one fixed channel with
 * exactly one argument, so the page cannot name a channel or smuggle extra arguments; main
 * validates the argument itself. No Electron object (least of all the IpcRendererEvent, whose
 * `sender` is the raw ipcRenderer) ever reaches the page.
 */
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type {
  AppInfo,
  MenuCommand,
  OpenFileRequest,
  OpenFileResult,
  PrintToPdfRequest,
  SaveFileRequest,
  SaveFileResult,
  ThreatstormDesktopApi,
} from '../shared/platform-api.ts';
import { IPC_CHANNELS, LIVE_CHANNEL_NAMES, MENU_EVENT_CHANNEL, OPEN_FILE_EVENT_CHANNEL, isMenuCommand } from './channels.ts';
import type { OpenedFile } from '../shared/platform-api.ts';

function isOpenedFile(value: unknown): value is OpenedFile {
  if (typeof value !== 'object' || value === null) return false;
  const { fileName, content } = value as Record<string, unknown>;
  return typeof fileName === 'string' && fileName.length <= 255 && typeof content === 'string';
}

export type DesktopIpcRenderer = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'> & Partial<Pick<IpcRenderer, 'send'>>;

export function createDesktopApi(ipcRenderer: DesktopIpcRenderer): Readonly<ThreatstormDesktopApi> {
  const api: ThreatstormDesktopApi = {
    saveFile: (request: SaveFileRequest): Promise<SaveFileResult> => ipcRenderer.invoke(IPC_CHANNELS.saveFile, request),
    openFile: (request: OpenFileRequest): Promise<OpenFileResult> => ipcRenderer.invoke(IPC_CHANNELS.openFile, request),
    printToPdf: (request: PrintToPdfRequest): Promise<SaveFileResult> => ipcRenderer.invoke(IPC_CHANNELS.printToPdf, request),
    appInfo: (): Promise<AppInfo> => ipcRenderer.invoke(IPC_CHANNELS.appInfo),
    onMenuCommand: (listener: (command: MenuCommand) => void): (() => void) => {
      if (typeof listener !== 'function') throw new TypeError('onMenuCommand needs a listener function');
      const forward = (_event: IpcRendererEvent, command: unknown): void => {
        if (isMenuCommand(command)) listener(command);
      };
      ipcRenderer.on(MENU_EVENT_CHANNEL, forward);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipcRenderer.removeListener(MENU_EVENT_CHANNEL, forward);
      };
    },
    onOpenFile: (listener: (file: OpenedFile) => void): (() => void) => {
      if (typeof listener !== 'function') throw new TypeError('onOpenFile needs a listener function');
      const forward = (_event: IpcRendererEvent, file: unknown): void => {
        if (isOpenedFile(file)) listener({ fileName: file.fileName, content: file.content });
      };
      ipcRenderer.on(OPEN_FILE_EVENT_CHANNEL, forward);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipcRenderer.removeListener(OPEN_FILE_EVENT_CHANNEL, forward);
      };
    },
  };
  const send = ipcRenderer.send?.bind(ipcRenderer);
  if (send) {
    // Hosting a live room: the room server runs in main; the page starts it and streams the link.
    api.live = Object.freeze({
      interfaces: () => ipcRenderer.invoke(LIVE_CHANNEL_NAMES.interfaces),
      start: (request: unknown) => ipcRenderer.invoke(LIVE_CHANNEL_NAMES.start, request),
      stop: () => ipcRenderer.invoke(LIVE_CHANNEL_NAMES.stop),
      send: (message: unknown) => send(LIVE_CHANNEL_NAMES.send, message),
      onMessage: (listener: (message: unknown) => void) => {
        if (typeof listener !== 'function') throw new TypeError('onMessage needs a listener function');
        const forward = (_event: IpcRendererEvent, message: unknown): void => listener(message);
        ipcRenderer.on(LIVE_CHANNEL_NAMES.event, forward);
        return () => void ipcRenderer.removeListener(LIVE_CHANNEL_NAMES.event, forward);
      },
    }) as ThreatstormDesktopApi['live'];
  }
  return Object.freeze(api);
}
