/**
 * Bundles the Electron main process and preload into dist/electron as CommonJS: sandboxed
 * preloads cannot be ES modules, and one self-contained file each means the packaged app needs
 * no node_modules. `electron` stays external: the runtime provides it.
 */
import { build } from 'esbuild';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'electron');

/** The preload only forwards four channels; if it grows past this, something heavy (zod) leaked in. */
const PRELOAD_BUDGET_BYTES = 16 * 1024;

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  // ws loads these optional native speed-ups only when present; the app does without them.
  external: ['electron', 'bufferutil', 'utf-8-validate'],
  minify: false,
  sourcemap: false,
  logLevel: 'warning',
  absWorkingDir: root,
};

try {
  await Promise.all([
    build({ ...common, entryPoints: ['electron/main.ts'], outfile: path.join(outdir, 'main.cjs') }),
    build({ ...common, entryPoints: ['electron/preload.ts'], outfile: path.join(outdir, 'preload.cjs') }),
  ]);
  const preloadSize = (await stat(path.join(outdir, 'preload.cjs'))).size;
  if (preloadSize > PRELOAD_BUDGET_BYTES) {
    throw new Error(`preload.cjs is ${preloadSize} bytes, over its ${PRELOAD_BUDGET_BYTES}-byte budget`);
  }
  console.log(`Built ${path.relative(root, outdir)}/main.cjs and preload.cjs (${preloadSize} bytes)`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
