/**
 * Runs in the sandboxed preload context and hands the page one frozen API object. Bundled to
 * CommonJS (sandboxed preloads cannot be ES modules) with `electron` left external.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { DESKTOP_API_GLOBAL } from './channels.ts';
import { createDesktopApi } from './desktop-api.ts';

contextBridge.exposeInMainWorld(DESKTOP_API_GLOBAL, createDesktopApi(ipcRenderer));
