// Runs in Node (benchmarks, child process). One upload of a file to the fake Pod through the real Pod
// client (streamed multipart, got), reporting seconds and this process's peak memory growth as JSON.
// Usage: node --import tsx bench/podUploadRun.ts <baseUrl> <tokenFile> <file>
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PodClient } from '../src/main/pod/podClient';
import { multipartLayout, newBoundary } from '../src/main/pod/multipartBody';

const [baseUrl, tokenFile, file] = process.argv.slice(2) as [string, string, string];
const client = new PodClient({ baseUrl, token: readFileSync(tokenFile, 'utf8').trim() });
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

global.gc?.();
const baseline = process.memoryUsage().rss;
let peak = baseline;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 10);
let progressEvents = 0;
const cpuBefore = process.cpuUsage();
const started = process.hrtime.bigint();
const answer = await client.request<{ id: number }>('POST', '/rest/videos/', { multipart: layout, what: 'uploading the benchmark file', accept: [201], onUploadProgress: () => (progressEvents += 1) });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
process.stdout.write(`${JSON.stringify({ seconds, bytes: layout.length, videoId: answer.body.id, baselineMiB: baseline / 2 ** 20, peakGrowthMiB: (peak - baseline) / 2 ** 20, uploadCpuSeconds: (cpu.user + cpu.system) / 1e6, progressEvents })}\n`);
