import type { ThreatstormDesktopApi } from '../../shared/platform-api.ts';
import type { Platform } from './platform.ts';

/** The preload's frozen API already has the Platform shape; this only narrows the type. */
export function electronPlatform(api: ThreatstormDesktopApi): Platform {
  return {
    saveFile: (request) => api.saveFile(request),
    openFile: (request) => api.openFile(request),
    printToPdf: (request) => api.printToPdf(request),
    appInfo: () => api.appInfo(),
    onMenuCommand: (listener) => api.onMenuCommand(listener),
    onOpenFile: (listener) => api.onOpenFile(listener),
  };
}
