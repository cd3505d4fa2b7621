// Runs in Node (security tests). Bounded remote answers: a loopback "BBB server" (a child process) that sends an endless
// body, a 100 MiB attribute (announced or not), or trickles bytes forever. The client stops with a
// clear error naming the limit hit (size or time), and the test process's memory stays bounded while
// it happens (sampled every few milliseconds, against a baseline taken just before).
import { spawn, type ChildProcess } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BbbClient, MAX_API_ANSWER_BYTES } from '../../src/main/bbb/bbbClient';
import { readBoundedBody } from '../../src/main/net/boundedBody';
import { StudioError } from '../../src/shared/errors';

const SECRET = 'bounded-answers-secret';
const CHUNK = Buffer.alloc(64 * 1024, 'A');
const HUNDRED_MIB = 100 * 1024 * 1024;

/**
 * The hostile server runs in a child process, so the memory measured here is the client's alone. The
 * first path segment picks the behaviour: small, endless, attribute, attribute-declared, trickle.
 */
const SERVER_SOURCE = `
const http = require('node:http');
const CHUNK = Buffer.alloc(64 * 1024, 'A');
const HUNDRED_MIB = ${HUNDRED_MIB};
const server = http.createServer((request, response) => {
  response.on('error', () => undefined);
  const behaviour = request.url.split('/')[1];
  if (behaviour === 'small') {
    response.writeHead(200, { 'content-type': 'text/xml' });
    response.end('<response><returncode>SUCCESS</returncode><recordings></recordings></response>');
    return;
  }
  const head = '<response><returncode>SUCCESS</returncode><recordings><recording><recordID>r1</recordID><name value="';
  if (behaviour === 'attribute-declared') response.writeHead(200, { 'content-type': 'text/xml', 'content-length': String(head.length + HUNDRED_MIB + 40) });
  else response.writeHead(200, { 'content-type': 'text/xml' });
  response.write(head);
  if (behaviour === 'trickle') {
    const timer = setInterval(() => response.write('A'), 100);
    response.on('close', () => clearInterval(timer));
    return;
  }
  let remaining = behaviour === 'endless' ? Infinity : HUNDRED_MIB;
  const pump = () => {
    while (remaining > 0 && !response.destroyed) {
      const piece = remaining >= CHUNK.length ? CHUNK : CHUNK.subarray(0, remaining);
      remaining -= piece.length;
      if (remaining === 0) return void response.end('"/></recording></recordings></response>');
      if (!response.write(piece)) return void response.once('drain', pump);
    }
  };
  pump();
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

let serverProcess: ChildProcess;
let origin: string;
const apiUrl = (behaviour: string) => `${origin}/${behaviour}/bigbluebutton/api`;
beforeAll(async () => {
  serverProcess = spawn(process.execPath, ['-e', SERVER_SOURCE], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => serverProcess.stdout!.once('data', (data: Buffer) => resolve(data.toString().trim())));
  origin = `http://127.0.0.1:${port}`;
  // One ordinary exchange first: loading fetch and the XML parser is not what is measured.
  await new BbbClient({ apiUrl: apiUrl('small'), secret: SECRET, checksum: 'sha256' }).getRecordingsPage({});
});
afterAll(() => {
  serverProcess?.kill('SIGKILL');
});

/**
 * A real garbage collection. Without one, what was already released still counts in RSS until V8
 * collects it, and when it does depends on the Node version (Node 24's young generation holds more).
 */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * A collected heap whose released buffers are really gone: V8 frees the memory of dead ArrayBuffers on
 * a background thread after the collection, so `arrayBuffers` read at once may still count a released
 * body for a few milliseconds (seen with both fetch and got). A leak stays; a late release does not.
 */
async function settledHeap(): Promise<void> {
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 100));
  collectGarbage();
}

