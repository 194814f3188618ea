/**
 * Finds the Electron executable the way the `electron` package does, but without its side
 * effect: requiring `electron` from Node tries to download a missing binary, which hangs or
 * fails on machines without access to Electron's download host.
 */
import path from 'node:path';

export interface FileProbe {
  exists(file: string): boolean;
  readText(file: string): string;
}

export function findElectronBinary(electronPackageDir: string, probe: FileProbe, env: NodeJS.ProcessEnv): string | null {
  const pathFile = path.join(electronPackageDir, 'path.txt');
  const relative = probe.exists(pathFile) ? probe.readText(pathFile).trim() : '';
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || path.join(electronPackageDir, 'dist');
  if (!relative && !env.ELECTRON_OVERRIDE_DIST_PATH) return null;
  const executable = path.join(distDir, relative || 'electron');
  return probe.exists(executable) ? executable : null;
}

/** THREATSTORM_PORT, validated: a bad value is an error, not a silent fallback to another origin. */
export function portFromEnv(env: NodeJS.ProcessEnv, fallback: number, variable = 'THREATSTORM_PORT'): number {
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${variable} must be a port number from 1 to 65535, not "${raw}".`);
  }
  return port;
}
