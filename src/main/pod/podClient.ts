// Runs in Node (main side). The Pod REST client (got 14): token auth, JSON only when the server says JSON,
// never following redirects (a followed 301 turns a POST into a GET, https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/main/rest_router.py), every list paged
// to the end with `next` re-based on the configured server (the token never goes to another host),
// and a streamed multipart upload with progress.
import type { Readable } from 'node:stream';
import got, { type Progress } from 'got';
import { StudioError } from '../../shared/errors';
import { apiUrl, rebaseOnServer } from '../../shared/logic/podUrls';
import { httpError, networkError, POD_ERROR, type PodHttpAnswer } from './podErrors';
import { multipartStream, type MultipartLayout } from './multipartBody';

export interface PodTimeouts {
  /** DNS + TCP + TLS. */
  connectMs: number;
  /** No byte moving in either direction for this long (uploads included). */
  idleMs: number;
  /** From the end of the request to the first byte of the answer (Pod stores a big upload before answering). */
  responseMs: number;
}

export const DEFAULT_TIMEOUTS: PodTimeouts = { connectMs: 20_000, idleMs: 120_000, responseMs: 15 * 60_000 };

/** Bounds of an answer: Pod's JSON is small (a page holds 12 items), so anything far bigger or slower is not Pod working normally. */
export interface PodAnswerLimits {
  /** Bytes of one answer body. */
  maxBytes: number;
  /** Whole request, from start to the last byte of the answer, for requests that send no file. */
  maxMs: number;
}

export const DEFAULT_ANSWER_LIMITS: PodAnswerLimits = { maxBytes: 8 * 1024 * 1024, maxMs: 120_000 };

export interface PodClientOptions {
  baseUrl: string;
  /** null for the unauthenticated `/info_pod.json`. */
  token: string | null;
  /** The instance's language: Pod writes translated titles in the request's language (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/translation.py). */
  language?: string;
  timeouts?: Partial<PodTimeouts>;
  limits?: Partial<PodAnswerLimits>;
  userAgent?: string;
}

export interface PodRequest {
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  multipart?: MultipartLayout;
  signal?: AbortSignal;
  onUploadProgress?: (sentBytes: number, totalBytes: number) => void;
  /** A short phrase for error messages: "uploading the video". */
  what: string;
  /** Statuses that are answers, not failures (default 200 and 201, and 204). */
  accept?: number[];
  authenticated?: boolean;
  /** Overrides the client's Accept-Language; null sends none (the server then answers in its own language). */
  language?: string | null;
}

export interface PodPage<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export class PodClient {
  readonly baseUrl: string;
  readonly host: string;
  private readonly token: string | null;
  private readonly language: string;
  private readonly timeouts: PodTimeouts;
  private readonly limits: PodAnswerLimits;
  private readonly userAgent: string;

  constructor(options: PodClientOptions) {
    this.baseUrl = options.baseUrl;
    this.host = new URL(options.baseUrl).host;
    this.token = options.token;
    this.language = options.language ?? 'fr';
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.limits = { ...DEFAULT_ANSWER_LIMITS, ...options.limits };
    this.userAgent = options.userAgent ?? 'CapsuleStudio';
  }

  /** The same server and token, writing in another language (the instance's, once known). */
  withLanguage(language: string): PodClient {
    return new PodClient({ baseUrl: this.baseUrl, token: this.token, language, timeouts: this.timeouts, limits: this.limits, userAgent: this.userAgent });
  }

