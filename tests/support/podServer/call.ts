// Runs in Node (test tooling). One request to the fake Pod as route modules see it: the parsed URL,
// the authenticated user, Pod's exact response shapes, DRF-style body reading and pagination.
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { boundaryOf, MultipartError, parseMultipart, type StoredFile } from './multipart';
import { requestLanguage, translateErrors, type PodLanguage } from './i18n';
import type { PodState, PodUser } from './state';

export const PAGE_SIZE = 12;

/** What the server received, for tests to assert on. */
export interface ReceivedRequest {
  method: string;
  path: string;
  query: string;
  contentType: string | null;
  acceptLanguage: string | null;
  /** 'token:<username>', 'basic:<username>', 'none' or 'rejected'. */
  auth: string;
  fields?: [string, string][];
  files?: StoredFile[];
  json?: unknown;
}

/** A body as DRF's parsers see it: JSON data, or form fields (repeated keys for many-to-many) and files. */
export interface RequestInput {
  kind: 'json' | 'form';
  json: Record<string, unknown>;
  fields: [string, string][];
  files: StoredFile[];
}

export class HttpAnswered extends Error {}

export interface CallOptions {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  state: PodState;
  uploadDir: string;
  record: ReceivedRequest;
  /** Set by the `cutAfterCreate` fault: the work is done but the answer never leaves. */
  cutResponse: boolean;
  /** Set by the `resetMidUpload` fault: destroy the socket after this many body bytes. */
  resetAfterBytes: number | null;
}

export class RouteCall {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly state: PodState;
  readonly record: ReceivedRequest;
  user: PodUser | null = null;
  match: RegExpExecArray | null = null;
  private readonly uploadDir: string;
  private readonly cutResponse: boolean;
  private readonly resetAfterBytes: number | null;

  constructor(options: CallOptions) {
    this.req = options.req;
    this.res = options.res;
    this.url = options.url;
    this.state = options.state;
    this.uploadDir = options.uploadDir;
    this.record = options.record;
    this.cutResponse = options.cutResponse;
    this.resetAfterBytes = options.resetAfterBytes;
  }

  /** The absolute base Pod writes into URLs: from the Host header, unless a knob says otherwise. */
  get base(): string {
    return this.state.knobs.absoluteBase ?? `http://${this.req.headers.host ?? '127.0.0.1'}`;
  }

  /** The language Django's LocaleMiddleware activates for this request (Accept-Language, else LANGUAGE_CODE). */
  get language(): PodLanguage {
    return requestLanguage(this.req.headers['accept-language'], this.state.knobs.languageCode);
  }

  abs(apiPath: string): string {
    return `${this.base}${apiPath}`;
  }

  param(index: number): string {
    return this.match?.[index] ?? '';
  }

  send(status: number, body: string, contentType: string, headers: Record<string, string> = {}): void {
    if (this.cutResponse) {
      // The fault under test: the server did its work, then the connection drops before any answer.
      this.req.socket.destroy();
      return;
    }
    // LocaleMiddleware names the active language on every Django answer.
    this.res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body)), 'Content-Language': this.language, ...headers });
    this.res.end(body);
  }

  json(status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.send(status, JSON.stringify(body), 'application/json', { Vary: 'Accept, Accept-Language', Allow: 'GET, POST, HEAD, OPTIONS', ...headers });
  }

  html(status: number, title: string, text: string): void {
    this.send(status, `<!DOCTYPE html><html lang="${this.language}"><head><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`, 'text/html; charset=utf-8');
  }

  /** `{"detail": …}` in the request's language (DRF's French catalogue when it is French). */
  detail(status: number, detail: string, headers: Record<string, string> = {}): void {
    this.json(status, translateErrors({ detail }, this.language), headers);
  }

  /** A 400 of field errors, each message in the request's language. */
  fieldErrors(errors: Record<string, string[]>): void {
    this.json(400, translateErrors(errors, this.language));
  }

  /** The 404 text of `get_object_or_404`, which changed between DRF 3.14 (Pod 3.x) and 3.15 (4.x). */
  notFound(model = 'Video'): void {
    this.detail(404, this.state.isV3 ? 'Not found.' : `No ${model} matches the given query.`);
  }

  /** Django's HTML 404 for a prefix that is not routed (e.g. podfile off). */
  notRouted(): void {
    this.html(404, 'Page not found', `The requested resource ${this.url.pathname} was not found on this server.`);
  }

  /** Pod's 500.html (DEBUG off), in the request's language. */
  serverErrorHtml(): void {
    if (this.language === 'fr') this.html(500, 'Erreur 500', 'Une erreur est survenue sur le serveur.');
    else this.html(500, 'Error 500', 'A server error occurred.');
  }

  /** Reads the body like DRF: JSON, multipart (files streamed to disk) or urlencoded; anything else is a 415. */
  async input(): Promise<RequestInput> {
    const contentType = (this.req.headers['content-type'] ?? '').toLowerCase();
    const empty: RequestInput = { kind: 'form', json: {}, fields: [], files: [] };
    if (contentType.startsWith('multipart/form-data')) {
      const boundary = boundaryOf(this.req.headers['content-type']);
      if (!boundary) {
        this.detail(400, 'Multipart form parse error - Invalid boundary in multipart: None');
        throw new HttpAnswered();
      }
      try {
        const form = await parseMultipart(
          this.req,
          boundary,
          (_field, filename) => (this.state.knobs.storeFiles ? path.join(this.uploadDir, `${Date.now()}-${Math.random().toString(36).slice(2)}-${path.basename(filename) || 'file'}`) : null),
          (received) => {
            if (this.resetAfterBytes !== null && received >= this.resetAfterBytes) this.req.socket.destroy();
          },
          { hash: this.state.knobs.hashUploads },
        );
        this.record.fields = form.fields;
        this.record.files = form.files;
        return { kind: 'form', json: {}, fields: form.fields, files: form.files };
      } catch (error) {
        if (error instanceof MultipartError) {
          this.detail(400, `Multipart form parse error - ${error.message}`);
          throw new HttpAnswered();
        }
        throw error;
      }
    }
    const chunks: Buffer[] = [];
    for await (const chunk of this.req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (text === '' && !contentType) return empty;
    if (contentType.startsWith('application/json')) {
      try {
        const json = JSON.parse(text === '' ? '{}' : text) as unknown;
        this.record.json = json;
        if (typeof json !== 'object' || json === null || Array.isArray(json)) {
          this.fieldErrors({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });
          throw new HttpAnswered();
        }
        return { kind: 'json', json: json as Record<string, unknown>, fields: [], files: [] };
      } catch (error) {
        if (error instanceof HttpAnswered) throw error;
        this.detail(400, `JSON parse error - ${(error as Error).message}`);
        throw new HttpAnswered();
      }
    }
    if (contentType.startsWith('application/x-www-form-urlencoded')) {
      const fields = [...new URLSearchParams(text).entries()];
      this.record.fields = fields;
      return { kind: 'form', json: {}, fields, files: [] };
    }
    this.detail(415, `Unsupported media type "${this.req.headers['content-type'] ?? ''}" in request.`);
    throw new HttpAnswered();
  }

  /** DRF PageNumberPagination: 12 a page, `page_size` ignored, absolute `next`/`previous` keeping other parameters. */
  paginate<T>(items: T[], serialize: (item: T) => unknown): void {
    const raw = this.url.searchParams.get('page');
    const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
    const page = raw === null ? 1 : /^\d+$/.test(raw) || raw === 'last' ? (raw === 'last' ? pages : Number(raw)) : NaN;
    if (!Number.isInteger(page) || page < 1 || page > pages) {
      this.detail(404, 'Invalid page.');
      return;
    }
    const link = (target: number | null): string | null => {
      if (target === null) return null;
      const params = new URLSearchParams(this.url.searchParams);
      if (target === 1) params.delete('page');
      else params.set('page', String(target));
      const search = params.toString();
      return `${this.base}${this.url.pathname}${search ? `?${search}` : ''}`;
    };
    this.json(200, {
      count: items.length,
      next: link(page < pages ? page + 1 : null),
      previous: link(page > 1 ? page - 1 : null),
      results: items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map(serialize),
    });
  }
}

