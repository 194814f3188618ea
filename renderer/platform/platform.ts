/**
 * The renderer's only door to the outside world: the same contract the Electron preload
 * implements (native dialogs), with a plain-browser implementation beside it (downloads, a file
 * input, the print dialog). Nothing else in the renderer knows which one it has.
 */
import type { ThreatstormDesktopApi } from '../../shared/platform-api.ts';

export type Platform = ThreatstormDesktopApi;
