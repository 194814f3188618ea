/**
 * The app-level commands, shared by buttons and the Electron menu: new session, open a session
 * file, import a threat model, save the open session to a file. Reading and checking files runs
 * in the job worker; storing happens here, after its result, and never after a cancel.
 */
import type { MenuCommand } from '../shared/platform-api.ts';
import { createSessionDocument } from '../shared/session-factory.ts';
import type { SessionDocument } from '../shared/schema.ts';
import { navigate } from './navigation.ts';
import { notify } from './notices.ts';
import type { StorageStatus } from './persistence/storage.ts';
import { platform } from './platform/current-platform.ts';
import { sessionStore } from './store/session-store.ts';
import { asCopy, serializeSession, sessionFileName } from './session-files.ts';
import { describeStorageError } from './db/session-repository.ts';
import { ask } from './components/confirm.tsx';
import { recordEvent } from './workshop/audit-log.ts';
import { IMPORT_FORMAT_LABELS } from '../shared/import/report.ts';
import { useImportReport } from './import/ImportReportDialog.tsx';
import type { JobSource } from './jobs/job-types.ts';
import { runWithProgress } from './jobs/run-with-progress.ts';
import { roomFor } from './persistence/storage-space.ts';
import { markUnstored } from './persistence/unstored.ts';

/**
 * Stores a new or replacing document and opens it. `replace`: the person confirmed it.
 * `textBytes`: the size of the file it came from, for the room check before a large write.
 */
async function store(storage: StorageStatus, document: SessionDocument, replace = false, textBytes = 0): Promise<void> {
  if (storage.ok) {
    const noRoom = textBytes > 0 ? await roomFor(textBytes) : null;
    if (noRoom) {
      notify.error(`“${document.session.title}” is open but not stored: ${noRoom}`);
      markUnstored(document.session.id, { kind: 'no-room', message: 'Not stored on this computer: not enough room. Use “Save to file”.' });
    } else {
      try {
        await storage.repository.save(document, replace ? { overwrite: true } : {});
      } catch (error) {
        const message = describeStorageError(error);
        notify.error(`The session could not be stored: ${message}`);
        markUnstored(document.session.id, { kind: 'retry', message });
      }
    }
  }
  sessionStore.getState().open(document);
  navigate({ name: 'session', id: document.session.id });
}

/** How big the file behind a job is (UTF-16 length of text is close enough for a room check). */
function sourceBytes(source: JobSource): number {
  return 'text' in source ? source.text.length : source.blob.size;
}

