// Runs in Node (build tooling). Builds the renderer (index.html → src/renderer/main.tsx) into
// dist-web/, which the loopback bridge serves and Electron's app:// protocol loads. Relative base
// so the same files work under any origin; no inline script (the servers send a strict CSP).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: '.',
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist-web',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The polyfill is injected as code; Chromium has native modulepreload, so skip it.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
