import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { CONTENT_SECURITY_POLICY } from './shared/csp.ts';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * Embeds the app's CSP as a <meta> tag in the production build, so the page is covered even
 * when opened without our server's header. Not applied in `vite dev`, whose hot-reload client
 * needs inline scripts; the browser tests and `npm start` always use the production build.
 */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'threatstorm-csp-meta',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
          injectTo: 'head-prepend',
        },
      ],
    },
  };
}

export default defineConfig({
  root: 'renderer',
  // Relative asset URLs: the same build loads from app://threatstorm/ and http://127.0.0.1:port/.
  base: './',
  plugins: [react(), contentSecurityPolicyMeta()],
  define: { __APP_VERSION__: JSON.stringify(version) },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // ES2021: the Electronegativity gate parses the renderer build, and its parser does not know
    // ES2022 class static blocks (used by a dependency of the live workshop); esbuild lowers them.
    target: 'es2021',
    // No inline `data:` module preload polyfill or inline assets that the CSP would block.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
});
