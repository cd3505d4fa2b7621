// Runs everywhere (shared, pure). Builds signed BigBlueButton API URLs (https://docs.bigbluebutton.org/development/api/#api-security-model): the query is
// serialised once, `call + query + secret` is hashed, and the checksum is appended without re-encoding.
// The hash function is injected so this file stays free of Node (the main side passes node:crypto).

export const BBB_CHECKSUM_ALGORITHMS = ['sha256', 'sha1', 'sha384', 'sha512'] as const;
export type BbbChecksumAlgorithm = (typeof BBB_CHECKSUM_ALGORITHMS)[number];

/** Lowercase hex digest of a UTF-8 string. */
export type HashFunction = (algorithm: BbbChecksumAlgorithm, text: string) => string;

/** Hex length of each algorithm's digest: the server infers the algorithm from it. */
export const CHECKSUM_HEX_LENGTH: Record<BbbChecksumAlgorithm, number> = { sha1: 40, sha256: 64, sha384: 96, sha512: 128 };

export function algorithmFromChecksumLength(length: number): BbbChecksumAlgorithm | null {
  for (const algorithm of BBB_CHECKSUM_ALGORITHMS) if (CHECKSUM_HEX_LENGTH[algorithm] === length) return algorithm;
  return null;
}

export type BbbParams = Record<string, string | number | boolean | undefined | null> | [string, string][];

/** The exact query string that will be sent (URLSearchParams encoding: spaces as `+`, `,` as `%2C`). */
export function serialiseBbbParams(params: BbbParams): string {
  const search = new URLSearchParams();
  const entries = Array.isArray(params) ? params : Object.entries(params);
  for (const [key, value] of entries) {
    if (value === undefined || value === null) continue;
    search.append(key, String(value));
  }
  return search.toString();
}

export function bbbChecksum(call: string, query: string, secret: string, algorithm: BbbChecksumAlgorithm, hash: HashFunction): string {
  return hash(algorithm, call + query + secret);
}

/** `query&checksum=…`, or `checksum=…` for an empty query. */
export function signedBbbQuery(call: string, params: BbbParams, secret: string, algorithm: BbbChecksumAlgorithm, hash: HashFunction): string {
  const query = serialiseBbbParams(params);
  const checksum = bbbChecksum(call, query, secret, algorithm, hash);
  return query ? `${query}&checksum=${checksum}` : `checksum=${checksum}`;
}

/**
 * Normalises what a user pastes (`https://host`, `https://host/bigbluebutton/`, `…/api`, `…/api/`)
 * into the API base ending in `/bigbluebutton/api/`. Returns null when it is not an http(s) URL.
 */
export function normaliseBbbApiBase(input: string): string | null {
  const trimmed = input.trim();
  if (!/^https?:\/\/[^/\s]+/i.test(trimmed)) return null;
  let base = trimmed.replace(/[?#].*$/, '').replace(/\/+$/, '');
  if (/\/api$/i.test(base)) return `${base}/`;
  if (/\/bigbluebutton$/i.test(base)) return `${base}/api/`;
  base = `${base}/bigbluebutton/api`;
  return `${base}/`;
}

/** The full signed URL of an API call. */
export function buildBbbUrl(apiBase: string, call: string, params: BbbParams, secret: string, algorithm: BbbChecksumAlgorithm, hash: HashFunction): string {
  const base = apiBase.endsWith('/') ? apiBase : `${apiBase}/`;
  return `${base}${call}?${signedBbbQuery(call, params, secret, algorithm, hash)}`;
}

/** The server half of the rule: the raw query as received, minus its `checksum` parameter (string removal, no re-encoding). */
export function splitChecksumFromQuery(rawQuery: string): { query: string; checksum: string | null } {
  const parts = rawQuery.split('&');
  let checksum: string | null = null;
  const kept: string[] = [];
  for (const part of parts) {
    if (part.startsWith('checksum=')) checksum = part.slice('checksum='.length);
    else if (part !== '') kept.push(part);
  }
  return { query: kept.join('&'), checksum };
}
