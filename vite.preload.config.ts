// Runs in Node (build tooling). The preload must be ONE CommonJS file: sandboxed preloads cannot require.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    rollupOptions: {
      external: ['electron'],
      output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
    },
  },
});
