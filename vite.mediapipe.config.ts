// Runs in Node (build tooling). The virtual background (issue #15) runs MediaPipe's selfie
// segmentation in the renderer; its npm package carries the model and the WebAssembly. This Vite plugin
// serves those files under `mediapipe/selfie_segmentation/` (dev server) and copies them into the build,
// so the app loads them from its own origin (app://, the loopback bridge), never from a CDN.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';

export const MEDIAPIPE_PUBLIC_DIR = 'mediapipe/selfie_segmentation';

function packageDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve('@mediapipe/selfie_segmentation/package.json'));
}

/** The files the solution loads at run time: its script, the WebAssembly and its loader, the graph, the models. */
export function mediapipeFiles(dir = packageDir()): string[] {
  return readdirSync(dir).filter((name) => /\.(js|wasm|data|binarypb|tflite)$/.test(name));
}

export function mediapipeAssets(): Plugin {
  return {
    name: 'capsule-mediapipe-assets',
    configureServer(server) {
      const dir = packageDir();
      const files = new Set(mediapipeFiles(dir));
      server.middlewares.use((request, response, next) => {
        const match = /\/mediapipe\/selfie_segmentation\/([^/?#]+)/.exec(request.url ?? '');
        if (!match || !files.has(match[1]!)) return next();
        response.setHeader('Content-Type', match[1]!.endsWith('.wasm') ? 'application/wasm' : match[1]!.endsWith('.js') ? 'text/javascript' : 'application/octet-stream');
        response.end(readFileSync(path.join(dir, match[1]!)));
      });
    },
    generateBundle() {
      const dir = packageDir();
      for (const name of mediapipeFiles(dir)) this.emitFile({ type: 'asset', fileName: `${MEDIAPIPE_PUBLIC_DIR}/${name}`, source: readFileSync(path.join(dir, name)) });
    },
  };
}
