/**
 * The main-process side of the platform API: a fixed list of channels, each answering only our
 * own top-level page, each validating its argument as hostile input. The renderer proposes a
 * file name and content; main alone decides where files go, through native dialogs, and only
 * file names travel back.
 */
import path from 'node:path';
import type { IpcMain, OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { z } from 'zod';
import {
  IPC_CHANNELS,
  openFileRequestSchema,
  printToPdfRequestSchema,
  saveFileRequestSchema,
  type AppInfo,
  type IpcChannel,
  type OpenFileResult,
  type SaveFileResult,
} from '../shared/platform-api.ts';
import { openDialogOptions, saveDialogOptions, withExtension, type SaveKind } from './file-dialogs.ts';
import { readTextFile, writeFileAtomically, type FileSystem } from './file-io.ts';
import { isAppUrl } from './security.ts';

export const IPC_CHANNEL_LIST: readonly IpcChannel[] = Object.freeze(Object.values(IPC_CHANNELS));

/** The part of an IpcMainInvokeEvent the check reads; real events satisfy it structurally. */
export interface IpcSender {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null | undefined;
}

/**
 * Only the app's own top-level document may call main: not a subframe (even a same-origin
 * one), not a page that somehow navigated elsewhere, not a frame that is already gone.
 */
export function isTrustedSender(event: IpcSender): boolean {
  try {
    const frame = event.senderFrame;
    return frame !== null && frame !== undefined && frame.parent === null && isAppUrl(frame.url);
  } catch {
    // WebFrameMain throws when read after its frame was disposed.
    return false;
  }
}

export interface IpcDependencies {
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string | undefined }>;
  showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  fs: FileSystem;
  /** Renders the app window to PDF bytes. */
  printToPdf(): Promise<Uint8Array>;
  appInfo(): AppInfo | Promise<AppInfo>;
  /** Where the first dialog opens; later dialogs reopen the folder last used. */
  initialDirectory?: string;
}

export type IpcHandler = (...args: unknown[]) => Promise<unknown>;
export type IpcHandlers = Readonly<Record<IpcChannel, IpcHandler>>;

function parseRequest<T>(schema: z.ZodType<T>, channel: IpcChannel, args: unknown[]): T {
  if (args.length !== 1) {
    throw new Error(`Invalid request on ${channel}: expected exactly one argument, got ${args.length}.`);
  }
  const result = schema.safeParse(args[0]);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`);
    throw new Error(`Invalid request on ${channel}: ${problems.join('; ')}`);
  }
  return result.data;
}

export function createIpcHandlers(deps: IpcDependencies): IpcHandlers {
  let lastDirectory = deps.initialDirectory;
  const inLastDirectory = (name: string): string => (lastDirectory === undefined ? name : path.join(lastDirectory, name));

  async function exists(target: string): Promise<boolean> {
    try {
      await deps.fs.stat(target);
      return true;
    } catch {
      return false;
    }
  }

  async function saveThroughDialog(
    kind: SaveKind,
    suggestedName: string,
    produce: () => Promise<string | Uint8Array>,
  ): Promise<SaveFileResult> {
    const choice = await deps.showSaveDialog(saveDialogOptions(kind, inLastDirectory(withExtension(suggestedName, kind))));
    if (choice.canceled || !choice.filePath) return { status: 'cancelled' };
    lastDirectory = path.dirname(choice.filePath);

    const target = withExtension(choice.filePath, kind);
    const fileName = path.basename(target);
    // The dialog confirmed overwriting the name the user typed, not the one we extended it to.
    if (target !== choice.filePath && (await exists(target))) {
      return { status: 'error', message: `A file named “${fileName}” already exists there. Save again and choose it to replace it.` };
    }

    let data: string | Uint8Array;
    try {
      data = await produce();
    } catch {
      return { status: 'error', message: kind === 'pdf' ? 'The PDF could not be created.' : 'The file could not be prepared.' };
    }
    const written = await writeFileAtomically(deps.fs, target, data);
    return written.ok ? { status: 'saved', fileName } : { status: 'error', message: written.message };
  }

  return Object.freeze({
    [IPC_CHANNELS.saveFile]: async (...args: unknown[]): Promise<SaveFileResult> => {
      const request = parseRequest(saveFileRequestSchema, IPC_CHANNELS.saveFile, args);
      return saveThroughDialog(request.kind, request.suggestedName, async () => request.content);
    },

    [IPC_CHANNELS.openFile]: async (...args: unknown[]): Promise<OpenFileResult> => {
      const request = parseRequest(openFileRequestSchema, IPC_CHANNELS.openFile, args);
      const choice = await deps.showOpenDialog(openDialogOptions(request.kind, lastDirectory));
      const source = choice.filePaths[0];
      if (choice.canceled || source === undefined) return { status: 'cancelled' };
      lastDirectory = path.dirname(source);
      const read = await readTextFile(deps.fs, source);
      return read.ok
        ? { status: 'opened', fileName: path.basename(source), content: read.value }
        : { status: 'error', message: read.message };
    },

    [IPC_CHANNELS.printToPdf]: async (...args: unknown[]): Promise<SaveFileResult> => {
      const request = parseRequest(printToPdfRequestSchema, IPC_CHANNELS.printToPdf, args);
      return saveThroughDialog('pdf', request.suggestedName, () => deps.printToPdf());
    },

    [IPC_CHANNELS.appInfo]: async (...args: unknown[]): Promise<AppInfo> => {
      if (args.length !== 0) throw new Error(`Invalid request on ${IPC_CHANNELS.appInfo}: expected no arguments.`);
      return deps.appInfo();
    },
  });
}

export function registerIpcHandlers(ipcMain: Pick<IpcMain, 'handle'>, handlers: IpcHandlers): void {
  for (const channel of IPC_CHANNEL_LIST) {
    const handler = handlers[channel];
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      if (!isTrustedSender(event)) throw new Error('Untrusted sender');
      return handler(...args);
    });
  }
}
