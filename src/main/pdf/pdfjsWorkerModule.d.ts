// Types for the tooling (TypeScript only). pdfjs-dist ships no declarations for its worker module.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
