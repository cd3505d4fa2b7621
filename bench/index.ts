// Runs in Node (benchmarks). Every benchmark of `npm run bench`. Each returns the Markdown of its
// section of bench/RESULTS.md (measurements against the reference, from the same run).
import { runPdfImportBench } from './pdfImport.bench';
import { runRecordingBench } from './recording.bench';
import { runPodUploadBench } from './podUpload.bench';
import { runMontageBench } from './montage.bench';
import { runBbbImportBench } from './bbbImport.bench';
import { runLiveBench } from './live.bench';
export interface Benchmark {
  /** The section title in RESULTS.md, for example "PDF import". */
  name: string;
  run: () => Promise<string>;
}

export const benchmarks: Benchmark[] = [
  { name: 'PDF import', run: runPdfImportBench },
  { name: 'Recording', run: runRecordingBench },
  { name: 'Pod upload', run: runPodUploadBench },
  { name: 'Montage', run: runMontageBench },
  { name: 'BBB import', run: runBbbImportBench },
  { name: 'Live', run: runLiveBench },
];
