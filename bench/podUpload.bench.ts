// Runs in Node (benchmarks). Pod upload: the client's streamed multipart upload (got) of a 2 GiB file
// to the fake Pod on loopback, against `curl -F` uploading the same file to the same server in the same
// run: throughput ratio (target ≥ 0.8 of curl) and the client's peak memory growth (target < 100 MB).
// The server runs in its own process and only parses and counts what it receives; the client runs in a fresh
// process so its memory is its own. POD_BENCH_BYTES overrides the size.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, openSync, closeSync, ftruncateSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { STAFF_TOKEN } from '../tests/support/podServer/state';

const repoRoot = path.resolve(import.meta.dirname, '..');
const BYTES = Number(process.env.POD_BENCH_BYTES ?? 2 * 2 ** 30);
const ROUNDS = 3;
const TARGET_RATIO = 0.8;
const TARGET_GROWTH_MB = 100;

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${command} exited with ${code}: ${stderr.slice(-500)}`))));
  });
}

interface CpuTimes {
  cpuSeconds: number;
}

/** Runs a command under /usr/bin/time (same measurement for the client and curl): its output and CPU seconds (user + system). */
async function timed(timesFile: string, command: string, args: string[]): Promise<{ stdout: string } & CpuTimes> {
  const stdout = await run('/usr/bin/time', ['-o', timesFile, '-f', '%U %S', command, ...args]);
  const [user, system] = readFileSync(timesFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number) as [number, number];
  return { stdout, cpuSeconds: user + system };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'tests/support/podServer/serve.ts'), JSON.stringify({ storeFiles: false, hashUploads: false })], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the fake Pod exited with ${code}`)));
  });
  return { url: (JSON.parse(line) as { url: string }).url, child };
}

/** A file of `bytes` with non-zero content every 4 KiB (so it is not one big hole), written without holding it in memory. */
function makeFile(file: string, bytes: number): void {
  const fd = openSync(file, 'w');
  try {
    ftruncateSync(fd, bytes);
    const block = Buffer.alloc(4096, 0x5a);
    for (let offset = 0; offset < bytes; offset += 1024 * 1024) writeSync(fd, block, 0, Math.min(block.length, bytes - offset), offset);
  } finally {
    closeSync(fd);
  }
}

interface Ours {
  seconds: number;
  bytes: number;
  peakGrowthMiB: number;
  /** CPU the client spent during the upload itself (no start-up), measured in-process. */
  uploadCpuSeconds: number;
  progressEvents: number;
}