export const appCommands = {
  async newSession(storage: StorageStatus): Promise<void> {
    await store(storage, createSessionDocument('Untitled session'));
  },

  async openFile(storage: StorageStatus): Promise<void> {
    const result = await platform.openFile({ kind: 'session' });
    if (result.status === 'cancelled') return;
    if (result.status === 'error') return notify.error(result.message);
    await this.openSessionText(storage, result.fileName, result.content);
  },

  /** Opens session file text (a menu command, or a file the operating system handed us). */
  openSessionText(storage: StorageStatus, fileName: string, content: string): Promise<void> {
    return this.openSession(storage, fileName, { text: content });
  },

  /**
   * Opens a session file: read and validated in the job worker (with a progress dialog when it
   * takes a while) before anything is stored; a cancel stores nothing.
   */
  async openSession(storage: StorageStatus, fileName: string, source: JobSource): Promise<void> {
    const outcome = await runWithProgress({ action: 'Opening', subject: fileName }, { kind: 'open-session', fileName, source });
    if (outcome.status === 'cancelled') return notify.info(`Opening "${fileName}" cancelled — nothing was changed.`);
    if (outcome.status === 'failed') return notify.error(`"${fileName}" could not be opened: ${outcome.message}`);
    const parsed = outcome.value;
    if (!parsed.ok && parsed.repair) {
      const { document, changes } = parsed.repair;
      const choice = await ask({
        title: 'Repair this session file?',
        message: `${parsed.message} ${parsed.details[0] ?? ''} Threatstorm can repair it with ${changes.length === 1 ? 'this change' : `these ${changes.length} changes`}; the file itself is not changed.`,
        details: changes,
        actions: [{ label: 'Repair and open', value: 'repair', tone: 'primary' }],
      });
      if (choice !== 'repair') return notify.info(`"${fileName}" was not opened — nothing was changed.`);
      await this.openDocument(storage, fileName, document, sourceBytes(source));
      void recordEvent('Repair on open', `${fileName}: ${changes.length} change(s)`);
      return;
    }
    if (!parsed.ok) return notify.error(parsed.message, parsed.details);
    await this.openDocument(storage, fileName, parsed.document, sourceBytes(source));
  },

  /**
   * Stores and opens a validated session document. A session with the same id is replaced only
   * when the person confirms; otherwise the file comes in as a copy.
   */
  async openDocument(storage: StorageStatus, fileName: string, opened: SessionDocument, textBytes = 0): Promise<void> {
    const taken = storage.ok && (await storage.repository.exists(opened.session.id));
    let document = opened;
    if (taken) {
      const choice = await ask({
        title: 'This session is already here',
        message: `"${fileName}" is a version of a session you already have on this computer. Replace the stored one with the file, or keep both?`,
        actions: [
          { label: 'Keep both', value: 'copy', tone: 'primary' },
          { label: 'Replace', value: 'replace', tone: 'danger' },
        ],
      });
      if (choice === null) return;
      if (choice === 'copy') document = asCopy(opened);
      else if (sessionStore.getState().document?.session.id === document.session.id) sessionStore.getState().close();
    }
    await store(storage, document, taken && document === opened, textBytes);
    notify.info(taken && document !== opened ? `Opened "${fileName}" as a copy.` : `Opened "${fileName}".`);
  },

  /**
   * Imports a threat model from another tool (or a session file): read, validated and mapped in
   * the job worker before anything is stored; the report says what came in and what did not.
   */
  async importFile(storage: StorageStatus): Promise<void> {
    const result = await platform.openFile({ kind: 'import' });
    if (result.status === 'cancelled') return;
    if (result.status === 'error') return notify.error(result.message);
    await this.importSource(storage, result.fileName, { text: result.content });
  },

  async importSource(storage: StorageStatus, fileName: string, source: JobSource): Promise<void> {
    const outcome = await runWithProgress({ action: 'Importing', subject: fileName }, { kind: 'import', fileName, source });
    if (outcome.status === 'cancelled') return notify.info('Import cancelled — nothing was changed.');
    if (outcome.status === 'failed') return notify.error(`"${fileName}" could not be imported: ${outcome.message}`);
    const imported = outcome.value;
    if (!imported.ok) return notify.error(`"${fileName}" could not be imported: ${imported.message}`, imported.details);
    // A session file: already validated the same way opening one does.
    if (imported.format === 'threatstorm') return this.openDocument(storage, fileName, imported.document, sourceBytes(source));
    await store(storage, imported.document, false, sourceBytes(source));
    useImportReport.setState({ shown: { fileName, format: imported.format, report: imported.report } });
    void recordEvent(`Import ${IMPORT_FORMAT_LABELS[imported.format]}`, fileName);
  },

  async saveToFile(): Promise<void> {
    const document = sessionStore.getState().document;
    if (!document) return notify.info('Open a session first, then save it to a file.');
    const result = await platform.saveFile({
      suggestedName: sessionFileName(document.session.title),
      content: serializeSession(document),
      kind: 'session',
    });
    if (result.status === 'saved') {
      notify.info(`Saved to "${result.fileName}".`);
      void recordEvent('Save to file', result.fileName);
    }
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
      case 'import':
        return this.importFile(storage);
    }
  },
};
