// Runs in Node (test tooling). A BigBlueButton / Scalelite API server on loopback, written from
// https://docs.bigbluebutton.org/development/api/#api-security-model, https://docs.bigbluebutton.org/development/api/#getrecordings, https://docs.bigbluebutton.org/development/api/: checksum validation over the raw query for SHA-1/256/384/512 (Scalelite:
// no SHA-384), the version document, getRecordings with meetingID / recordID (prefix) / state / meta_*
// filters and offset/limit paging (2.7: totalElements at the top, 3.0: inside <pagination>), FAILED
// answers, Scalelite's differences, fault knobs, and the published files with HTTP Range support.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export type FakeAlgorithm = 'sha1' | 'sha256' | 'sha384' | 'sha512';
const BY_LENGTH: Record<number, FakeAlgorithm> = { 40: 'sha1', 64: 'sha256', 96: 'sha384', 128: 'sha512' };

export interface FakeRecording {
  recordId: string;
  meetingId: string;
  name: string;
  state: 'processing' | 'processed' | 'published' | 'unpublished' | 'deleted';
  startTime: number;
  endTime: number;
  participants: number;
  metadata: Record<string, string>;
  /** Playback formats; URLs are built from the server's own address. */
  formats: { type: 'presentation' | 'video' | 'podcast'; lengthMinutes: number; previews?: string[] }[];
}

export interface FakeFault {
  /** Which API call misbehaves ('*' for all, 'files' for published files). */
  call: string;
  kind: 'failed' | 'malformed' | 'http500' | 'slow' | 'cut';
  messageKey?: string;
  message?: string;
  delayMs?: number;
  /** For 'cut': close the connection after this many bytes of a file, `times` times. */
  afterBytes?: number;
  times?: number;
}

export interface FakeBbbOptions {
  secret: string;
  mode?: 'bbb' | 'scalelite';
  bbbVersion?: string;
  /** Where getRecordings puts totalElements when paging: 2.7 at the top, 3.0 inside <pagination>; 'none' = no paging (before 2.6). */
  pagination?: 'top' | 'nested' | 'none';
  /** Scalelite GET_RECORDINGS_API_FILTERED=true: refuse unfiltered listings. */
  filteredMode?: boolean;
  /** Folder holding presentation/<id>/ and video/<id>/ (see generateRecording). */
  filesRoot?: string | ((recordId: string) => string | null);
  recordings: FakeRecording[];
  /**
   * Protected recordings (https://github.com/blindsidenetworks/scalelite): playback URLs are one-time `/recording/<id>/<format>?token=…`
   * links that set a cookie scoped to `/<format>/<id>`; raw files answer 403 without it.
   */
  protectedRecordings?: boolean;
}

export interface FakeBbbServer {
  url: string;
  apiUrl: string;
  options: FakeBbbOptions;
  /** Every request: method, path and the raw query, for assertions. */
  requests: { method: string; path: string; query: string; range: string | null }[];
  faults: FakeFault[];
  close(): Promise<void>;
}

