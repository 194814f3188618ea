import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStaticServer, type StaticServer } from '../../tools/static-server.ts';
import { findElectronBinary, portFromEnv } from '../../tools/electron-binary.ts';
import { safeAssetPath } from '../../shared/static-path.ts';

let server: StaticServer;
let port: number;

beforeAll(async () => {
  const parent = mkdtempSync(path.join(tmpdir(), 'ts-static-'));
  const root = path.join(parent, 'root');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'export {}');
  writeFileSync(path.join(parent, 'secret.txt'), 'secret');
  server = await startStaticServer({ root, port: 0 });
  port = Number(new URL(server.url).port);
});
afterAll(() => server.close());

/** Raw HTTP so the request path is sent exactly as written (fetch would normalise `..`). */
function get(rawPath: string, host = `127.0.0.1:${port}`, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath, method, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('local static server', () => {
  it('serves the app with the strict CSP and security headers', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).not.toContain('unsafe');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-type']).toContain('text/html');
    expect((await get('/assets/app.js')).headers['content-type']).toContain('javascript');
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/%00', '/.env'])(
    'refuses the traversal attempt %s',
    async (attempt) => {
      const response = await get(attempt);
      expect([403, 404]).toContain(response.status);
      expect(response.body).not.toContain('secret');
    },
  );

  it('refuses other hosts (DNS rebinding) and other methods', async () => {
    expect((await get('/', 'evil.example:80')).status).toBe(421);
    expect((await get('/', undefined, 'POST')).status).toBe(405);
  });

  it('answers 404 for a missing file', async () => {
    expect((await get('/nope.js')).status).toBe(404);
  });
});

describe('safeAssetPath', () => {
  it('maps the root to index.html and keeps normal paths', () => {
    expect(safeAssetPath('/')).toBe('index.html');
    expect(safeAssetPath('/assets/index-abc.js')).toBe('assets/index-abc.js');
    expect(safeAssetPath('/./assets//x.css')).toBe('assets/x.css');
  });

  it.each(['/..', '/a/../../b', '/%2E%2E/x', '/a\\b', '/C:/windows', '/%E0%A4%A', '/x%0Ay'])('rejects %s', (input) => {
    expect(safeAssetPath(input)).toBeNull();
  });
});

describe('npm start helpers', () => {
  const probe = (files: Record<string, string>) => ({
    exists: (file: string) => file in files,
    readText: (file: string) => files[file] ?? '',
  });

  it('finds the Electron binary named in path.txt', () => {
    const files = { '/e/path.txt': 'electron', '/e/dist/electron': '' };
    expect(findElectronBinary('/e', probe(files), {})).toBe('/e/dist/electron');
  });

  it('reports a missing binary instead of trying to download it', () => {
    expect(findElectronBinary('/e', probe({}), {})).toBeNull();
    expect(findElectronBinary('/e', probe({ '/e/path.txt': 'electron' }), {})).toBeNull();
  });

  it('reads the port from THREATSTORM_PORT and rejects nonsense', () => {
    expect(portFromEnv({}, 4780)).toBe(4780);
    expect(portFromEnv({ THREATSTORM_PORT: '5001' }, 4780)).toBe(5001);
    expect(() => portFromEnv({ THREATSTORM_PORT: 'abc' }, 4780)).toThrow(/port number/);
    expect(() => portFromEnv({ THREATSTORM_PORT: '70000' }, 4780)).toThrow(/port number/);
  });
});
