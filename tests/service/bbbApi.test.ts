// Runs in Node (test, real loopback HTTP). The BBB client against the contract-faithful fake server:
// checksums for every algorithm, paging and its fallbacks, filters, Scalelite's differences, FAILED
// answers in plain words, malformed XML, and resumable size-limited downloads.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BbbClient, nodeHash } from '../../src/main/bbb/bbbClient';
import { allOrStop, downloadFile, mapLimit } from '../../src/main/bbb/download';
import { StudioError } from '../../src/shared/errors';
import { buildBbbUrl } from '../../src/shared/logic/bbbChecksum';
import { startFakeBbb, type FakeBbbOptions, type FakeBbbServer, type FakeRecording } from '../support/bbbServer/bbbServer';

const SECRET = '639259d4-9dd8-4b25-bf01-95f9567eaf4b';

function recordings(count: number): FakeRecording[] {
  return Array.from({ length: count }, (_, i) => ({
    recordId: `${String(i).padStart(40, 'a')}-${1700000000000 + i * 1000}`,
    meetingId: i % 2 === 0 ? 'course-even' : 'course-odd',
    name: `Séance ${i}`,
    state: i % 10 === 9 ? 'processing' : 'published',
    startTime: 1700000000000 + i * 1000,
    endTime: 1700000000000 + i * 1000 + 3_600_000,
    participants: i,
    metadata: { creator: i % 3 === 0 ? 'jdoe' : 'asmith', 'bbb-context': i % 4 === 0 ? 'Physique 101' : 'Chimie 200' },
    formats: [{ type: 'presentation', lengthMinutes: 60 }],
  }));
}

const servers: FakeBbbServer[] = [];
async function server(options: Partial<FakeBbbOptions> = {}): Promise<FakeBbbServer> {
  const started = await startFakeBbb({ secret: SECRET, recordings: recordings(12), ...options });
  servers.push(started);
  return started;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function expectCode(promise: Promise<unknown>, code: string): Promise<StudioError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(StudioError);
    expect((error as StudioError).code).toBe(code);
    return error as StudioError;
  }
  throw new Error(`expected ${code}`);
}

