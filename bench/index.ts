// Runs in Node (benchmarks). Every benchmark of `npm run bench`. Each returns the Markdown of its
// section of bench/RESULTS.md (measurements against the reference, from the same run).
// Each is imported only when it runs: benchmarks that measure memory must not carry the modules
// of the others (browser automation, the BBB renderer…) in their own process.
export interface Benchmark {
  /** The section title in RESULTS.md, for example "PDF import". */
  name: string;
  run: () => Promise<string>;
}

export const benchmarks: Benchmark[] = [
  { name: 'PDF import', run: async () => (await import('./pdfImport.bench')).runPdfImportBench() },
  { name: 'Recording', run: async () => (await import('./recording.bench')).runRecordingBench() },
  { name: 'Pod upload', run: async () => (await import('./podUpload.bench')).runPodUploadBench() },
  { name: 'Montage', run: async () => (await import('./montage.bench')).runMontageBench() },
  { name: 'Encoder settings', run: async () => (await import('./encoderSweep')).runEncoderSweep() },
  { name: 'BBB import', run: async () => (await import('./bbbImport.bench')).runBbbImportBench() },
  { name: 'Live', run: async () => (await import('./live.bench')).runLiveBench() },
  { name: 'Virtual background', run: async () => (await import('./virtualBackground.bench')).runVirtualBackgroundBench() },
  { name: 'HTTP client', run: async () => (await import('./httpClient.bench')).runHttpClientBench() },
];
