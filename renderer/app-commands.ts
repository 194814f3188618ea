/**
 * The app-level commands, shared by buttons and the Electron menu: new session, open a session
 * file, save the open session to a file.
 */
import type { MenuCommand } from '../shared/platform-api.ts';
import { createSessionDocument } from '../shared/session-factory.ts';
import type { SessionDocument } from '../shared/schema.ts';
import { navigate } from './navigation.ts';
import { notify } from './notices.ts';
import type { StorageStatus } from './persistence/storage.ts';
import { platform } from './platform/current-platform.ts';
import { sessionStore } from './store/session-store.ts';
import { asCopy, parseSessionFile, serializeSession, sessionFileName } from './session-files.ts';
import { describeStorageError } from './db/session-repository.ts';

async function store(storage: StorageStatus, document: SessionDocument): Promise<void> {
  if (storage.ok) {
    try {
      await storage.repository.save(document);
    } catch (error) {
      notify.error(`The session could not be stored: ${describeStorageError(error)}`);
    }
  }
  sessionStore.getState().open(document);
  navigate({ name: 'session', id: document.session.id });
}

export const appCommands = {
  async newSession(storage: StorageStatus): Promise<void> {
    await store(storage, createSessionDocument('Untitled session'));
  },

  async openFile(storage: StorageStatus): Promise<void> {
    const result = await platform.openFile({ kind: 'session' });
    if (result.status === 'cancelled') return;
    if (result.status === 'error') return notify.error(result.message);
    const parsed = parseSessionFile(result.fileName, result.content);
    if (!parsed.ok) return notify.error(parsed.message, parsed.details);
    const taken = storage.ok && (await storage.repository.exists(parsed.document.session.id));
    const document = taken ? asCopy(parsed.document) : parsed.document;
    await store(storage, document);
    notify.info(taken ? `Opened "${result.fileName}" as a copy: a session with the same id already exists.` : `Opened "${result.fileName}".`);
  },

  async saveToFile(): Promise<void> {
    const document = sessionStore.getState().document;
    if (!document) return notify.info('Open a session first, then save it to a file.');
    const result = await platform.saveFile({
      suggestedName: sessionFileName(document.session.title),
      content: serializeSession(document),
      kind: 'session',
    });
    if (result.status === 'saved') notify.info(`Saved to "${result.fileName}".`);
    else if (result.status === 'error') notify.error(`Could not save the file: ${result.message}`);
  },

  run(command: Exclude<MenuCommand, 'about'>, storage: StorageStatus): Promise<void> {
    switch (command) {
      case 'new-session':
        return this.newSession(storage);
      case 'open':
        return this.openFile(storage);
      case 'save-as':
        return this.saveToFile();
    }
  },
};
