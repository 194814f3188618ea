/**
 * The desktop app's side of live hosting: four fixed channels between the window and the room
 * server this main process runs. As for every channel, only the app's own top-level page may
 * call them (isTrustedSender), and every argument is validated (the start request here, the host
 * link's messages by the room). Messages from the room go to the window on one event channel.
 */
import type { IpcMain, IpcMainEvent } from 'electron';
import { isTrustedSender, type IpcSender } from '../ipc.ts';
import type { LiveHostService } from './live-host.ts';
import type { ServerToHost } from '../../shared/live/messages.ts';
import { LIVE_CHANNEL_NAMES } from '../channels.ts';

/** The channels (names shared with the preload in channels.ts): `send` is window → room, fire and forget; `event` is room → window. */
export const LIVE_CHANNELS = LIVE_CHANNEL_NAMES;
export const LIVE_EVENT_CHANNEL = LIVE_CHANNEL_NAMES.event;

export function registerLiveIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'on'>,
  service: LiveHostService,
  toWindow: (message: ServerToHost) => void,
): void {
  const guard = (event: IpcSender) => {
    if (!isTrustedSender(event)) throw new Error('Untrusted sender');
  };
  ipcMain.handle(LIVE_CHANNELS.interfaces, (event, ...args: unknown[]) => {
    guard(event);
    if (args.length !== 0) throw new Error(`Invalid request on ${LIVE_CHANNELS.interfaces}: expected no arguments.`);
    return service.interfaces();
  });
  ipcMain.handle(LIVE_CHANNELS.start, (event, ...args: unknown[]) => {
    guard(event);
    if (args.length !== 1) throw new Error(`Invalid request on ${LIVE_CHANNELS.start}: expected exactly one argument.`);
    return service.start(args[0], toWindow);
  });
  ipcMain.handle(LIVE_CHANNELS.stop, (event, ...args: unknown[]) => {
    guard(event);
    if (args.length !== 0) throw new Error(`Invalid request on ${LIVE_CHANNELS.stop}: expected no arguments.`);
    return service.stop();
  });
  ipcMain.on(LIVE_CHANNELS.send, (event: IpcMainEvent, ...args: unknown[]) => {
    // A message from anywhere else is dropped, not answered: `send` has no reply.
    if (!isTrustedSender(event) || args.length !== 1) return;
    service.receive(args[0]);
  });
}
