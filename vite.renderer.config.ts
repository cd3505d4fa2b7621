// Runs in Node (build tooling). Builds the renderer (index.html → src/renderer/main.tsx). Forge's Vite
// plugin merges this into its own base config, which puts the output in .vite/renderer/main_window/
// for app://; `npm run build:web` passes --outDir dist-web for the loopback bridge. Relative base
// so the same files work under any origin; no inline script (the servers send a strict CSP).
import { createHash } from 'node:crypto';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { contentSecurityPolicy } from './src/shared/logic/httpRange';
import { mediapipeAssets } from './vite.mediapipe.config';

/**
 * The Vite dev server (`npm start`) sends no CSP of its own: this puts the app's policy in the page.
 * Only two things differ from app:// and the loopback server: the HMR WebSocket on the dev host
 * (connect-src), and the React Refresh preamble that @vitejs/plugin-react inlines, allowed by its
 * exact hash rather than by 'unsafe-inline' (https://vite.dev/guide/features#content-security-policy-csp).
 */
export function devContentSecurityPolicy(html: string): string {
  const hashes = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)]
    .filter((match) => !/\bsrc\s*=/.test(match[0].slice(0, match[0].indexOf('>'))) && match[1]!.trim() !== '')
    .map((match) => `'sha256-${createHash('sha256').update(match[1]!).digest('base64')}'`);
  return contentSecurityPolicy({ mediaScheme: 'media:', connectExtra: 'ws://localhost:* ws://127.0.0.1:*', scriptExtra: hashes.join(' ') });
}

function devServerCsp(): Plugin {
  return {
    name: 'capsule-dev-csp',
    apply: 'serve',
    transformIndexHtml: {
      // After every other plugin, so that the hashes cover the final inline scripts.
      order: 'post',
      handler(html) {
        // frame-ancestors is ignored in a <meta> policy; the dev page is only loaded by our own window.
        const policy = devContentSecurityPolicy(html).replace(/;\s*frame-ancestors [^;]+/, '');
        return { html, tags: [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' }] };
      },
    },
  };
}

export default defineConfig({
  root: '.',
  base: './',
  plugins: [react(), devServerCsp(), mediapipeAssets()],
  build: {
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The polyfill is injected as code; Chromium has native modulepreload, so skip it.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