describe('BBB API client against the fake server', () => {
  it('signs with every algorithm BBB accepts, and the server checks them', async () => {
    const s = await server();
    for (const checksum of ['sha1', 'sha256', 'sha384', 'sha512'] as const) {
      const client = new BbbClient({ apiUrl: s.url, secret: SECRET, checksum });
      const { recordings: list } = await client.listRecordings({});
      expect(list).toHaveLength(11); // the default state filter hides the processing one
      const checksumLength = s.requests[s.requests.length - 1]!.query.split('checksum=')[1]!.length;
      expect(checksumLength).toBe({ sha1: 40, sha256: 64, sha384: 96, sha512: 128 }[checksum]);
    }
  });

  it('hashes the raw query: any encoding passes if the hashed bytes are the sent bytes', async () => {
    const s = await server();
    // Hand-built with a literal comma (no %2C): still valid because the server hashes what it received.
    const query = 'meetingID=course-even,course-odd';
    const checksum = nodeHash('sha256', `getRecordings${query}${SECRET}`);
    const body = await (await fetch(`${s.apiUrl}getRecordings?${query}&checksum=${checksum}`)).text();
    expect(body).toContain('<returncode>SUCCESS</returncode>');
    const tampered = await (await fetch(`${s.apiUrl}getRecordings?meetingID=course-odd&checksum=${checksum}`)).text();
    expect(tampered).toContain('checksumError');
  });

  it('explains a wrong secret in plain words', async () => {
    const s = await server();
    const client = new BbbClient({ apiUrl: s.url, secret: 'wrong', checksum: 'sha256' });
    const error = await expectCode(client.listRecordings({}), 'BBB_CHECKSUM_ERROR');
    expect(error.message).toMatch(/shared secret/);
    const report = await client.testConnection({});
    expect(report.ok).toBe(false);
    expect(report.server?.bbbVersion).toBe('2.7.2');
    expect(report.problem?.code).toBe('BBB_CHECKSUM_ERROR');
  });

  it('pages with offset/limit on 2.7 (totalElements at the top) and 3.0 (inside <pagination>)', async () => {
    for (const pagination of ['top', 'nested'] as const) {
      const s = await server({ recordings: recordings(250), pagination, bbbVersion: pagination === 'top' ? '2.7.2' : '3.0.4' });
      const client = new BbbClient({ apiUrl: s.url, secret: SECRET, checksum: 'sha256' });
      const result = await client.listRecordings({ states: ['any'] });
      expect(result.recordings).toHaveLength(250);
      expect(new Set(result.recordings.map((r) => r.recordId)).size).toBe(250);
      expect(result.paged).toBe(true);
      const offsets = s.requests.filter((r) => r.path.endsWith('getRecordings')).map((r) => new URLSearchParams(r.query).get('offset'));
      expect(offsets).toEqual(['0', '100', '200']);
    }
  });

  it('falls back when the server ignores paging (before 2.6): one read, de-duplicated', async () => {
    const s = await server({ recordings: recordings(150), pagination: 'none', bbbVersion: '2.5.9' });
    const client = new BbbClient({ apiUrl: s.url, secret: SECRET, checksum: 'sha1' });
    const result = await client.listRecordings({ states: ['any'] });
    expect(result.recordings).toHaveLength(150);
    expect(result.paged).toBe(false);
    expect(s.requests.filter((r) => r.path.endsWith('getRecordings'))).toHaveLength(1);
  });

  it('filters by meeting IDs, states and meta_* with BBB semantics (AND, % wildcards)', async () => {
    const s = await server();
    const client = new BbbClient({ apiUrl: s.url, secret: SECRET, checksum: 'sha512' });
    const even = await client.listRecordings({ meetingIds: ['course-even'] });
    expect(even.recordings.every((r) => r.meetingId === 'course-even')).toBe(true);
    const any = await client.listRecordings({ states: ['any'] });
    expect(any.recordings).toHaveLength(12);
    const processing = await client.listRecordings({ states: ['processing'] });
    expect(processing.recordings.map((r) => r.state)).toEqual(['processing']);
    const and = await client.listRecordings({ states: ['any'], metaFilters: { creator: 'jdoe', 'bbb-context': 'Phys%' } });
    expect(and.recordings.map((r) => r.participants)).toEqual([0, 4, 8].filter((i) => i % 3 === 0));
    const byId = await client.getRecording(recordings(12)[5]!.recordId);
    expect(byId.name).toBe('Séance 5');
  });

  it('speaks Scalelite: no SHA-384, OR across meta keys, no paging, newest first, filtered mode', async () => {
    const s = await server({ mode: 'scalelite', filteredMode: false, recordings: recordings(150) });
    const sha384 = new BbbClient({ apiUrl: s.url, secret: SECRET, checksum: 'sha384' });
    const report = await sha384.testConnection({});
    expect(report.ok).toBe(false);
    expect(report.server?.scalelite).toBe(true);
    expect(report.problem?.message).toMatch(/SHA-384/);
    const client = new BbbClient({ apiUrl: s.url, secret: SECRET, checksum: 'sha256' });
    const all = await client.listRecordings({ states: ['any'] });
    expect(all.paged).toBe(false);
    expect(all.recordings.map((r) => r.startTime)).toEqual([...all.recordings.map((r) => r.startTime!)].sort((a, b) => b - a));
    const or = await client.listRecordings({ states: ['any'], metaFilters: { creator: 'jdoe', 'bbb-context': 'Physique 101' } });
    expect(or.recordings).toHaveLength(recordings(150).filter((r) => r.metadata.creator === 'jdoe' || r.metadata['bbb-context'] === 'Physique 101').length);
    s.options.filteredMode = true;
    const error = await expectCode(client.listRecordings({}), 'BBB_MISSING_PARAMETERS');
    expect(error.message).toMatch(/meeting IDs/);
    expect((await client.listRecordings({ meetingIds: ['course-odd'] })).recordings.length).toBeGreaterThan(0);
  });

  it('turns FAILED answers, malformed XML, HTTP errors and timeouts into clear errors', async () => {
    const s = await server();
    const client = new BbbClient({ apiUrl: s.url, secret: SECRET, checksum: 'sha256' }, { timeoutMs: 300 });
    s.faults.push({ call: 'getRecordings', kind: 'failed', messageKey: 'serverUnavailable', message: 'No server' });
    expect((await expectCode(client.listRecordings({}), 'BBB_SERVER_UNAVAILABLE')).message).toMatch(/no BigBlueButton server available/);
    s.faults.splice(0, 1, { call: 'getRecordings', kind: 'malformed' });
    await expectCode(client.listRecordings({}), 'BBB_BAD_XML');
    s.faults.splice(0, 1, { call: 'getRecordings', kind: 'http500' });
    await expectCode(client.listRecordings({}), 'BBB_HTTP_ERROR');
    s.faults.splice(0, 1, { call: 'getRecordings', kind: 'slow', delayMs: 1500 });
    await expectCode(client.listRecordings({}), 'BBB_TIMEOUT');
    s.faults.length = 0;
    const noRecordings = await client.listRecordings({ meetingIds: ['nobody'] });
    expect(noRecordings.recordings).toEqual([]);
    const unreachable = new BbbClient({ apiUrl: 'http://127.0.0.1:9/bigbluebutton/api/', secret: SECRET, checksum: 'sha256' });
    expect((await unreachable.testConnection({})).problem?.code).toBe('BBB_UNREACHABLE');
    expect(() => new BbbClient({ apiUrl: 'bbb.example.edu', secret: SECRET, checksum: 'sha256' })).toThrow(/http/);
  });

  it('builds the same URL as the shared builder (no re-encoding after signing)', async () => {
    const client = new BbbClient({ apiUrl: 'https://bbb.example.edu', secret: SECRET, checksum: 'sha256' });
    const params = { meetingID: 'abc123', state: 'published,unpublished', offset: '0', limit: '50' };
    expect(client.signedUrl('getRecordings', params)).toBe(buildBbbUrl('https://bbb.example.edu/bigbluebutton/api/', 'getRecordings', params, SECRET, 'sha256', nodeHash));
  });
});

