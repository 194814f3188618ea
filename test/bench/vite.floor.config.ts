/**
 * Builds the benchmark's floor page (test/bench/floor) into dist/bench-floor with the app's
 * build settings and the app's Content-Security-Policy <meta> tag, so both pages run under the
 * same rules. `npm run bench` builds it; it is never shipped.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';

export default defineConfig({
  root: fileURLToPath(new URL('./floor/', import.meta.url)),
  base: './',
  logLevel: 'warn',
  plugins: [
    react(),
    {
      name: 'floor-csp-meta',
      apply: 'build',
      transformIndexHtml: {
        order: 'post',
        handler: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
      },
    },
  ],
  build: {
    outDir: fileURLToPath(new URL('../../dist/bench-floor/', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
});
