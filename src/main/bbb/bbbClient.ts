// Runs in Node (main side). Talks to a BigBlueButton or Scalelite API: signed calls (https://docs.bigbluebutton.org/development/api/#api-security-model), the
// version document, getRecordings with offset/limit paging and its fallback (https://docs.bigbluebutton.org/development/api/#getrecordings client rule), and a
// connection test that explains failures in plain words. The secret stays in this process.
import { createHash } from 'node:crypto';
import { StudioError } from '../../shared/errors';
import { buildBbbUrl, normaliseBbbApiBase, type BbbChecksumAlgorithm, type BbbParams, type HashFunction } from '../../shared/logic/bbbChecksum';
import type { BbbConnectionReport, BbbRecording, BbbRecordingState, BbbServerInfo } from '../../shared/domain/bbb';
import { parseRecordingsAnswer, parseServerInfo, type RecordingsPage } from './bbbXml';
import { getBounded } from '../net/boundedBody';

/**
 * Largest API answer read (an unpaged getRecordings of two thousand recordings is under 8 MiB);
 * larger ones are refused as BBB_ANSWER_TOO_LARGE while streaming, never buffered whole.
 */
export const MAX_API_ANSWER_BYTES = 8 * 1024 * 1024;
/** Time for a whole API exchange: connection, headers and body. */
export const API_TIMEOUT_MS = 30_000;

export const nodeHash: HashFunction = (algorithm, text) => createHash(algorithm).update(text, 'utf8').digest('hex');

export interface BbbServerConfig {
  apiUrl: string;
  secret: string;
  checksum: BbbChecksumAlgorithm;
}

export interface RecordingFilter {
  meetingIds?: readonly string[];
  recordIds?: readonly string[];
  metaFilters?: Readonly<Record<string, string>>;
  states?: readonly (BbbRecordingState | 'any')[];
}

export const PAGE_LIMIT = 100;
const MAX_PAGES = 500;

/** The getRecordings parameters of a filter, in a stable order (the checksum covers the exact string). */
export function recordingParams(filter: RecordingFilter, page?: { offset: number; limit: number }): [string, string][] {
  const params: [string, string][] = [];
  if (filter.recordIds && filter.recordIds.length > 0) params.push(['recordID', filter.recordIds.join(',')]);
  else if (filter.meetingIds && filter.meetingIds.length > 0) params.push(['meetingID', filter.meetingIds.join(',')]);
  if (filter.states && filter.states.length > 0) params.push(['state', filter.states.join(',')]);
  for (const [key, value] of Object.entries(filter.metaFilters ?? {})) {
    const clean = key.replace(/^meta_/, '');
    if (clean) params.push([`meta_${clean}`, value]);
  }
  if (page) params.push(['offset', String(page.offset)], ['limit', String(page.limit)]);
  return params;
}

export class BbbClient {
  readonly apiUrl: string;

  constructor(
    private readonly config: BbbServerConfig,
    private readonly options: { timeoutMs?: number; maxAnswerBytes?: number } = {},
  ) {
    const base = normaliseBbbApiBase(config.apiUrl);
    if (!base) throw new StudioError('BBB_BAD_URL', 'The server address must be an http(s) URL, for example https://bbb.example.edu/bigbluebutton/api/.');
    this.apiUrl = base;
    if (!config.secret) throw new StudioError('BBB_NO_SECRET', 'This server profile has no shared secret.');
  }

  /** The signed URL of a call. Never log it whole: the checksum is derived from the secret. */
  signedUrl(call: string, params: BbbParams): string {
    return buildBbbUrl(this.apiUrl, call, params, this.config.secret, this.config.checksum, nodeHash);
  }

  private async get(url: string, what: string, signal?: AbortSignal): Promise<string> {
    const timeoutMs = this.options.timeoutMs ?? API_TIMEOUT_MS;
    let answer: { status: number; ok: boolean; body: Buffer };
    try {
      answer = await getBounded(
        url,
        { signal, headers: { accept: 'text/xml, application/xml' } },
        { maxBytes: this.options.maxAnswerBytes ?? MAX_API_ANSWER_BYTES, timeoutMs, what: `the ${what} answer`, tooLargeCode: 'BBB_ANSWER_TOO_LARGE', timeoutCode: 'BBB_TIMEOUT' },
      );
    } catch (error) {
      if (signal?.aborted) throw new StudioError('CANCELLED', 'The operation was cancelled.');
      if (error instanceof StudioError) throw error;
      // got names the system's reason in `code` (ECONNREFUSED, ENOTFOUND, ECONNRESET).
      const reason = (error as { code?: unknown }).code;
      throw new StudioError('BBB_UNREACHABLE', `The BigBlueButton server cannot be reached (${typeof reason === 'string' ? reason : (error as Error).message}). Check the address and your network.`, {
        retryable: true,
      });
    }
    const { status, ok, body } = answer;
    if (!ok) {
      throw new StudioError('BBB_HTTP_ERROR', `The server answered ${what} with HTTP ${status}: is the address the BigBlueButton API?`, {
        status,
        retryable: status >= 500,
      });
    }
    return body.toString('utf8');
  }

