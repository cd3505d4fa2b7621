// Runs in the type checker only (no code). pdfjs-dist ships no declarations for its worker module.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
