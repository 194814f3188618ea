/**
 * `npm start`: launches the desktop app, or, where the Electron binary is missing, says so in
 * one line and serves the same renderer build in the browser on a fixed loopback address.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { findElectronBinary, portFromEnv } from './electron-binary.ts';
import { DEFAULT_PORT, startStaticServer } from './static-server.ts';
import { attachLiveControl, DEFAULT_ROOM_PORT } from './live-control.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rendererRoot = path.join(projectRoot, 'dist', 'renderer');

async function serveInBrowser(reason: string): Promise<void> {
  const port = portFromEnv(process.env, DEFAULT_PORT);
  try {
    const { url, close, server } = await startStaticServer({ root: rendererRoot, port });
    // Hosting a live workshop from this page: the room listens only once the facilitator starts it.
    const live = attachLiveControl(server, { rendererRoot, port: () => port, roomPort: portFromEnv(process.env, DEFAULT_ROOM_PORT, 'THREATSTORM_HOST_PORT') });
    console.log(`${reason} Serving Threatstorm in the browser instead: open ${url}`);
    console.log(`A live workshop hosted from it listens on port ${portFromEnv(process.env, DEFAULT_ROOM_PORT, 'THREATSTORM_HOST_PORT')} of the network you choose (THREATSTORM_HOST_PORT).`);
    console.log('Press Ctrl+C to stop.');
    const stop = () => void live.close().then(close).then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      console.error(`Port ${port} is already in use (is Threatstorm already running?). Set THREATSTORM_PORT to use another port; note that sessions are stored per address.`);
    } else {
      console.error(`Could not start the local server: ${(error as Error).message}`);
    }
    process.exit(1);
  }
}

async function main(): Promise<void> {
  if (!existsSync(path.join(rendererRoot, 'index.html'))) {
    console.error('The app is not built yet: run `npm run build` (or `npm start`, which builds first).');
    process.exit(1);
  }
  if (process.env.THREATSTORM_BROWSER === '1') {
    return serveInBrowser('THREATSTORM_BROWSER=1 is set.');
  }
  let electronDir: string | null = null;
  try {
    electronDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    electronDir = null;
  }
  const probe = { exists: existsSync, readText: (file: string) => readFileSync(file, 'utf8') };
  let binary = electronDir ? findElectronBinary(electronDir, probe, process.env) : null;
  if (!binary && electronDir && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    // Electron fetches its binary on first use, not at install time. Try once, quietly.
    console.log('Fetching the Electron binary (first start only)…');
    const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { stdio: 'ignore', timeout: 180_000 });
    if (result.status === 0) binary = findElectronBinary(electronDir, probe, process.env);
  }
  if (!binary) {
    return serveInBrowser('The Electron binary is not installed (its download failed or was skipped).');
  }
  const child = spawn(binary, [projectRoot], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
  child.on('error', (error) => {
    void serveInBrowser(`Electron could not start (${error.message}).`);
  });
}

void main();
