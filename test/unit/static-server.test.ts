import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { requestPathname, startStaticServer, type StaticServer } from '../../tools/static-server.ts';
import { DEFAULT_HTTP_LIMITS, guardRequestHandler, hardenedServerOptions } from '../../tools/http-hardening.ts';
import { findElectronBinary, portFromEnv } from '../../tools/electron-binary.ts';
import { safeAssetPath } from '../../shared/static-path.ts';
import { assertSurvivesHostileRequests, goodRequest } from './server-robustness.ts';

let server: StaticServer;
let port: number;
let root: string;

beforeAll(async () => {
  const parent = mkdtempSync(path.join(tmpdir(), 'ts-static-'));
  root = path.join(parent, 'root');
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

describe('hostile requests (the rule for every server of the project)', () => {
  /** Short timeouts so the never-finished request is dropped within the test's wait. */
  const QUICK_LIMITS = { ...DEFAULT_HTTP_LIMITS, headersTimeoutMs: 400, requestTimeoutMs: 800, checkIntervalMs: 100 };

  it.each(['//', '//%5B/', 'http://127.0.0.1/', '*', '%', 'index.html'])('answers 400 to the request target %s and keeps serving', async (target) => {
    const errors: unknown[] = [];
    const quick = await startStaticServer({ root, port: 0, log: (_m, e) => errors.push(e) });
    const quickPort = Number(new URL(quick.url).port);
    try {
      const [outcome] = await assertSurvivesHostileRequests({ host: '127.0.0.1', port: quickPort, hostHeader: `127.0.0.1:${quickPort}` }, [
        { name: target, send: ({ hostHeader }) => [`GET ${target} HTTP/1.1\r\nHost: ${hostHeader}\r\nConnection: close\r\n\r\n`] },
      ]);
      expect(outcome!.status).toBe(400);
      expect(errors).toEqual([]);
    } finally {
      await quick.close();
    }
  });

  it('survives every request of the shared hostile list, and drops a never-finished one', async () => {
    const errors: unknown[] = [];
    const quick = await startStaticServer({ root, port: 0, limits: QUICK_LIMITS, log: (_m, e) => errors.push(e) });
    const quickPort = Number(new URL(quick.url).port);
    try {
      const outcomes = await assertSurvivesHostileRequests({ host: '127.0.0.1', port: quickPort, hostHeader: `127.0.0.1:${quickPort}`, slowClientTimeoutMs: 3000 });
      const byName = new Map(outcomes.map((o) => [o.name, o]));
      expect(byName.get('target "//"')!.status).toBe(400);
      expect(byName.get('target "//%5B/"')!.status).toBe(400);
      expect(byName.get('absolute-form target')!.status).toBe(400);
      expect(byName.get('100 KB URL')!.status).toBe(431);
      expect(byName.get('header flood (5,000 headers)')!.status).toBe(431);
      expect(byName.get('foreign Host')!.status).toBe(421);
      expect(byName.get('two Host headers')!.status).toBe(400);
      expect(byName.get('missing Host')!.status).toBe(400);
      expect(byName.get('method "DELETE"')!.status).toBe(405);
      const slow = byName.get('slowloris: headers that never finish')!;
      expect(slow.closed).toBe(true);
      expect(slow.elapsedMs).toBeLessThan(3000);
      // Nothing hostile reached a code path that failed.
      expect(errors).toEqual([]);
    } finally {
      await quick.close();
    }
  }, 60_000);

  it('keeps the process alive: the server in its own process answers after the hostile list', async () => {
    const script = path.join(mkdtempSync(path.join(tmpdir(), 'ts-static-proc-')), 'serve.mjs');
    const serverModule = new URL('../../tools/static-server.ts', import.meta.url).href;
    writeFileSync(
      script,
      `const { startStaticServer } = await import(${JSON.stringify(serverModule)});\n` +
        `const s = await startStaticServer({ root: ${JSON.stringify(root)}, port: 0 });\nconsole.log(s.url);\n`,
    );
    // `--import tsx` resolves from the working directory (the project), the script from anywhere.
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const [first] = (await once(child.stdout, 'data')) as [Buffer];
      const childPort = Number(new URL(first.toString().trim()).port);
      const target = { host: '127.0.0.1', port: childPort, hostHeader: `127.0.0.1:${childPort}`, probeTimeoutMs: 2000 };
      await assertSurvivesHostileRequests(target, [
        { name: '//', send: ({ hostHeader }) => [`GET // HTTP/1.1\r\nHost: ${hostHeader}\r\n\r\n`] },
        { name: '//%5B/', send: ({ hostHeader }) => [`GET //%5B/ HTTP/1.1\r\nHost: ${hostHeader}\r\n\r\n`] },
      ]);
      expect(child.exitCode, stderr).toBeNull();
      expect(await goodRequest(target)).toBe(200);
    } finally {
      child.kill();
    }
  }, 30_000);

  it('turns an exception in a handler into a 500 and a log line, never a crash', async () => {
    const logged: string[] = [];
    let calls = 0;
    const guarded = guardRequestHandler(
      (request) => {
        calls++;
        if (request.url === '/sync') throw new Error('sync boom');
        return Promise.reject(new Error('async boom'));
      },
      (message, error) => logged.push(`${message} ${(error as Error).message}`),
    );
    const raw = createServer(hardenedServerOptions(), guarded);
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const rawPort = (raw.address() as { port: number }).port;
    try {
      for (const goodPath of ['/sync', '/async', '/sync']) {
        expect(await goodRequest({ host: '127.0.0.1', port: rawPort, hostHeader: `127.0.0.1:${rawPort}`, goodPath })).toBe(500);
      }
      expect(calls).toBe(3);
      expect(logged).toEqual([
        'Internal error answering GET "/sync": sync boom',
        'Internal error answering GET "/async": async boom',
        'Internal error answering GET "/sync": sync boom',
      ]);
    } finally {
      await new Promise((resolve) => raw.close(resolve));
    }
  });

  it('sets bounds on header size and time', async () => {
    const [big] = await assertSurvivesHostileRequests({ host: '127.0.0.1', port, hostHeader: `127.0.0.1:${port}` }, [
      { name: '17 KB header', send: ({ hostHeader }) => [`GET / HTTP/1.1\r\nHost: ${hostHeader}\r\nX-Big: ${'b'.repeat(17 * 1024)}\r\n\r\n`] },
    ]);
    expect(big!.status).toBe(431);
    expect(server.server.headersTimeout).toBe(10_000);
    expect(server.server.requestTimeout).toBe(30_000);
    expect(server.server.keepAliveTimeout).toBe(5_000);
  });

  it('reads only origin-form targets', () => {
    expect(requestPathname('/assets/a.js?v=1#x')).toBe('/assets/a.js');
    expect(requestPathname('/a/../b/%2e%2e/c')).toBe('/c');
    for (const target of ['//', '//%5B/', '///', '//evil.example/x', 'http://evil/', '*', '%', '', undefined, 'evil.example:443']) {
      expect(requestPathname(target), String(target)).toBeNull();
    }
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
