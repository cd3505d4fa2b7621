// Runs in Node (build tooling). Builds the renderer (index.html → src/renderer/main.tsx). Forge's Vite
// plugin merges this into its own base config, which puts the output in .vite/renderer/main_window/
// for app://; `npm run build:web` passes --outDir dist-web for the loopback bridge. Relative base
// so the same files work under any origin; no inline script (the servers send a strict CSP).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: '.',
  base: './',
  plugins: [react()],
  build: {
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The polyfill is injected as code; Chromium has native modulepreload, so skip it.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