export async function runPodUploadBench(): Promise<string> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'pod-bench-'));
  const server = await startServer();
  try {
    const file = path.join(scratch, 'capsule.mp4');
    makeFile(file, BYTES);
    const tokenFile = path.join(scratch, 'token');
    writeFileSync(tokenFile, STAFF_TOKEN);
    const headerFile = path.join(scratch, 'headers');
    writeFileSync(headerFile, `Authorization: Token ${STAFF_TOKEN}\nAccept: application/json\nAccept-Language: fr\n`);
    const timesFile = path.join(scratch, 'times');
    const ours: (Ours & CpuTimes)[] = [];
    const curl: ({ seconds: number; bytes: number } & CpuTimes)[] = [];
    const plain: Ours[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      process.stderr.write(`round ${round + 1}: client…\n`);
      const client = await timed(timesFile, process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench/podUploadRun.ts'), server.url, tokenFile, file]);
      ours.push({ ...(JSON.parse(client.stdout) as Ours), cpuSeconds: client.cpuSeconds });
      process.stderr.write(`round ${round + 1}: plain node:http…\n`);
      plain.push(JSON.parse(await run(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench/podUploadRun.ts'), server.url, tokenFile, file, '--plain-node'])) as Ours);
      process.stderr.write(`round ${round + 1}: curl…\n`);
      // The token goes in a header file, not on curl's command line.
      const reference = await timed(timesFile, 'curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code} %{time_total} %{size_upload}', '-H', `@${headerFile}`, '-F', `video=@${file};type=video/mp4`, '-F', 'title=Benchmark', '-F', 'owner=/rest/users/42/', '-F', 'type=/rest/types/1/', '-F', 'sites=/rest/sites/1/', `${server.url}/rest/videos/`]);
      const [status, seconds, bytes] = reference.stdout.trim().split(' ');
      if (status !== '201') throw new Error(`curl upload answered ${status}`);
      curl.push({ seconds: Number(seconds), bytes: Number(bytes), cpuSeconds: reference.cpuSeconds });
    }
    const mibps = (bytes: number, seconds: number) => bytes / 2 ** 20 / seconds;
    const oursRates = ours.map((item) => mibps(item.bytes, item.seconds));
    const curlRates = curl.map((item) => mibps(item.bytes, item.seconds));
    const ratio = median(oursRates) / median(curlRates);
    const bestRatio = Math.max(...oursRates) / Math.max(...curlRates);
    const growth = Math.max(...ours.map((item) => item.peakGrowthMiB)) * 1.048576; // MiB → MB
    const plainRates = plain.map((item) => mibps(item.bytes, item.seconds));
    const rows = ours.map(
      (item, index) =>
        `| ${index + 1} | ${oursRates[index]!.toFixed(0)} MiB/s (${item.seconds.toFixed(1)} s, CPU ${item.cpuSeconds.toFixed(1)} s) | ${curlRates[index]!.toFixed(0)} MiB/s (${curl[index]!.seconds.toFixed(1)} s, CPU ${curl[index]!.cpuSeconds.toFixed(1)} s) | ${plainRates[index]!.toFixed(0)} MiB/s (upload CPU ${plain[index]!.uploadCpuSeconds.toFixed(1)} s) | ${item.peakGrowthMiB.toFixed(1)} MiB |`,
    );
    return [
      `Upload of a ${(BYTES / 2 ** 30).toFixed(2)} GiB file to the fake Pod (tests/support/podServer, own process, counting bytes only: no disk, no hash) on 127.0.0.1: the Pod client (\`src/main/pod\`, got 14 + streamed multipart) in a fresh process, against \`curl -F\` in the same run, ${ROUNDS} rounds alternated. CPU = user + system seconds of the uploading process (client: Node + tsx start-up included), from /usr/bin/time. Load average at the start: ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores (shared machine: wall-clock rates are noisy).`,
      '',
      '| round | Pod client | curl -F | plain node:http, same stream (no got) | client peak RSS growth |',
      '|---|---|---|---|---|',
      ...rows,
      '',
      `- Throughput ratio, median client / median curl: **${ratio.toFixed(2)}** (best / best: ${bestRatio.toFixed(2)}; target ≥ ${TARGET_RATIO}) — ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}.`,
      `- CPU per GiB (whole process): client ${(median(ours.map((item) => item.cpuSeconds)) / (BYTES / 2 ** 30)).toFixed(2)} s, curl ${(median(curl.map((item) => item.cpuSeconds)) / (BYTES / 2 ** 30)).toFixed(2)} s; client during the upload only: ${(median(ours.map((item) => item.uploadCpuSeconds)) / (BYTES / 2 ** 30)).toFixed(2)} s, plain node:http during the upload: ${(median(plain.map((item) => item.uploadCpuSeconds)) / (BYTES / 2 ** 30)).toFixed(2)} s (what Node's own HTTP stack costs; the rest is got).`,
      `- Client peak memory growth: **${growth.toFixed(1)} MB** for ${(BYTES / 1e9).toFixed(2)} GB (target < ${TARGET_GROWTH_MB} MB) — ${growth < TARGET_GROWTH_MB ? 'met' : 'NOT met'}; it does not grow with the file (the body is read from disk 1 MiB at a time while it is sent).`,
      `- Upload progress events seen by the client: ${ours[0]!.progressEvents}.`,
    ].join('\n');
  } finally {
    server.child.stdin?.end();
    server.child.kill();
    rmSync(scratch, { recursive: true, force: true });
  }
}
