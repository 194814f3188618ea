// @vitest-environment node
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Configuration } from 'electron-builder';
// electron-builder's own loader and schema validator, so the test reads the file exactly as the
// packager will and fails on any option the installed electron-builder does not know.
// Both are dependencies of electron-builder itself, pinned by the lockfile.
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';

const projectDir = path.resolve(import.meta.dirname, '../..');
let config: Configuration;

beforeAll(async () => {
  config = await getConfig(projectDir, path.join(projectDir, 'electron-builder.yml'), null);
});

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is checked by a validator that does reject mistakes', async () => {
    const misspelt = { ...config, electronFuses: { runAsNod: false } } as unknown as Configuration;
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });

  it('identifies the app', () => {
    expect(config.appId).toBe('app.threatstorm.desktop');
    expect(config.productName).toBe('Threatstorm');
    expect(config.directories?.output).toBe('release');
  });

  it('sets every security fuse', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('ships only the bundles, inside an asar, starting at the bundled main', async () => {
    expect(config.asar).toBe(true);
    const patterns = JSON.stringify(config.files);
    expect(patterns).toContain('dist/electron/**/*');
    expect(patterns).toContain('dist/renderer/**/*');
    expect(patterns).toContain('!node_modules/**/*');
    const packageJson = JSON.parse(await readFile(path.join(projectDir, 'package.json'), 'utf8')) as { main: string };
    expect(config.extraMetadata?.['main']).toBe('dist/electron/main.cjs');
    expect(packageJson.main).toBe('dist/electron/main.cjs');
  });

  it('associates session files with the app', () => {
    expect(config.fileAssociations).toEqual([
      expect.objectContaining({
        ext: 'threatstorm.json',
        name: 'Threatstorm session',
        role: 'Editor',
        mimeType: 'application/vnd.threatstorm+json',
      }),
    ]);
  });

  it('builds the installers for each platform', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.mac?.category).toBe('public.app-category.developer-tools');
  });

  it('publishes nowhere', () => {
    expect(config.publish).toBeNull();
  });
});