/** Accessors over a RequestInput that follow DRF's rules for each kind of body. */
export class InputReader {
  constructor(readonly input: RequestInput) {}

  has(name: string): boolean {
    return this.input.kind === 'json' ? name in this.input.json : this.input.fields.some(([key]) => key === name) || this.input.files.some((file) => file.field === name);
  }

  value(name: string): unknown {
    if (this.input.kind === 'json') return this.input.json[name];
    return this.input.fields.find(([key]) => key === name)?.[1];
  }

  /** Many-to-many values: a JSON array, or every repetition of a multipart key (absent = empty list). */
  list(name: string): unknown[] | undefined {
    if (this.input.kind === 'json') {
      const value = this.input.json[name];
      if (value === undefined) return undefined;
      return Array.isArray(value) ? value : [value];
    }
    return this.input.fields.filter(([key]) => key === name).map(([, value]) => value);
  }

  file(name: string): import('./multipart').StoredFile | 'not_a_file' | undefined {
    const file = this.input.files.find((item) => item.field === name);
    if (file) return file;
    if (this.has(name)) return 'not_a_file';
    return undefined;
  }
}

export type HyperlinkResult = { ok: true; id: number | string } | { ok: false; message: string };

/** DRF's HyperlinkedRelatedField: path or absolute URL (host ignored) of `/rest/<route>/<key>/`. */
export function resolveHyperlink(value: unknown, route: string, exists: (key: string) => boolean, bySlug = false): HyperlinkResult {
  if (typeof value === 'number') return { ok: false, message: 'Incorrect type. Expected URL string, received int.' };
  if (typeof value !== 'string') return { ok: false, message: `Incorrect type. Expected URL string, received ${value === null ? 'NoneType' : typeof value}.` };
  let pathname: string;
  try {
    pathname = new URL(value, 'http://relative.invalid').pathname;
  } catch {
    return { ok: false, message: 'Invalid hyperlink - No URL match.' };
  }
  const pattern = bySlug ? new RegExp(`^/rest/${route}/([-\\w]+)/$`) : new RegExp(`^/rest/${route}/(\\d+)/$`);
  const match = pattern.exec(pathname);
  if (!match?.[1]) return { ok: false, message: 'Invalid hyperlink - No URL match.' };
  if (!exists(match[1])) return { ok: false, message: 'Invalid hyperlink - Object does not exist.' };
  return { ok: true, id: bySlug ? match[1] : Number(match[1]) };
}

/** DRF BooleanField's accepted spellings. */
export function parseBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
  if (typeof value !== 'string') return null;
  if (['true', 'True', 'TRUE', 't', 'T', 'yes', 'on', '1', 'Y', 'y', 'Yes', 'On'].includes(value)) return true;
  if (['false', 'False', 'FALSE', 'f', 'F', 'no', 'off', '0', 'N', 'n', 'No', 'Off'].includes(value)) return false;
  return null;
}
