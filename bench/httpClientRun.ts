// Runs in Node (benchmarks). One HTTP transfer in a fresh process, so its memory is its own: got or
// fetch (Node's undici), downloading or uploading BYTES over loopback. Prints JSON: seconds, bytes,
// peak RSS growth. Used by httpClient.bench.ts to choose the studio's one HTTP client.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import got from 'got';

const [client, direction, url, bytesText] = process.argv.slice(2) as ['got' | 'fetch', 'download' | 'upload', string, string];
const BYTES = Number(bytesText);
const CHUNK = Buffer.alloc(1024 * 1024, 7);

function body(): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= BYTES) return void this.push(null);
      const size = Math.min(CHUNK.length, BYTES - sent);
      sent += size;
      this.push(size === CHUNK.length ? CHUNK : CHUNK.subarray(0, size));
    },
  });
}

async function transfer(): Promise<number> {
  if (direction === 'download') {
    let received = 0;
    const counter = new Writable({
      write(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        done();
      },
    });
    if (client === 'got') await pipeline(got.stream(url), counter);
    else {
      const response = await fetch(url);
      await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), counter);
    }
    return received;
  }
  if (client === 'got') {
    const answer = await got.post(url, { body: body(), headers: { 'content-length': String(BYTES) } }).text();
    return Number(answer);
  }
  const response = await fetch(url, { method: 'POST', body: Readable.toWeb(body()) as ReadableStream, headers: { 'content-length': String(BYTES) }, duplex: 'half' } as RequestInit);
  return Number(await response.text());
}

const baseline = process.memoryUsage().rss;
let peak = baseline;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
const started = process.hrtime.bigint();
const bytes = await transfer();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
process.stdout.write(JSON.stringify({ seconds, bytes, peakGrowthBytes: peak - baseline }));
