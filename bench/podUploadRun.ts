// Runs in Node (benchmarks, child process). One upload of a file to the fake Pod, reporting seconds,
// CPU and this process's peak memory growth as JSON. Default: the real Pod client (streamed multipart
// through got). With `--plain-node`: the same multipart stream piped into node:http without got, to
// tell Node's own cost from got's.
// Usage: node --import tsx bench/podUploadRun.ts <baseUrl> <tokenFile> <file> [--plain-node]
import http from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PodClient } from '../src/main/pod/podClient';
import { multipartLayout, multipartStream, newBoundary } from '../src/main/pod/multipartBody';

const [baseUrl, tokenFile, file, mode] = process.argv.slice(2) as [string, string, string, string | undefined];
const token = readFileSync(tokenFile, 'utf8').trim();
const size = statSync(file).size;
const layout = multipartLayout(
  newBoundary(),
  [
    ['title', 'Benchmark'],
    ['owner', '/rest/users/42/'],
    ['type', '/rest/types/1/'],
    ['sites', '/rest/sites/1/'],
  ],
  [{ field: 'video', filename: path.basename(file), contentType: 'video/mp4', path: file, size }],
);

function plainNodeUpload(): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${baseUrl}/rest/videos/`, { method: 'POST', headers: { Authorization: `Token ${token}`, Accept: 'application/json', 'Content-Type': layout.contentType, 'Content-Length': String(layout.length) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => (response.statusCode === 201 ? resolve((JSON.parse(Buffer.concat(chunks).toString()) as { id: number }).id) : reject(new Error(`HTTP ${response.statusCode}`))));
    });
    request.on('error', reject);
    multipartStream(layout).pipe(request);
  });
}

global.gc?.();
const baseline = process.memoryUsage().rss;
let peak = baseline;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 10);
let progressEvents = 0;
const cpuBefore = process.cpuUsage();
const started = process.hrtime.bigint();
const videoId =
  mode === '--plain-node'
    ? await plainNodeUpload()
    : (
        await new PodClient({ baseUrl, token }).request<{ id: number }>('POST', '/rest/videos/', {
          multipart: layout,
          what: 'uploading the benchmark file',
          accept: [201],
          onUploadProgress: () => (progressEvents += 1),
        })
      ).body.id;
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
process.stdout.write(`${JSON.stringify({ seconds, bytes: layout.length, videoId, baselineMiB: baseline / 2 ** 20, peakGrowthMiB: (peak - baseline) / 2 ** 20, uploadCpuSeconds: (cpu.user + cpu.system) / 1e6, progressEvents })}\n`);
