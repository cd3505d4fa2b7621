// Runs in Node (tests). The fake Pod itself against pod-rest.md: auth texts and headers, the trailing
// slash, pagination, hyperlink messages, video validation, slugs, encoding steps, podfile switch, 3.x
// differences. If these drift from the reference, every client test built on the fake loses its value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPodServer, type PodServer } from '../support/podServer/server';
import { NON_STAFF_TOKEN, STAFF_LOGIN, STAFF_PASSWORD, STAFF_TOKEN } from '../support/podServer/state';

let pod: PodServer;
beforeAll(async () => {
  pod = await startPodServer();
});
afterAll(async () => {
  await pod.close();
});

const auth = { Authorization: `Token ${STAFF_TOKEN}` };

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${pod.url}${path}`, { redirect: 'manual', ...init, headers: { Accept: 'application/json', ...(init.headers as Record<string, string>) } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : null };
}

function form(fields: [string, string][], file?: { name: string; bytes: Uint8Array }): FormData {
  const data = new FormData();
  for (const [key, value] of fields) data.append(key, value);
  if (file) data.append('video', new Blob([Buffer.from(file.bytes)], { type: 'video/mp4' }), file.name);
  return data;
}

describe('fake Pod contract (pod-rest.md §14)', () => {
  it('authenticates like DRF: texts, WWW-Authenticate, Basic then Token, staff only', async () => {
    const none = await call('/rest/');
    expect(none).toMatchObject({ status: 401, json: { detail: 'Authentication credentials were not provided.' } });
    expect(none.headers.get('www-authenticate')).toBe('Basic realm="api"');
    expect((await call('/rest/', { headers: { Authorization: 'Token' } })).json).toEqual({ detail: 'Invalid token header. No credentials provided.' });
    expect((await call('/rest/', { headers: { Authorization: 'Token a b' } })).json).toEqual({ detail: 'Invalid token header. Token string should not contain spaces.' });
    expect((await call('/rest/', { headers: { Authorization: `Bearer ${STAFF_TOKEN}` } })).json).toEqual({ detail: 'Authentication credentials were not provided.' });
    expect((await call('/rest/', { headers: { Authorization: `Basic ${Buffer.from(`${STAFF_LOGIN}:wrong`).toString('base64')}` } })).json).toEqual({ detail: 'Invalid username/password.' });
    expect((await call('/rest/', { headers: { Authorization: `Basic ${Buffer.from(`${STAFF_LOGIN}:${STAFF_PASSWORD}`).toString('base64')}` } })).status).toBe(200);
    expect(await call('/rest/launch_encode_view/?slug=x', { headers: { Authorization: `token ${NON_STAFF_TOKEN}` } })).toMatchObject({ status: 403, json: { detail: 'You do not have permission to perform this action.' } });
    expect((await call('/info_pod.json')).json).toMatchObject({ VERSION: '4.1.0' });
  });

  it('redirects a missing trailing slash, 405s a wrong method, 415s a wrong body type, 404s unrouted prefixes in HTML', async () => {
    const redirect = await call('/rest/types', { headers: auth });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/rest/types/');
    expect((await call('/rest/videos', { method: 'POST', headers: auth })).status).toBe(301);
    expect((await call('/rest/types/', { method: 'DELETE', headers: auth })).json).toEqual({ detail: 'Method "DELETE" not allowed.' });
    expect((await call('/rest/chapters/', { method: 'POST', headers: { ...auth, 'Content-Type': 'text/plain' }, body: 'x' })).json).toEqual({ detail: 'Unsupported media type "text/plain" in request.' });
    const unrouted = await call('/rest/nothing/', { headers: auth });
    expect(unrouted.status).toBe(404);
    expect(unrouted.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('pages by 12 with absolute next/previous, ignores page_size, and refuses a bad page', async () => {
    const first = await call('/rest/discipline/?page_size=100', { headers: auth });
    expect(first.json).toMatchObject({ count: 14, next: `${pod.url}/rest/discipline/?page_size=100&page=2`, previous: null });
    expect((first.json!.results as unknown[]).length).toBe(12);
    const second = await call('/rest/discipline/?page=2', { headers: auth });
    expect(second.json).toMatchObject({ next: null, previous: `${pod.url}/rest/discipline/` });
    expect((await call('/rest/discipline/?page=3', { headers: auth })).json).toEqual({ detail: 'Invalid page.' });
    expect((await call('/rest/discipline/?page=x', { headers: auth })).status).toBe(404);
  });

  it('validates a video create with the exact DRF messages, then creates it with Pod defaults and a slug', async () => {
    const empty = await call('/rest/videos/', { method: 'POST', headers: auth, body: form([['title', 'Seul titre']]) });
    expect(empty).toMatchObject({ status: 400, json: { video: ['No file was submitted.'], owner: ['This field is required.'], sites: ['This list may not be empty.'], type: ['This field is required.'] } });
    const bad = await call('/rest/videos/', {
      method: 'POST',
      headers: auth,
      body: form([['title', 'T'], ['owner', '42'], ['type', '/rest/types/99/'], ['sites', '/rest/channels/1/'], ['licence', 'zz'], ['is_draft', 'maybe'], ['date_evt', '14/03/2025'], ['tags', 'a']], { name: 'v.mp4', bytes: new Uint8Array([1]) }),
    });
    expect(bad.json).toEqual({
      owner: ['Invalid hyperlink - No URL match.'],
      type: ['Invalid hyperlink - Object does not exist.'],
      sites: ['Invalid hyperlink - No URL match.'],
      licence: ['"zz" is not a valid choice.'],
      is_draft: ['Must be a valid boolean.'],
      date_evt: ['Date has wrong format. Use one of these formats instead: YYYY-MM-DD.'],
      tags: ['Invalid hyperlink - No URL match.'],
    });
    const json = await call('/rest/chapters/', { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ video: 1, title: 'x', time_start: -1 }) });
    expect(json.json).toEqual({ video: ['Incorrect type. Expected URL string, received int.'], time_start: ['Ensure this value is greater than or equal to 0.'] });

    const created = await call('/rest/videos/', {
      method: 'POST',
      headers: auth,
      body: form([['title', 'Capsule 1 – Introduction'], ['owner', 'https://elsewhere.example/rest/users/42/'], ['type', '/rest/types/1/'], ['sites', '/rest/sites/1/']], { name: 'capsule.mp4', bytes: new Uint8Array([1, 2, 3]) }),
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ slug: `${String(created.json!.id).padStart(4, '0')}-capsule-1-introduction`, is_draft: true, cursus: '0', encoded: false, get_encoding_step: '', owner: `${pod.url}/rest/users/42/` });
  });

  it('encodes step by step after launch_encode_view, and 404s an unknown slug with the 4.x text', async () => {
    const video = pod.state.videos.at(-1)!;
    expect((await call('/rest/launch_encode_view/?slug=nope', { headers: auth })).json).toEqual({ detail: 'No Video matches the given query.' });
    expect((await call(`/rest/launch_encode_view/?slug=${video.slug}`, { headers: auth })).json).toMatchObject({ encoding_in_progress: true, get_encoding_step: '0: start' });
    const steps: string[] = [];
    for (let poll = 0; poll < 4; poll += 1) steps.push(String((await call(`/rest/videos/${video.id}/`, { headers: auth })).json!.get_encoding_step));
    expect(steps).toEqual(['1: remove old data', '2: start standard encoding', '3: store encoding info', '0: end of encoding']);
    expect((await call(`/rest/videos/${video.id}/`, { headers: auth })).json).toMatchObject({ encoded: true, encoding_in_progress: false, duration: 3600 });
  });

  it('switches podfile routes and the 3.x behaviour with knobs', async () => {
    pod.state.knobs.usePodfile = false;
    expect((await call('/rest/folders/', { headers: auth })).status).toBe(404);
    expect('folders' in (await call('/rest/', { headers: auth })).json!).toBe(false);
    pod.state.knobs.usePodfile = true;
    expect('folders' in (await call('/rest/', { headers: auth })).json!).toBe(true);
    pod.state.knobs.version = '3.8.4';
    expect((await call('/rest/launch_encode_view/?slug=nope', { headers: auth })).json).toEqual({ detail: 'Not found.' });
    pod.state.knobs.version = '4.1.0';
  });
});