/** Runs `work` while sampling RSS; returns its error and the largest growth over the baseline (bytes). */
async function measure(work: () => Promise<unknown>): Promise<{ error: unknown; growth: number }> {
  collectGarbage();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  let error: unknown = null;
  try {
    await work();
  } catch (caught) {
    error = caught;
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return { error, growth: peak - baseline };
}

const MiB = 1024 * 1024;

/** JavaScript heap and buffers still reachable after a collection (bytes). */
async function retained(): Promise<number> {
  await settledHeap();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

describe('bounded BBB answers', () => {
  it('stops an endless body at the size limit, with bounded memory', async () => {
    const client = new BbbClient({ apiUrl: apiUrl('endless'), secret: SECRET, checksum: 'sha256' });
    // Three in a row, each measured from a collected heap: what one hostile answer costs stays bounded,
    // and what is left after the first (lazy set-up, caches) does not grow with the next two.
    let error: unknown = null;
    let growth = 0;
    let retainedAfterFirst = 0;
    for (let round = 0; round < 3; round++) {
      const measured = await measure(async () => {
        error = await client.getRecordingsPage({}).catch((caught: unknown) => caught);
      });
      growth = Math.max(growth, measured.growth);
      if (round === 0) retainedAfterFirst = await retained();
    }
    // Keeping each refused answer would add 2 × 8 MiB here.
    expect((await retained()) - retainedAfterFirst).toBeLessThan(4 * MiB);
    expect(error).toBeInstanceOf(StudioError);
    expect((error as StudioError).code).toBe('BBB_ANSWER_TOO_LARGE');
    expect((error as StudioError).message).toMatch(/more than 8 MiB .*size limit/);
    expect((error as StudioError).details).toMatchObject({ limit: 'size', maxBytes: MAX_API_ANSWER_BYTES });
    expect(growth).toBeLessThan(64 * MiB);
  });

  it('refuses a 100 MiB attribute, streamed or announced by Content-Length, with bounded memory', async () => {
    const streamed = await measure(() => new BbbClient({ apiUrl: apiUrl('attribute'), secret: SECRET, checksum: 'sha256' }).getRecordingsPage({}));
    expect((streamed.error as StudioError).code).toBe('BBB_ANSWER_TOO_LARGE');
    expect(streamed.growth).toBeLessThan(64 * MiB);

    const announced = await measure(() => new BbbClient({ apiUrl: apiUrl('attribute-declared'), secret: SECRET, checksum: 'sha256' }).getRecordingsPage({}));
    expect((announced.error as StudioError).code).toBe('BBB_ANSWER_TOO_LARGE');
    expect((announced.error as StudioError).message).toMatch(/announced .*100 MiB/);
    expect(announced.growth).toBeLessThan(64 * MiB);
  });

  it('gives up on a body that trickles forever at the time limit, and says so', async () => {
    const client = new BbbClient({ apiUrl: apiUrl('trickle'), secret: SECRET, checksum: 'sha256' }, { timeoutMs: 1500 });
    const started = Date.now();
    const error = await client.getRecordingsPage({}).catch((caught: unknown) => caught);
    expect((error as StudioError).code).toBe('BBB_TIMEOUT');
    expect((error as StudioError).message).toMatch(/within 2 s.*time limit/);
    expect((error as StudioError).details).toMatchObject({ limit: 'time' });
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('reads Node streams (got, files) with the same cap', async () => {
    async function* endless() {
      for (;;) yield CHUNK;
    }
    const error = await readBoundedBody(endless(), { maxBytes: MiB, what: 'a Pod JSON answer', tooLargeCode: 'POD_TOO_LARGE', timeoutCode: 'POD_TIMEOUT' }).catch((caught: unknown) => caught);
    expect((error as StudioError).code).toBe('POD_TOO_LARGE');
    const small = await readBoundedBody(
      (async function* () {
        yield Buffer.from('{"ok":');
        yield Buffer.from('true}');
      })(),
      { maxBytes: MiB, what: 'a Pod JSON answer', tooLargeCode: 'POD_TOO_LARGE', timeoutCode: 'POD_TIMEOUT' },
    );
    expect(JSON.parse(small.toString('utf8'))).toEqual({ ok: true });
  });
});
