/**
 * The typed contract between the renderer and the desktop shell. The preload script exposes
 * exactly this API (frozen) as `window.threatstorm`; the main process validates every argument
 * against the schemas below before acting. File paths never cross this boundary: main chooses
 * them with native dialogs and only file names and contents travel.
 */
import { z } from 'zod';
import './schema.ts'; // applies the zod configuration (jitless) before any schema here is used

export const IPC_CHANNELS = Object.freeze({
  saveFile: 'threatstorm:save-file',
  openFile: 'threatstorm:open-file',
  printToPdf: 'threatstorm:print-to-pdf',
  appInfo: 'threatstorm:app-info',
} as const);

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];

/** Main → renderer: menu commands (File > New session, …). The only event channel. */
export const MENU_EVENT_CHANNEL = 'threatstorm:menu';
export const menuCommands = ['new-session', 'open', 'import', 'save-as', 'about'] as const;
export type MenuCommand = (typeof menuCommands)[number];

/** Main → renderer: a file the operating system asked us to open (double-click, "Open with"). */
export const OPEN_FILE_EVENT_CHANNEL = 'threatstorm:open-file-event';

export interface OpenedFile {
  fileName: string;
  content: string;
}

export const fileKinds = ['session', 'csv', 'markdown', 'json', 'shell', 'svg'] as const;
export type FileKind = (typeof fileKinds)[number];

/** 50 MB of text: far above any real session, and the same limit as for opening files. */
export const MAX_FILE_CONTENT = 50 * 1024 * 1024;

const fileName = z
  .string()
  .min(1)
  .max(200)
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  .refine((name) => !/[\\/\u0000-\u001f]/.test(name) && name !== '.' && name !== '..', 'must be a plain file name');

export const saveFileRequestSchema = z.strictObject({
  suggestedName: fileName,
  content: z.string().max(MAX_FILE_CONTENT),
  kind: z.enum(fileKinds),
});
export type SaveFileRequest = z.infer<typeof saveFileRequestSchema>;

export const openFileRequestSchema = z.strictObject({ kind: z.enum(['session', 'import', 'deck']) });
export type OpenFileRequest = z.infer<typeof openFileRequestSchema>;

export const printToPdfRequestSchema = z.strictObject({ suggestedName: fileName });
export type PrintToPdfRequest = z.infer<typeof printToPdfRequestSchema>;

export type SaveFileResult =
  | { status: 'saved'; fileName: string }
  | { status: 'cancelled' }
  | { status: 'error'; message: string };

export type OpenFileResult =
  | { status: 'opened'; fileName: string; content: string }
  | { status: 'cancelled' }
  | { status: 'error'; message: string };

export interface AppInfo {
  name: string;
  version: string;
  shell: 'electron' | 'browser';
  os: string;
}

/** A network interface the facilitator can offer a live room on. */
export interface LiveInterface {
  name: string;
  address: string;
  family: 'IPv4' | 'IPv6';
}

export const liveStartRequestSchema = z.strictObject({
  /** One of `interfaces()`'s addresses: nothing listens anywhere else. */
  address: z.string().min(2).max(64),
  roomId: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  secret: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
});
export type LiveStartRequest = z.infer<typeof liveStartRequestSchema>;

export type LiveStartResult = { ok: true; joinLink: string; url: string } | { ok: false; message: string };

/**
 * Hosting a live room (issue #14): the room server runs in the desktop shell's main process, or
 * in `npm start`'s local server in the browser fallback; the page talks to it only through this.
 * Messages are the host link's (shared/live/messages.ts), validated on both sides.
 */
export interface LiveHostingApi {
  interfaces(): Promise<LiveInterface[]>;
  start(request: LiveStartRequest): Promise<LiveStartResult>;
  stop(): Promise<void>;
  send(message: unknown): void;
  /** Returns an unsubscribe function. */
  onMessage(listener: (message: unknown) => void): () => void;
}

export interface ThreatstormDesktopApi {
  saveFile(request: SaveFileRequest): Promise<SaveFileResult>;
  openFile(request: OpenFileRequest): Promise<OpenFileResult>;
  printToPdf(request: PrintToPdfRequest): Promise<SaveFileResult>;
  appInfo(): Promise<AppInfo>;
  /** Returns an unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** Files the operating system hands to the app; the renderer validates them like any file. */
  onOpenFile(listener: (file: OpenedFile) => void): () => void;
  /** Hosting a live room; absent where this build cannot host (a participant's browser). */
  live?: LiveHostingApi;
}

/** The global name the preload script exposes the API under. */
export const DESKTOP_API_GLOBAL = 'threatstorm';