  async serverInfo(signal?: AbortSignal): Promise<BbbServerInfo> {
    return parseServerInfo(await this.get(this.apiUrl, 'the version request', signal));
  }

  async getRecordingsPage(filter: RecordingFilter, page?: { offset: number; limit: number }, signal?: AbortSignal): Promise<RecordingsPage> {
    const xml = await this.get(this.signedUrl('getRecordings', recordingParams(filter, page)), 'getRecordings', signal);
    return parseRecordingsAnswer(xml);
  }

  /**
   * Every recording matching the filter. Sends offset/limit; stops on a short page; de-duplicates by
   * recordID so a server that ignores paging (before 2.6, Scalelite) is read once; totalElements is a hint.
   */
  async listRecordings(filter: RecordingFilter, signal?: AbortSignal): Promise<{ recordings: BbbRecording[]; paged: boolean | null }> {
    const seen = new Map<string, BbbRecording>();
    // Unknown until the server shows it: a single short page says nothing about paging.
    let paged: boolean | null = null;
    for (let pageIndex = 0; pageIndex < MAX_PAGES; pageIndex++) {
      const page = await this.getRecordingsPage(filter, { offset: pageIndex * PAGE_LIMIT, limit: PAGE_LIMIT }, signal);
      let fresh = 0;
      for (const recording of page.recordings) {
        if (!seen.has(recording.recordId)) {
          seen.set(recording.recordId, recording);
          fresh++;
        }
      }
      if (pageIndex === 0 && page.recordings.length > PAGE_LIMIT) paged = false;
      else if (pageIndex > 0 && fresh === 0 && page.recordings.length > 0) paged = false;
      else if (pageIndex > 0 && fresh > 0) paged = true;
      if (page.recordings.length < PAGE_LIMIT || fresh === 0 || paged === false) break;
      if (page.totalElements !== null && seen.size >= page.totalElements && page.totalElements > 0) {
        // A hint only (3.0 may overstate it): a full last page still asks for one more.
        continue;
      }
    }
    return { recordings: [...seen.values()], paged };
  }

  async getRecording(recordId: string, signal?: AbortSignal): Promise<BbbRecording> {
    const page = await this.getRecordingsPage({ recordIds: [recordId], states: ['any'] }, undefined, signal);
    const found = page.recordings.find((recording) => recording.recordId === recordId);
    if (!found) throw new StudioError('BBB_RECORDING_NOT_FOUND', `The server has no recording ${recordId}.`, { recordId });
    return found;
  }

  /** Version document, then one signed listing: proves the address, the secret and the algorithm. */
  async testConnection(filter: RecordingFilter, signal?: AbortSignal): Promise<BbbConnectionReport> {
    let server: BbbServerInfo | null = null;
    try {
      server = await this.serverInfo(signal);
      const page = await this.getRecordingsPage(filter, { offset: 0, limit: 1 }, signal);
      let problem: BbbConnectionReport['problem'] = null;
      if (server.scalelite && this.config.checksum === 'sha384') {
        problem = { code: 'BBB_CHECKSUM_ERROR', message: 'Scalelite does not accept SHA-384 checksums: choose SHA-256.' };
      }
      return { ok: problem === null, server, recordingsSeen: page.recordings.length, problem };
    } catch (error) {
      if (!(error instanceof StudioError) || error.code === 'CANCELLED') throw error;
      let message = error.message;
      if (error.code === 'BBB_CHECKSUM_ERROR' && server?.scalelite && this.config.checksum === 'sha384') {
        message = 'Scalelite does not accept SHA-384 checksums: choose SHA-256 (or SHA-1 / SHA-512).';
      }
      return { ok: false, server, recordingsSeen: null, problem: { code: error.code, message } };
    }
  }
}
