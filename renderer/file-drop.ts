/**
 * Dropping a `.threatstorm.json` file anywhere on the window opens it (validated first). Other
 * drops are refused so the browser never navigates away to show a dropped file.
 */
import { useEffect } from 'react';
import { SESSION_FILE_EXTENSION } from '../shared/schema.ts';
import { MAX_OPEN_BYTES } from './platform/browser-platform.ts';
import { appCommands } from './app-commands.ts';
import { notify } from './notices.ts';
import type { StorageStatus } from './persistence/storage.ts';

export function useFileDrop(storage: StorageStatus | null): void {
  useEffect(() => {
    if (!storage) return;
    const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const onDragOver = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      const file = event.dataTransfer?.files[0];
      if (!file) return;
      if (!file.name.endsWith('.json')) {
        notify.error(`"${file.name}" is not a Threatstorm session: drop a ${SESSION_FILE_EXTENSION} file.`);
        return;
      }
      if (file.size > MAX_OPEN_BYTES) {
        notify.error(`"${file.name}" is larger than 50 MB; Threatstorm does not open files that big.`);
        return;
      }
      // Read in the job worker, with a progress dialog for a big file.
      void appCommands.openSession(storage, file.name, { blob: file });
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [storage]);
}