  async request<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'OPTIONS', pathOrUrl: string, request: PodRequest): Promise<{ status: number; body: T; contentLanguage: string | null }> {
    const url = /^https?:\/\//.test(pathOrUrl) ? rebaseOnServer(this.baseUrl, pathOrUrl) : apiUrl(this.baseUrl, pathOrUrl, request.query);
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': this.userAgent };
    const language = request.language === undefined ? this.language : request.language;
    if (language !== null) headers['Accept-Language'] = language;
    if (request.authenticated !== false) {
      if (!this.token) throw new StudioError(POD_ERROR.noToken, 'No API token is stored for this Pod server.');
      headers.Authorization = `Token ${this.token}`;
    }
    let body: string | Readable | undefined;
    if (request.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(request.json);
    } else if (request.multipart) {
      headers['Content-Type'] = request.multipart.contentType;
      headers['Content-Length'] = String(request.multipart.length);
      body = multipartStream(request.multipart);
    }
    if (request.signal?.aborted) throw new StudioError('CANCELLED', 'The operation was cancelled.');
    let answer: PodHttpAnswer;
    let contentLanguage: string | null = null;
    let tooLarge = false;
    try {
      const promise = got(url, {
        method,
        headers,
        body,
        followRedirect: false,
        throwHttpErrors: false,
        retry: { limit: 0 },
        decompress: true,
        responseType: 'text',
        signal: request.signal,
        timeout: {
          lookup: this.timeouts.connectMs,
          connect: this.timeouts.connectMs,
          secureConnect: this.timeouts.connectMs,
          socket: this.timeouts.idleMs,
          response: this.timeouts.responseMs,
          // A file upload may take hours; every other request is bounded as a whole.
          request: request.multipart ? undefined : this.limits.maxMs,
        },
      });
      // `on` returns the request itself, awaited below: nothing is left floating.
      void promise.on('downloadProgress', (progress: Progress) => {
        if (progress.transferred > this.limits.maxBytes && !tooLarge) {
          tooLarge = true;
          promise.cancel();
        }
      });
      if (request.onUploadProgress && request.multipart) {
        const total = request.multipart.length;
        void promise.on('uploadProgress', (progress: Progress) => request.onUploadProgress!(progress.transferred, total));
      }
      const response = await promise;
      const contentType = String(response.headers['content-type'] ?? '');
      contentLanguage = typeof response.headers['content-language'] === 'string' ? response.headers['content-language'] : null;
      let json: unknown;
      if (/^application\/(.+\+)?json/i.test(contentType) && response.body !== '') {
        try {
          json = JSON.parse(response.body) as unknown;
        } catch {
          // A JSON content type with a broken body is a proxy or server fault: report it as not JSON.
          json = undefined;
        }
      }
      answer = { status: response.statusCode, contentType, text: response.body, json };
    } catch (error) {
      if (error instanceof StudioError) throw error;
      if (tooLarge) {
        throw new StudioError(POD_ERROR.answerTooLarge, `${this.host} sent more than ${Math.round(this.limits.maxBytes / 1024 / 1024)} MiB while ${request.what}; a Pod answer is far smaller, so the answer was dropped.`, {
          host: this.host,
          limitBytes: this.limits.maxBytes,
        });
      }
      if (request.signal?.aborted) throw new StudioError('CANCELLED', 'The operation was cancelled.');
      if ((error as { name?: string; event?: string }).name === 'TimeoutError' && (error as { event?: string }).event === 'request') {
        throw new StudioError(POD_ERROR.answerTooSlow, `${this.host} took more than ${this.limits.maxMs >= 1000 ? `${Math.round(this.limits.maxMs / 1000)} s` : `${this.limits.maxMs} ms`} to answer while ${request.what}; the request was stopped.`, {
          host: this.host,
          limitMs: this.limits.maxMs,
        });
      }
      throw networkError(error, this.host);
    }
    const accepted = request.accept ?? [200, 201, 204];
    if (!accepted.includes(answer.status)) throw httpError(answer, request.what, this.host);
    if (answer.status !== 204 && answer.json === undefined && method !== 'DELETE') {
      throw new StudioError(POD_ERROR.notPod, `${this.host} did not answer like a Pod server while ${request.what} (HTTP ${answer.status}, ${answer.contentType || 'no content type'} instead of JSON).`, {
        status: answer.status,
        bodyStart: answer.text.slice(0, 200),
      });
    }
    return { status: answer.status, body: answer.json as T, contentLanguage };
  }

  get<T>(path: string, what: string, options: Omit<PodRequest, 'what'> = {}): Promise<T> {
    return this.request<T>('GET', path, { ...options, what }).then((answer) => answer.body);
  }

  /** Every item of a paginated list (12 a page), following `next` until null. */
  async listAll<T>(path: string, what: string, options: Omit<PodRequest, 'what'> = {}): Promise<T[]> {
    const items: T[] = [];
    let page = await this.get<PodPage<T>>(path, what, options);
    const seen = new Set<string>();
    for (;;) {
      if (!page || !Array.isArray(page.results)) throw new StudioError(POD_ERROR.notPod, `${this.host} answered a list without results while ${what}.`);
      items.push(...page.results);
      if (!page.next) return items;
      const next = rebaseOnServer(this.baseUrl, page.next);
      if (seen.has(next)) throw new StudioError(POD_ERROR.badResponse, `Pod's list pages loop while ${what}.`);
      seen.add(next);
      page = await this.get<PodPage<T>>(next, what, { signal: options.signal, authenticated: options.authenticated });
    }
  }
}