describe('recording downloads', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bbb-dl-'));
  const filesRoot = path.join(dir, 'root');
  const recordId = 'b'.repeat(40) + '-1700000000000';
  const big = Buffer.alloc(300_000, 7);
  big.write('BEGIN', 0);
  big.write('END', big.length - 3);
  writeFileSync(path.join(dir, 'dummy'), '');
  afterEach(() => servers.forEach((s) => (s.faults.length = 0)));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function fileServer() {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.join(filesRoot, 'presentation', recordId, 'video'), { recursive: true });
    writeFileSync(path.join(filesRoot, 'presentation', recordId, 'video', 'webcams.webm'), big);
    return server({ filesRoot });
  }

  it('resumes a cut download with Range and ends with the exact bytes', async () => {
    const s = await fileServer();
    s.faults.push({ call: 'files', kind: 'cut', afterBytes: 100_000, times: 2 });
    const dest = path.join(dir, 'out', 'webcams.webm');
    let progress = 0;
    await downloadFile(`${s.url}/presentation/${recordId}/video/webcams.webm`, dest, { maxBytes: 10_000_000, backoffMs: 10, onBytes: (d) => (progress += d) });
    expect(readFileSync(dest).equals(big)).toBe(true);
    expect(progress).toBe(big.length);
    const ranges = s.requests.filter((r) => r.path.endsWith('webcams.webm')).map((r) => r.range);
    // The first request has no Range; each retry continues exactly where the part file ended, because
    // every byte received before a cut is kept.
    expect(ranges).toEqual([null, 'bytes=100000-', 'bytes=200000-']);
  });

  it('refuses a file above the size limit and treats optional 404s as absent', async () => {
    const s = await fileServer();
    const dest = path.join(dir, 'out2', 'webcams.webm');
    await expectCode(downloadFile(`${s.url}/presentation/${recordId}/video/webcams.webm`, dest, { maxBytes: 1000 }), 'BBB_FILE_TOO_LARGE');
    expect(existsSync(dest)).toBe(false);
    expect(await downloadFile(`${s.url}/presentation/${recordId}/tldraw.json`, path.join(dir, 'out2', 'tldraw.json'), { maxBytes: 1000, optional: true })).toBe(false);
    await expectCode(downloadFile(`${s.url}/presentation/${recordId}/shapes.svg`, path.join(dir, 'out2', 'shapes.svg'), { maxBytes: 1000 }), 'BBB_FILE_MISSING');
  });

  it('runs work with bounded concurrency', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapLimit([1, 2, 3, 4, 5, 6, 7, 8], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 10));
      running--;
      return n * 2;
    });
    expect(results).toEqual([2, 4, 6, 8, 10, 12, 14, 16]);
    expect(peak).toBe(3);
  });
  it('downloads side by side, and the first failure stops the others before it is thrown', async () => {
    const stopped: string[] = [];
    const waitForStop = (name: string) => (signal: AbortSignal) =>
      new Promise<void>((_resolve, reject) => {
        signal.addEventListener('abort', () => {
          stopped.push(name);
          reject(new StudioError('CANCELLED', 'stopped'));
        });
      });
    const failing = async () => {
      await new Promise((r) => setTimeout(r, 5));
      throw new StudioError('BBB_FILE_MISSING', 'shapes.svg is missing');
    };
    await expectCode(allOrStop(undefined, [waitForStop('media'), failing, waitForStop('deskshare')]), 'BBB_FILE_MISSING');
    // Both were told to stop, and had stopped, when the failure came out.
    expect(stopped.sort()).toEqual(['deskshare', 'media']);
    // The caller's cancellation reaches every task.
    const cancel = new AbortController();
    const running = allOrStop(cancel.signal, [waitForStop('a'), waitForStop('b')]);
    cancel.abort();
    await expectCode(running, 'CANCELLED');
    expect(stopped).toContain('a');
    expect(stopped).toContain('b');
  });
});

describe('capsule bbb list prints what the server sends, safely', () => {
  it('strips the escape sequences of a hostile recording name before they reach the terminal', async () => {
    const { main } = await import('../../src/main/cli/main');
    const hostile = recordings(1).map((recording) => ({ ...recording, name: '\u001b]0;owned\u0007\u001b[2J\u001b[31mCours piégé\u001b[0m\r\n' }));
    const s = await server({ recordings: hostile });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'capsule-bbb-cli-'));
    try {
      const secretFile = path.join(dir, 'secret');
      writeFileSync(secretFile, SECRET);
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(['bbb', 'list', '--url', s.url, '--secret-file', secretFile, '--library', path.join(dir, 'lib')], { out: (t) => out.push(t), err: (t) => err.push(t) });
      expect(err).toEqual([]);
      expect(code).toBe(0);
      const printed = out.join('\n');
      expect(printed).toContain('Cours piégé');
      expect(printed).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      expect(printed).not.toContain('owned');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