const esc = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function xmlResponse(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<response>\n${body}\n</response>\n`;
}

function failed(messageKey: string, message: string): string {
  return xmlResponse(`<returncode>FAILED</returncode>\n<messageKey>${messageKey}</messageKey>\n<message>${esc(message)}</message>`);
}

/** BBB meta filter value: `%` at the start and/or end means suffix / prefix / contains. */
function metaMatches(value: string | undefined, pattern: string, wildcards: boolean): boolean {
  if (value === undefined) return false;
  if (!wildcards) return value === pattern;
  const starts = pattern.startsWith('%');
  const ends = pattern.endsWith('%') && pattern.length > 1;
  const core = pattern.slice(starts ? 1 : 0, ends ? -1 : undefined);
  if (starts && ends) return value.includes(core);
  if (starts) return value.endsWith(core);
  if (ends) return value.startsWith(core);
  return value === core;
}

export function filterRecordings(all: readonly FakeRecording[], params: URLSearchParams, mode: 'bbb' | 'scalelite'): FakeRecording[] {
  let list = [...all];
  const recordIds = params.get('recordID');
  const meetingIds = params.get('meetingID');
  if (recordIds) {
    const prefixes = recordIds.split(',').map((s) => s.trim()).filter(Boolean);
    list = list.filter((r) => prefixes.some((prefix) => r.recordId.startsWith(prefix)));
  } else if (meetingIds) {
    const ids = meetingIds.split(',').map((s) => s.trim());
    list = list.filter((r) => ids.includes(r.meetingId));
  }
  const stateParam = params.get('state');
  const states = stateParam ? stateParam.split(',').map((s) => s.trim()) : ['published', 'unpublished'];
  if (!states.includes('any')) list = list.filter((r) => states.includes(r.state));
  const metaFilters = [...params.entries()].filter(([key]) => key.startsWith('meta_')).map(([key, value]) => [key.slice(5), value] as const);
  if (metaFilters.length > 0) {
    if (mode === 'bbb') {
      list = list.filter((r) => metaFilters.every(([key, value]) => metaMatches(r.metadata[key], value, true)));
    } else {
      list = list.filter((r) => metaFilters.some(([key, value]) => value.split(',').some((v) => metaMatches(r.metadata[key], v, false))));
    }
  }
  if (mode === 'scalelite') list.sort((a, b) => b.startTime - a.startTime);
  return list;
}

function recordingXml(r: FakeRecording, base: string, mode: 'bbb' | 'scalelite', token: ((recordId: string, format: string) => string) | null): string {
  const meta = Object.entries({ meetingName: r.name, meetingId: r.meetingId, ...r.metadata })
    .map(([key, value]) => (mode === 'scalelite' ? `<${key}><![CDATA[${value}]]></${key}>` : `<${key}>${esc(value)}</${key}>`))
    .join('');
  const formats = r.formats
    .map((f) => {
      const url = token
        ? `${base}/recording/${r.recordId}/${f.type}?token=${token(r.recordId, f.type)}`
        : f.type === 'presentation'
          ? `${base}/playback/presentation/2.3/${r.recordId}`
          : f.type === 'video'
            ? `${base}/playback/video/${r.recordId}/`
            : `${base}/podcast/${r.recordId}/audio.ogg`;
      const previews = (f.previews ?? [])
        .map((href, i) => `<image alt="Slide ${i + 1}" height="136" width="176">${base}/presentation/${r.recordId}/${href}</image>`)
        .join('');
      return `<format><type>${f.type}</type><url>${url}</url><processingTime>1234</processingTime><length>${f.lengthMinutes}</length>${previews ? `<preview><images>${previews}</images></preview>` : ''}</format>`;
    })
    .join('');
  const bbbOnly = mode === 'bbb' ? `<isBreakout>false</isBreakout><rawSize>1234567</rawSize>` : '';
  return `<recording><recordID>${r.recordId}</recordID><meetingID>${esc(r.meetingId)}</meetingID><internalMeetingID>${r.recordId}</internalMeetingID><name>${esc(r.name)}</name>${bbbOnly}<published>${r.state === 'published'}</published><state>${r.state}</state><startTime>${r.startTime}</startTime><endTime>${r.endTime}</endTime><participants>${r.participants}</participants><metadata>${meta}</metadata><playback>${formats}</playback></recording>`;
}

function contentType(file: string): string {
  const ext = path.extname(file).toLowerCase();
  return (
    { '.xml': 'text/xml', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.webm': 'video/webm', '.m4v': 'video/mp4', '.mp4': 'video/mp4', '.html': 'text/html' }[ext] ??
    'application/octet-stream'
  );
}

export async function startFakeBbb(options: FakeBbbOptions): Promise<FakeBbbServer> {
  const mode = options.mode ?? 'bbb';
  const pagination = options.pagination ?? (mode === 'scalelite' ? 'none' : 'top');
  const requests: FakeBbbServer['requests'] = [];
  const faults: FakeFault[] = [];
  let base = '';

  // Protected mode: one-time tokens → cookies (value random per grant), checked on every raw file.
  const tokens = new Map<string, { recordId: string; format: string }>();
  const cookies = new Set<string>();
  const issueToken = (recordId: string, format: string) => {
    const token = createHash('sha1').update(`${recordId}${format}${Math.random()}`).digest('hex');
    tokens.set(token, { recordId, format });
    return token;
  };
  const faultFor = (call: string) => faults.find((f) => f.call === call || f.call === '*');

  const api = (call: string, rawQuery: string): string => {
    const parts = rawQuery.split('&');
    let checksum: string | null = null;
    const kept: string[] = [];
    for (const part of parts) {
      if (part.startsWith('checksum=')) checksum = part.slice(9);
      else if (part) kept.push(part);
    }
    const query = kept.join('&');
    const mismatch = mode === 'scalelite' ? 'You did not pass the checksum security check' : 'Checksums do not match';
    const algorithm = checksum ? BY_LENGTH[checksum.length] : undefined;
    if (!checksum || !algorithm || (mode === 'scalelite' && algorithm === 'sha384')) return failed('checksumError', mismatch);
    const expected = createHash(algorithm).update(call + query + options.secret, 'utf8').digest('hex');
    if (expected !== checksum.toLowerCase()) return failed('checksumError', mismatch);
    const params = new URLSearchParams(query);
    switch (call) {
      case 'getRecordings': {
        if (mode === 'scalelite' && options.filteredMode && !params.get('meetingID') && !params.get('recordID')) {
          return failed('missingParameters', 'param meetingID or recordID must be included.');
        }
        let list = filterRecordings(options.recordings, params, mode);
        const total = list.length;
        const paging = mode === 'bbb' && pagination !== 'none' && (params.has('offset') || params.has('limit'));
        if (paging) {
          const offset = Math.max(0, Number.parseInt(params.get('offset') ?? '0', 10) || 0);
          const limit = Math.min(100, Math.max(1, Number.parseInt(params.get('limit') ?? '100', 10) || 100));
          list = list.slice(offset, offset + limit);
        }
        const totalXml = paging ? (pagination === 'top' ? `<totalElements>${total}</totalElements>` : `<pagination><totalElements>${total}</totalElements></pagination>`) : '';
        if (list.length === 0) {
          return xmlResponse(`<returncode>SUCCESS</returncode><recordings></recordings><messageKey>noRecordings</messageKey><message>There are no recordings for the meeting(s).</message>${totalXml}`);
        }
        return xmlResponse(`<returncode>SUCCESS</returncode><recordings>${list.map((r) => recordingXml(r, base, mode, options.protectedRecordings ? issueToken : null)).join('\n')}</recordings>${totalXml}`);
      }
      case 'getMeetings':
        return xmlResponse('<returncode>SUCCESS</returncode><meetings/><messageKey>noMeetings</messageKey><message>no meetings were found on this server</message>');
      case 'isMeetingRunning':
        return params.get('meetingID') ? xmlResponse('<returncode>SUCCESS</returncode><running>false</running>') : failed('missingParamMeetingID', 'You must specify a meeting ID for the meeting.');
      default:
        return failed('unsupportedRequest', 'This request is not supported.');
    }
  };

  const serveFile = (req: http.IncomingMessage, res: http.ServerResponse, file: string) => {
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>404 Not Found</body></html>');
      return;
    }
    const size = statSync(file).size;
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    let start = 0;
    let end = size - 1;
    if (range) {
      start = Number(range[1]);
      end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      if (start >= size) {
        res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
        return;
      }
      res.writeHead(206, { 'content-type': contentType(file), 'content-length': end - start + 1, 'content-range': `bytes ${start}-${end}/${size}`, 'accept-ranges': 'bytes' });
    } else {
      res.writeHead(200, { 'content-type': contentType(file), 'content-length': size, 'accept-ranges': 'bytes' });
    }
    if (req.method === 'HEAD') return void res.end();
    const cut = faults.find((f) => f.call === 'files' && f.kind === 'cut' && (f.times ?? 1) > 0 && size > (f.afterBytes ?? 0) + start);
    if (cut) {
      cut.times = (cut.times ?? 1) - 1;
      // The first bytes really reach the client before the connection drops, as when a network
      // fails mid-file: destroying on the read stream's end could drop what `res` still buffered.
      const head = readFileSync(file).subarray(start, start + (cut.afterBytes ?? 0));
      res.write(head, () => res.socket?.destroySoon());
      return;
    }
    createReadStream(file, { start, end }).pipe(res);
  };

  const rootFor = (recordId: string): string | null => {
    if (!options.filesRoot) return null;
    return typeof options.filesRoot === 'function' ? options.filesRoot(recordId) : options.filesRoot;
  };

  const server = http.createServer((req, res) => {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const pathname = decodeURIComponent(q < 0 ? rawUrl : rawUrl.slice(0, q));
    const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1);
    requests.push({ method: req.method ?? 'GET', path: pathname, query: rawQuery, range: req.headers.range ?? null });

    const apiMatch = /^\/bigbluebutton\/api\/?([A-Za-z]*)$/.exec(pathname);
    if (apiMatch) {
      const call = apiMatch[1] ?? '';
      const fault = faultFor(call || 'version');
      const send = (status: number, body: string) => res.writeHead(status, { 'content-type': 'text/xml;charset=utf-8' }).end(body);
      const answer = () => {
        if (fault?.kind === 'http500') return send(500, '<html><body>Internal Server Error</body></html>');
        if (fault?.kind === 'malformed') return send(200, '<response><returncode>SUCCESS</returncode><recordings><recording><recordID>x</recording>');
        if (fault?.kind === 'failed') return send(200, failed(fault.messageKey ?? 'serverUnavailable', fault.message ?? 'No server available.'));
        if (!call) {
          const version =
            mode === 'scalelite'
              ? '<returncode>SUCCESS</returncode><version>2.0</version><build>v1.5.3</build>'
              : `<returncode>SUCCESS</returncode><version>2.0</version><apiVersion>2.0</apiVersion><bbbVersion>${options.bbbVersion ?? '2.7.2'}</bbbVersion>${
                  (options.bbbVersion ?? '').startsWith('3') ? `<graphqlWebsocketUrl>wss://${req.headers.host}/graphql</graphqlWebsocketUrl><graphqlApiUrl>${base}/api/rest</graphqlApiUrl>` : ''
                }`;
          return send(200, xmlResponse(version));
        }
        return send(200, api(call, rawQuery));
      };
      if (fault?.kind === 'slow') setTimeout(answer, fault.delayMs ?? 2000);
      else answer();
      return;
    }

    const grant = /^\/recording\/([^/]+)\/([a-z]+)$/.exec(pathname);
    if (grant && options.protectedRecordings) {
      const token = new URLSearchParams(rawQuery).get('token') ?? '';
      const granted = tokens.get(token);
      if (!granted || granted.recordId !== grant[1] || granted.format !== grant[2]) return void res.writeHead(404).end('invalid or expired token');
      tokens.delete(token); // one-time
      const value = createHash('sha1').update(`${token}cookie`).digest('hex');
      cookies.add(`${granted.format}:${granted.recordId}:${value}`);
      const playback = granted.format === 'presentation' ? `/playback/presentation/2.3/${granted.recordId}` : `/playback/${granted.format}/${granted.recordId}/`;
      res.writeHead(302, { location: playback, 'set-cookie': `recording_${granted.format}_${granted.recordId}=${value}; Path=/${granted.format}/${granted.recordId}; HttpOnly` }).end();
      return;
    }
    const files = /^\/(presentation|playback\/video|video)\/([^/]+)\/(.*)$/.exec(pathname);
    if (files && (req.method === 'GET' || req.method === 'HEAD')) {
      const [, kind, recordId, rest] = files as unknown as [string, string, string, string];
      const root = rootFor(recordId);
      const fault = faultFor('files');
      if (fault?.kind === 'http500') return void res.writeHead(500).end('busy');
      if (!root) return void res.writeHead(404).end('not found');
      if (options.protectedRecordings) {
        const format = kind === 'presentation' ? 'presentation' : 'video';
        const sent = /(?:^|;\s*)recording_[a-z]+_[^=]+=([0-9a-f]+)/.exec(req.headers.cookie ?? '')?.[1];
        if (!sent || !cookies.has(`${format}:${recordId}:${sent}`)) return void res.writeHead(403).end('forbidden: no recording cookie');
      }
      const folder = kind === 'presentation' ? 'presentation' : 'video';
      const dir = path.join(root, folder, recordId);
      const file = path.resolve(dir, rest === '' ? 'index.html' : rest);
      if (!file.startsWith(dir + path.sep)) return void res.writeHead(403).end('forbidden');
      if (fault?.kind === 'slow') return void setTimeout(() => serveFile(req, res, file), fault.delayMs ?? 500);
      return serveFile(req, res, file);
    }
    res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>404 Not Found</body></html>');
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    apiUrl: `${base}/bigbluebutton/api/`,
    options,
    requests,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The getRecordings entry of a generated fixture. */
export function fakeRecordingFromSpec(spec: {
  recordId: string;
  meetingId: string;
  name: string;
  startTime: number;
  durationSec: number;
  participants?: number;
  metadata?: Record<string, string>;
  videoFormat?: boolean;
}): FakeRecording {
  const minutes = Math.round(spec.durationSec / 60);
  return {
    recordId: spec.recordId,
    meetingId: spec.meetingId,
    name: spec.name,
    state: 'published',
    startTime: spec.startTime,
    endTime: spec.startTime + Math.round(spec.durationSec * 1000),
    participants: spec.participants ?? 1,
    metadata: spec.metadata ?? {},
    formats: [
      { type: 'presentation', lengthMinutes: minutes, previews: ['presentation/p1/thumbnails/thumb-1.png', 'presentation/p1/thumbnails/thumb-2.png'] },
      ...(spec.videoFormat ? [{ type: 'video' as const, lengthMinutes: minutes }] : []),
    ],
  };
}
