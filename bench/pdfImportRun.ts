// Runs in Node (benchmark child process). One timed PDF import in a fresh process, so that its peak memory
// (all threads) can be read alone: prints {"seconds", "slides", "maxRssMiB"} as JSON.
import { importPdf } from '../src/main/pdf/pdfImporter';

const [pdfPath, outDir, workers] = process.argv.slice(2) as [string, string, string];
const started = performance.now();
const result = await importPdf({ source: { path: pdfPath }, outDir, workers: Number(workers), notesPages: 'slides' });
const seconds = (performance.now() - started) / 1000;
process.stdout.write(JSON.stringify({ seconds, slides: result.pages.length, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
