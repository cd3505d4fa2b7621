// Runs in Node (benchmarks). Which HTTP client the studio keeps: got (used for Pod) against fetch
// (Node's built-in undici, used for BBB), each downloading and uploading the same bytes over loopback
// from a node:http server in this process, each transfer in a fresh process (throughput and peak RSS growth).
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..');
const BYTES = Number(process.env.HTTP_BENCH_BYTES ?? 512 * 2 ** 20);
const ROUNDS = 3;
const CLIENTS = ['got', 'fetch'] as const;
const DIRECTIONS = ['download', 'upload'] as const;

interface Run {
  seconds: number;
  bytes: number;
  peakGrowthBytes: number;
}

function startServer(): Promise<http.Server> {
  const chunk = Buffer.alloc(1024 * 1024, 3);
  const server = http.createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(BYTES) });
      let sent = 0;
      const pump = () => {
        while (sent < BYTES) {
          const size = Math.min(chunk.length, BYTES - sent);
          sent += size;
          if (!res.write(size === chunk.length ? chunk : chunk.subarray(0, size))) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
      return;
    }
    let received = 0;
    req.on('data', (data: Buffer) => (received += data.length));
    req.on('end', () => res.end(String(received)));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function runOne(client: string, direction: string, url: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench/httpClientRun.ts'), client, direction, url, String(BYTES)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${client} ${direction} exited with ${code}: ${stderr.slice(-400)}`));
      const run = JSON.parse(stdout) as Run;
      if (run.bytes !== BYTES) return reject(new Error(`${client} ${direction} moved ${run.bytes} bytes, not ${BYTES}`));
      resolve(run);
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mib = (bytes: number) => bytes / 2 ** 20;

export async function runHttpClientBench(): Promise<string> {
  const server = await startServer();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data`;
  const results = new Map<string, Run[]>();
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const direction of DIRECTIONS) {
        // Alternate who goes first, so neither always gets the warmer machine.
        for (const client of round % 2 === 0 ? CLIENTS : [...CLIENTS].reverse()) {
          const run = await runOne(client, direction, url);
          process.stderr.write(`round ${round + 1} ${client} ${direction}: ${(mib(BYTES) / run.seconds).toFixed(0)} MiB/s, +${mib(run.peakGrowthBytes).toFixed(1)} MiB\n`);
          results.set(`${client} ${direction}`, [...(results.get(`${client} ${direction}`) ?? []), run]);
        }
      }
    }
  } finally {
    server.close();
  }
  const rows = DIRECTIONS.flatMap((direction) =>
    CLIENTS.map((client) => {
      const runs = results.get(`${client} ${direction}`)!;
      const rates = runs.map((run) => `${(mib(BYTES) / run.seconds).toFixed(0)}`).join(' / ');
      return `| ${direction} | ${client} | ${rates} | **${(mib(BYTES) / median(runs.map((run) => run.seconds))).toFixed(0)}** | ${mib(median(runs.map((run) => run.peakGrowthBytes))).toFixed(1)} MiB |`;
    }),
  );
  return [
    `${mib(BYTES).toFixed(0)} MiB downloaded and uploaded over 127.0.0.1 from a node:http server in the benchmark's process; each transfer in a fresh Node process (got 14 streams; fetch = Node ${process.version}'s undici with a web stream body), ${ROUNDS} rounds, order alternated. Load average at the start: ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores (shared machine: rates are noisy).`,
    '',
    '| direction | client | MiB/s per round | median MiB/s | median peak RSS growth |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
