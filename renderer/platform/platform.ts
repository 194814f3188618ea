/**
 * The renderer's only door to the outside world. Two implementations: the Electron preload API
 * and the plain browser. Nothing else in the renderer knows which one it has.
 */
import type {
  AppInfo,
  MenuCommand,
  OpenedFile,
  OpenFileRequest,
  OpenFileResult,
  PrintToPdfRequest,
  SaveFileRequest,
  SaveFileResult,
} from '../../shared/platform-api.ts';

export interface Platform {
  saveFile(request: SaveFileRequest): Promise<SaveFileResult>;
  openFile(request: OpenFileRequest): Promise<OpenFileResult>;
  printToPdf(request: PrintToPdfRequest): Promise<SaveFileResult>;
  appInfo(): Promise<AppInfo>;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  onOpenFile(listener: (file: OpenedFile) => void): () => void;
}
