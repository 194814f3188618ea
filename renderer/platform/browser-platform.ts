/**
 * The plain-browser implementation: downloads for saving, a file input for opening and the
 * browser's print dialog for PDF. Used by the browser fallback of `npm start` and by the tests.
 */
import type { FileKind, OpenFileRequest, OpenFileResult, SaveFileResult } from '../../shared/platform-api.ts';
import type { Platform } from './platform.ts';
import { browserLiveHosting, canHostFromHere } from './browser-live.ts';

const MIME_BY_KIND: Record<FileKind, string> = {
  session: 'application/json',
  json: 'application/json',
  csv: 'text/csv',
  markdown: 'text/markdown',
  shell: 'text/x-shellscript',
  svg: 'image/svg+xml',
};

const ACCEPT_BY_REQUEST: Record<OpenFileRequest['kind'], string> = {
  session: '.json,application/json',
  import: '.json,application/json',
  deck: '.json,application/json',
};

/** Largest file the browser build reads; bigger files get a message instead of a frozen tab. */
export const MAX_OPEN_BYTES = 50 * 1024 * 1024;

function pickFile(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.hidden = true;
    const finish = (file: File | null) => {
      input.remove();
      resolve(file);
    };
    input.addEventListener('change', () => finish(input.files?.[0] ?? null), { once: true });
    input.addEventListener('cancel', () => finish(null), { once: true });
    document.body.append(input);
    input.click();
  });
}

export function browserPlatform(): Platform {
  return {
    async saveFile({ suggestedName, content, kind }): Promise<SaveFileResult> {
      const url = URL.createObjectURL(new Blob([content], { type: MIME_BY_KIND[kind] }));
      const link = document.createElement('a');
      link.href = url;
      link.download = suggestedName;
      link.hidden = true;
      document.body.append(link);
      link.click();
      link.remove();
      // Revoke later: revoking at once can cancel the download in some browsers.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      return { status: 'saved', fileName: suggestedName };
    },
    async openFile(request): Promise<OpenFileResult> {
      const file = await pickFile(ACCEPT_BY_REQUEST[request.kind]);
      if (!file) return { status: 'cancelled' };
      if (file.size > MAX_OPEN_BYTES) {
        return { status: 'error', message: `"${file.name}" is larger than 50 MB; Threatstorm does not open files that big.` };
      }
      try {
        const bytes = await file.arrayBuffer();
        const content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        return { status: 'opened', fileName: file.name, content };
      } catch {
        return { status: 'error', message: `"${file.name}" is not a UTF-8 text file.` };
      }
    },
    async printToPdf(): Promise<SaveFileResult> {
      window.print();
      return { status: 'saved', fileName: '' };
    },
    async appInfo() {
      return { name: 'Threatstorm', version: __APP_VERSION__, shell: 'browser', os: navigator.platform };
    },
    ...(canHostFromHere(window.location) ? { live: browserLiveHosting() } : {}),
    onMenuCommand: () => () => {},
    // A browser has no "open with": files come in through the file picker or a drop.
    onOpenFile: () => () => {},
  };
}
