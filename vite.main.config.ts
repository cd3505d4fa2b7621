// Runs in Node (build tooling). Main-process bundles (main, PDF worker) for Electron: CommonJS
// output, native and run-time-file modules left external (packaged by forge.config.ts).
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    rollupOptions: {
      external: ['better-sqlite3', '@napi-rs/canvas', '@napi-rs/keyring', 'pdfjs-dist', 'pdfjs-dist/legacy/build/pdf.mjs', 'ws', 'ffmpeg-static', 'tsx', 'tsx/esm/api'],
      output: { format: 'cjs', entryFileNames: '[name].cjs' },
    },
  },
});
