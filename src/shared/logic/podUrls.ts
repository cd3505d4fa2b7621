// Runs everywhere (shared, pure). URL rules of Pod's REST API (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/main/rest_router.py, https://www.django-rest-framework.org/api-guide/pagination/, https://www.django-rest-framework.org/api-guide/relations/#hyperlinkedrelatedfield, https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/urls.py):
// trailing slashes, relations written as paths, `next` links re-based on the configured server.
import { StudioError } from '../errors';

/** Normalises a server address typed by a person: scheme required (http/https), no path, no trailing slash. */
export function normalizeBaseUrl(input: string): string {
  const trimmed = input.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    throw new StudioError('POD_BAD_URL', `"${input}" is not a web address.`, { field: 'baseUrl' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new StudioError('POD_BAD_URL', `The Pod address must start with https:// (or http:// for a local test server), not ${url.protocol}//.`, { field: 'baseUrl' });
  }
  if (url.username || url.password) throw new StudioError('POD_BAD_URL', 'The Pod address must not contain a login or password.', { field: 'baseUrl' });
  const pathPart = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${pathPart}`;
}

/** The path of a relation (`/rest/types/1/`) whatever host the server put in front of it. */
export function relationPath(hyperlink: string): string {
  try {
    return new URL(hyperlink, 'http://relative.invalid').pathname;
  } catch {
    return hyperlink;
  }
}

/** The id at the end of a relation path such as `/rest/users/42/`, or null. */
export function relationId(hyperlink: string): number | null {
  const match = /\/(\d+)\/?$/.exec(relationPath(hyperlink));
  return match ? Number(match[1]) : null;
}

/**
 * A `next` link as Pod wrote it carries the server's idea of scheme and host (maybe `http://` behind
 * a TLS proxy). Keep its path and query, put them on the configured base: the token never goes to
 * a host the user did not configure.
 */
export function rebaseOnServer(baseUrl: string, link: string): string {
  const parsed = new URL(link, `${baseUrl}/`);
  const base = new URL(`${baseUrl}/`);
  const basePath = base.pathname.replace(/\/$/, '');
  const pathPart = parsed.pathname.startsWith(`${basePath}/`) || basePath === '' ? parsed.pathname : `${basePath}${parsed.pathname}`;
  return `${base.protocol}//${base.host}${pathPart}${parsed.search}`;
}

/** Joins the base and an API path, always with the mandatory trailing slash. */
export function apiUrl(baseUrl: string, apiPath: string, query?: Record<string, string | number | boolean | undefined>): string {
  const [pathOnly, existingQuery] = apiPath.split('?', 2) as [string, string | undefined];
  const withSlash = pathOnly.endsWith('/') || pathOnly.endsWith('.json') ? pathOnly : `${pathOnly}/`;
  const params = new URLSearchParams(existingQuery ?? '');
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(key, String(value));
  const search = params.toString();
  return `${baseUrl}${withSlash.startsWith('/') ? '' : '/'}${withSlash}${search ? `?${search}` : ''}`;
}

/** The public page of a video, from the latest slug the server returned (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/urls.py). */
export function videoPageUrl(baseUrl: string, slug: string): string {
  return `${baseUrl}/video/${encodeURIComponent(slug)}/`;
}

/** True when `url` is an http(s) address on the same server as `baseUrl` (scheme, host and port). */
export function isOnServer(baseUrl: string, url: string): boolean {
  try {
    const target = new URL(url);
    const base = new URL(`${baseUrl}/`);
    return (target.protocol === 'https:' || target.protocol === 'http:') && target.protocol === base.protocol && target.host === base.host && target.pathname.startsWith(base.pathname);
  } catch {
    return false;
  }
}
