/**
 * The IPC names the preload needs, restated here because `shared/platform-api.ts` also builds
 * zod schemas at load time: importing its values would bundle zod (and the session schema)
 * into a preload that only needs four strings. The annotations import the shared constants'
 * literal types, so any drift from the contract is a compile error, not a silent mismatch.
 */
import type {
  DESKTOP_API_GLOBAL as SharedGlobal,
  IPC_CHANNELS as SharedChannels,
  MENU_EVENT_CHANNEL as SharedMenuChannel,
  OPEN_FILE_EVENT_CHANNEL as SharedOpenFileChannel,
  MenuCommand,
  menuCommands as SharedMenuCommands,
} from '../shared/platform-api.ts';

export const IPC_CHANNELS: typeof SharedChannels = Object.freeze({
  saveFile: 'threatstorm:save-file',
  openFile: 'threatstorm:open-file',
  printToPdf: 'threatstorm:print-to-pdf',
  appInfo: 'threatstorm:app-info',
} as const);

export const MENU_EVENT_CHANNEL: typeof SharedMenuChannel = 'threatstorm:menu';

export const OPEN_FILE_EVENT_CHANNEL: typeof SharedOpenFileChannel = 'threatstorm:open-file-event';

export const MENU_COMMANDS: typeof SharedMenuCommands = Object.freeze(['new-session', 'open', 'import', 'save-as', 'about'] as const);

export const DESKTOP_API_GLOBAL: typeof SharedGlobal = 'threatstorm';

export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}

/** Live hosting (electron/live/live-ipc.ts holds the same names for main; a test keeps them equal). */
export const LIVE_CHANNEL_NAMES = Object.freeze({
  interfaces: 'threatstorm:live-interfaces',
  start: 'threatstorm:live-start',
  stop: 'threatstorm:live-stop',
  send: 'threatstorm:live-send',
  event: 'threatstorm:live-message',
} as const);
