import { DESKTOP_API_GLOBAL, type ThreatstormDesktopApi } from '../../shared/platform-api.ts';
import { browserPlatform } from './browser-platform.ts';
import { electronPlatform } from './electron-platform.ts';
import type { Platform } from './platform.ts';

function detect(): Platform {
  const api = (window as unknown as Record<string, ThreatstormDesktopApi | undefined>)[DESKTOP_API_GLOBAL];
  return api ? electronPlatform(api) : browserPlatform();
}

export const platform: Platform = detect();
