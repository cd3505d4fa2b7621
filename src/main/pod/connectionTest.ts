// Runs in Node (main side). "Test connection": walks from the address to the owner's account and stops
// at the first step that fails, saying precisely what is wrong (unreachable, TLS, not a Pod, bad token,
// no staff rights, unknown username) — https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/settings.py, https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/main/views.py, https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/authentication/rest_views.py.
import { StudioError, toErrorInfo } from '../../shared/errors';
import type { PodConnectionReport, PodConnectionStep } from '../../shared/domain/pod';
import { normalizeBaseUrl, relationPath } from '../../shared/logic/podUrls';
import { PodClient, type PodTimeouts } from './podClient';
import { POD_ERROR } from './podErrors';

export interface PodInfo {
  TITLE_SITE?: string;
  VERSION?: string;
}

export interface PodUserItem {
  id: number;
  url: string;
  username: string;
  first_name?: string;
  last_name?: string;
}

/** The Pod instance's version from `/info_pod.json` (no authentication), or a "not a Pod" error. */
export async function readPodInfo(client: PodClient, signal?: AbortSignal): Promise<{ version: string; title: string | null; language: string | null }> {
  let info: PodInfo;
  let language: string | null = null;
  try {
    // Asked without Accept-Language, Django answers in the instance's own LANGUAGE_CODE and says which
    // in Content-Language (LocaleMiddleware): the language Pod's translated columns must be written in (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/translation.py).
    const answer = await client.request<PodInfo>('GET', '/info_pod.json', { what: 'reading /info_pod.json', authenticated: false, signal, language: null });
    info = answer.body;
    language = instanceLanguageOf(answer.contentLanguage);
  } catch (error) {
    const info = toErrorInfo(error);
    if (info.code === POD_ERROR.notFound || info.code === POD_ERROR.notPod || info.code === POD_ERROR.badResponse || info.code === POD_ERROR.redirect) {
      throw new StudioError(POD_ERROR.notPod, `${client.host} answers, but it is not an Esup-Pod server (no /info_pod.json). Check the address.`, { cause: info.code });
    }
    throw error;
  }
  if (typeof info?.VERSION !== 'string') throw new StudioError(POD_ERROR.notPod, `${client.host} answers, but it is not an Esup-Pod server (/info_pod.json has no VERSION).`);
  return { version: info.VERSION, title: typeof info.TITLE_SITE === 'string' ? info.TITLE_SITE : null, language };
}

/** `fr`, `fr-fr` or `en-US` → the two-letter code; anything else → null. */
export function instanceLanguageOf(contentLanguage: string | null): string | null {
  const match = /^\s*([a-z]{2})(?:[-_][a-z0-9]+)?\s*$/i.exec(contentLanguage ?? '');
  return match ? match[1]!.toLowerCase() : null;
}

/** The owner hyperlink of a Pod login (exact, case-sensitive match). */
export async function resolveOwner(client: PodClient, username: string, signal?: AbortSignal): Promise<{ url: string; name: string }> {
  if (username.trim() === '') throw new StudioError(POD_ERROR.noUsername, 'Enter your Pod username (your login on Pod).', { field: 'username' });
  const users = await client.listAll<PodUserItem>('/rest/users/', 'looking up the Pod username', { query: { username: username.trim() }, signal });
  const user = users.find((candidate) => candidate.username === username.trim());
  if (!user) {
    throw new StudioError(
      POD_ERROR.unknownUser,
      `Pod has no account "${username.trim()}". Check the spelling; if you have never logged in to Pod, log in once on the Pod website (accounts are created at first login), then test again.`,
      { field: 'username' },
    );
  }
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ') || user.username;
  return { url: relationPath(user.url), name };
}

export async function testPodConnection(
  input: { baseUrl: string; token: string | null; username: string },
  options: { timeouts?: Partial<PodTimeouts>; signal?: AbortSignal } = {},
): Promise<PodConnectionReport> {
  const report: PodConnectionReport = { ok: false, steps: [], problem: null, version: null, siteTitle: null, ownerUrl: null, ownerName: null, hasFileManager: null };
  const pass = (step: PodConnectionStep, message: string) => report.steps.push({ step, ok: true, message });
  const fail = (step: PodConnectionStep, error: unknown) => {
    const info = toErrorInfo(error);
    report.steps.push({ step, ok: false, message: info.message });
    report.problem = { code: info.code, message: info.message };
    return report;
  };
  let baseUrl: string;
  try {
    baseUrl = normalizeBaseUrl(input.baseUrl);
    pass('address', baseUrl);
  } catch (error) {
    return fail('address', error);
  }
  const anonymous = new PodClient({ baseUrl, token: null, timeouts: options.timeouts });
  try {
    const info = await readPodInfo(anonymous, options.signal);
    report.version = info.version;
    report.siteTitle = info.title;
    pass('reachable', `${anonymous.host} answers`);
    pass('is_pod', `Esup-Pod ${info.version}${info.title ? ` (${info.title})` : ''}`);
  } catch (error) {
    return fail(toErrorInfo(error).code === POD_ERROR.notPod ? 'is_pod' : 'reachable', error);
  }
  if (!input.token) return fail('token', new StudioError(POD_ERROR.noToken, 'No API token is stored for this Pod server. Enter the token your Pod administrators gave you.'));
  const client = new PodClient({ baseUrl, token: input.token, timeouts: options.timeouts });
  try {
    const root = await client.get<Record<string, string>>('/rest/', 'checking the API token', { signal: options.signal });
    report.hasFileManager = 'folders' in root && 'files' in root;
    pass('token', 'The token is accepted');
    pass('staff', 'The token has staff rights');
  } catch (error) {
    const code = toErrorInfo(error).code;
    return fail(code === POD_ERROR.notStaff || code === POD_ERROR.blocked ? 'staff' : 'token', error);
  }
  try {
    const owner = await resolveOwner(client, input.username, options.signal);
    report.ownerUrl = owner.url;
    report.ownerName = owner.name;
    pass('owner', `${input.username.trim()} → ${owner.name}`);
  } catch (error) {
    return fail('owner', error);
  }
  report.ok = true;
  return report;
}
