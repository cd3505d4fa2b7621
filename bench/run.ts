// Runs in Node (benchmarks). Runs the benchmarks (all, or those whose name matches the arguments)
// and replaces their sections in bench/RESULTS.md, stamped with the machine, date and commit.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchmarks } from './index';

const resultsFile = path.join(import.meta.dirname, 'RESULTS.md');
const RESULTS_HEADER = '# Benchmark results\n\nWritten by `npm run bench`. Speeds are compared with their reference in the same run, on the same machine.\n';

export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // Not a git checkout (an unpacked release): the commit stays unknown.
  }
  return `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${commit}, ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(2)}`;
}

/** Replaces (or appends) the `## name` section of a Markdown document. */
export function replaceSection(document: string, name: string, body: string): string {
  const heading = `## ${name}`;
  const section = `${heading}\n\n${body.trim()}\n`;
  const start = document.indexOf(`${heading}\n`);
  if (start < 0) return `${document.trimEnd()}\n\n${section}`;
  const next = document.indexOf('\n## ', start + heading.length);
  return `${document.slice(0, start)}${section}${next < 0 ? '' : document.slice(next)}`;
}

export async function runBenchmarks(filters: string[]): Promise<number> {
  const selected = benchmarks.filter((bench) => filters.length === 0 || filters.some((f) => bench.name.toLowerCase().includes(f.toLowerCase())));
  if (selected.length === 0) {
    process.stderr.write(`No benchmark matches ${filters.join(' ')}. Known: ${benchmarks.map((b) => b.name).join(', ')}\n`);
    return 2;
  }
  let failures = 0;
  for (const bench of selected) {
    process.stderr.write(`\n=== ${bench.name}\n`);
    try {
      const markdown = await bench.run();
      const body = `_${machineLine()}_\n\n${markdown}`;
      process.stdout.write(`${body}\n`);
      // Read again just before writing: another benchmark may have updated its own section meanwhile.
      const document = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : RESULTS_HEADER;
      writeFileSync(resultsFile, replaceSection(document, bench.name, body));
    } catch (error) {
      failures += 1;
      process.stderr.write(`${bench.name} failed: ${(error as Error).message}\n`);
    }
  }
  return failures === 0 ? 0 : 1;
}
