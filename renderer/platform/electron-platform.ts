import type { ThreatstormDesktopApi } from '../../shared/platform-api.ts';
import type { Platform } from './platform.ts';

/** The preload's frozen API is the Platform contract itself. */
export function electronPlatform(api: ThreatstormDesktopApi): Platform {
  return api;
}
