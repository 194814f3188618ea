// @vitest-environment node
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Protocol } from 'electron';
import { CONTENT_SECURITY_POLICY_HEADER } from '../../shared/csp.ts';
import { createAppProtocolHandler, registerAppScheme } from '../../electron/app-protocol.ts';
import { startStaticServer } from '../../tools/static-server.ts';

const SECRET = 'the secret outside the app root';

let workDir: string;
let root: string;
const requestedPaths: string[] = [];
let handle: (request: Request) => Promise<Response>;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'threatstorm-protocol-'));
  root = path.join(workDir, 'dist', 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Threatstorm</title>');
  await writeFile(path.join(root, 'assets', 'index-abc.js'), 'console.log("app")');
  await writeFile(path.join(root, '.env'), 'HIDDEN=1');
  await writeFile(path.join(workDir, 'secret.txt'), SECRET);
  await writeFile(path.join(workDir, 'dist', 'secret.txt'), SECRET);
  handle = createAppProtocolHandler({
    root,
    readFile: (file) => {
      requestedPaths.push(file);
      return readFile(file);
    },
  });
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('the app:// protocol handler', () => {
  it('serves index.html for the root with the CSP and security headers', async () => {
    const response = await handle(new Request('app://threatstorm/'));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Threatstorm</title>');
    expect(response.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY_HEADER);
    expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it('serves assets with their MIME type', async () => {
    const response = await handle(new Request('app://threatstorm/assets/index-abc.js'));
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log("app")');
  });

  it('answers HEAD without a body', async () => {
    const response = await handle(new Request('app://threatstorm/index.html', { method: 'HEAD' }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it.each(['POST', 'PUT', 'DELETE', 'OPTIONS'])('refuses %s', async (method) => {
    const response = await handle(new Request('app://threatstorm/index.html', { method }));
    expect(response.status).toBe(405);
  });

  it.each(['app://evil/index.html', 'app://threatstorm.evil.example/index.html', 'app://threatstorm:8080/index.html', 'https://threatstorm/index.html'])(
    'refuses another host or scheme: %s',
    async (url) => {
      const response = await handle(new Request(url));
      expect(response.status).toBe(403);
    },
  );

  it.each([
    'app://threatstorm/..%2f..%2fsecret.txt',
    'app://threatstorm/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://threatstorm/assets/..%2f..%2f..%2fsecret.txt',
    'app://threatstorm/..%5c..%5csecret.txt',
    'app://threatstorm/assets%5c..%5c..%5csecret.txt',
    'app://threatstorm/..\\..\\secret.txt',
    'app://threatstorm/index.html%00.js',
    'app://threatstorm/C:/Windows/win.ini',
    'app://threatstorm/.env',
    'app://threatstorm/%E0%A4%A',
  ])('refuses the traversal or trick %s', async (url) => {
    const response = await handle(new Request(url));
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain(SECRET);
  });

  it.each(['app://threatstorm/../../secret.txt', 'app://threatstorm/%2e%2e/%2e%2e/secret.txt', 'app://threatstorm/assets/../../secret.txt'])(
    'resolves dot segments inside the root, never above it: %s',
    async (url) => {
      // The URL parser folds these to /secret.txt, which is looked up inside the root.
      const response = await handle(new Request(url));
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain(SECRET);
    },
  );

  it('answers 404 for missing files and for directories', async () => {
    expect((await handle(new Request('app://threatstorm/missing.js'))).status).toBe(404);
    expect((await handle(new Request('app://threatstorm/assets'))).status).toBe(404);
  });

  it('only ever reads inside the root', () => {
    expect(requestedPaths.length).toBeGreaterThan(0);
    for (const file of requestedPaths) {
      expect(file.startsWith(root + path.sep), file).toBe(true);
    }
  });

  it('answers 500, without details, when reading fails for another reason', async () => {
    const failing = createAppProtocolHandler({
      root,
      readFile: () => Promise.reject(Object.assign(new Error(`EACCES: permission denied, open '${root}/index.html'`), { code: 'EACCES' })),
    });
    const response = await failing(new Request('app://threatstorm/index.html'));
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain(root);
    expect(response.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY_HEADER);
  });
});

describe('the same headers in Electron and the browser fallback', () => {
  it('app:// sends exactly the security headers the local server sends, Permissions-Policy included', async () => {
    const server = await startStaticServer({ root, port: 0 });
    try {
      const local = await fetch(server.url);
      const app = await handle(new Request('app://threatstorm/'));
      const pick = (headers: Headers) =>
        Object.fromEntries(['content-security-policy', 'permissions-policy', 'x-content-type-options', 'referrer-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy'].map((name) => [name, headers.get(name)]));
      expect(pick(app.headers)).toEqual(pick(local.headers));
      expect(app.headers.get('permissions-policy')).toMatch(/^camera=\(\)/);
      expect(app.headers.get('permissions-policy')).not.toContain('bluetooth');
    } finally {
      await server.close();
    }
  });
});

describe('registerAppScheme', () => {
  it('registers app:// as a standard, secure, fetch-capable scheme and nothing more', () => {
    const calls: unknown[] = [];
    const protocol = { registerSchemesAsPrivileged: (schemes: unknown) => calls.push(schemes) };
    registerAppScheme(protocol as unknown as Pick<Protocol, 'registerSchemesAsPrivileged'>);
    expect(calls).toEqual([[{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]]);
  });
});
