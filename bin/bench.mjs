#!/usr/bin/env node
// Runs in Node (benchmark entry). `npm run bench [name…]`: runs the benchmarks, updates bench/RESULTS.md.
import { tsImport } from 'tsx/esm/api';

const { runBenchmarks } = await tsImport('../bench/run.ts', import.meta.url);
process.exitCode = await runBenchmarks(process.argv.slice(2));
