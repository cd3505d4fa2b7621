// Runs in Node (tests). The fake Pod itself against Esup-Pod 4.1.0 (https://github.com/EsupPortail/Esup-Pod/tree/4.1.0/pod): auth texts and headers, the trailing
// slash, pagination, hyperlink messages, video validation, slugs, encoding steps, podfile switch, 3.x
// differences, and what a real Pod 4.1.0 was seen doing: public when is_draft is omitted, French texts,
// the tags 500, an encoding killed by a restart, one title column per language. If these drift from the
// reference, every client test built on the fake loses its value.
import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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

async function call(path: string, init: RequestInit = {}, server: PodServer = pod) {
  const response = await fetch(`${server.url}${path}`, { redirect: 'manual', ...init, headers: { Accept: 'application/json', ...(init.headers as Record<string, string>) } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : null };
}

function form(fields: [string, string][], file?: { name: string; bytes: Uint8Array }): FormData {
  const data = new FormData();
  for (const [key, value] of fields) data.append(key, value);
  if (file) data.append('video', new Blob([Buffer.from(file.bytes)], { type: 'video/mp4' }), file.name);
  return data;
}

describe('fake Pod contract (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/main/rest_router.py)', () => {
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

    const draft = await call('/rest/videos/', {
      method: 'POST',
      headers: auth,
      body: form([['title', 'Brouillon'], ['owner', '/rest/users/42/'], ['type', '/rest/types/1/'], ['sites', '/rest/sites/1/'], ['is_draft', 'true']], { name: 'draft.mp4', bytes: new Uint8Array([1]) }),
    });
    expect(draft.json).toMatchObject({ is_draft: true });

    const created = await call('/rest/videos/', {
      method: 'POST',
      headers: auth,
      body: form([['title', 'Capsule 1 – Introduction'], ['owner', 'https://elsewhere.example/rest/users/42/'], ['type', '/rest/types/1/'], ['sites', '/rest/sites/1/']], { name: 'capsule.mp4', bytes: new Uint8Array([1, 2, 3]) }),
    });
    expect(created.status).toBe(201);
    // A multipart create without is_draft is public on a real Pod (DRF reads a missing form boolean as false).
    expect(created.json).toMatchObject({ slug: `${String(created.json!.id).padStart(4, '0')}-capsule-1-introduction`, is_draft: false, cursus: '0', encoded: false, get_encoding_step: '', owner: `${pod.url}/rest/users/42/` });
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

describe('fake Pod: what a real Esup-Pod 4.1.0 was seen doing (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py, https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video_encode_transcript/encode.py, https://www.django-rest-framework.org/api-guide/exceptions/)', () => {
  let real: PodServer;
  beforeEach(async () => {
    real = await startPodServer();
  });
  afterEach(async () => {
    await real.close();
  });

  const on = (path: string, init: RequestInit = {}) => call(path, init, real);
  const jsonBody = (body: unknown, method = 'POST', language?: string): RequestInit => ({
    method,
    headers: { ...auth, 'Content-Type': 'application/json', ...(language ? { 'Accept-Language': language } : {}) },
    body: JSON.stringify(body),
  });
  const upload = async (title: string, language: string | null, extra: [string, string][] = []) => {
    const created = await on('/rest/videos/', {
      method: 'POST',
      headers: { ...auth, ...(language ? { 'Accept-Language': language } : {}) },
      body: form([['title', title], ['owner', '/rest/users/42/'], ['type', '/rest/types/1/'], ['sites', '/rest/sites/1/'], ['description', `<p>${title}</p>`], ...extra], { name: 'capsule.mp4', bytes: new Uint8Array([1, 2, 3]) }),
    });
    expect(created.status).toBe(201);
    return created.json as { id: number; slug: string; is_draft: boolean; title: string };
  };
  const pollUntil = async (id: number, step: string) => {
    for (let poll = 0; poll < 10; poll += 1) {
      const answer = (await on(`/rest/videos/user_videos/?username=jdoe`, { headers: auth })).json!.results as { id: number; video_data: { get_encoding_step: string } }[];
      if (answer.find((item) => item.id === id)?.video_data.get_encoding_step === step) return;
    }
    throw new Error(`video ${id} never reached step ${step}`);
  };

  it('answers in French when the request asks in French or the instance is French, and says which in Content-Language', async () => {
    const french = { 'Accept-Language': 'fr-FR,fr;q=0.9,en;q=0.5' };
    const bad = await on('/rest/', { headers: { ...french, Authorization: 'Token nope' } });
    expect(bad.json).toEqual({ detail: 'Token non valide.' });
    expect(bad.headers.get('content-language')).toBe('fr');
    expect((await on('/rest/', { headers: { ...french, Authorization: `Token ${NON_STAFF_TOKEN}` } })).json).toEqual({ detail: "Vous n'avez pas la permission d'effectuer cette action." });
    const empty = await on('/rest/videos/', { method: 'POST', headers: { ...auth, ...french }, body: form([['title', 'Seul titre'], ['is_draft', 'peut-être']]) });
    expect(empty.json).toEqual({
      video: ["Aucun fichier n'a été soumis."],
      owner: ['Ce champ est obligatoire.'],
      type: ['Ce champ est obligatoire.'],
      sites: ['Cette liste ne peut pas être vide.'],
      is_draft: ['Must be a valid boolean.'], // DRF's French catalogue has no text for it
    });
    const video = await upload('Chapitres', 'fr');
    expect((await on('/rest/chapters/', jsonBody({ video: `/rest/videos/${video.id}/`, title: 'Plan', time_start: 4 }, 'POST', 'fr'))).status).toBe(201);
    expect((await on('/rest/chapters/', jsonBody({ video: `/rest/videos/${video.id}/`, title: 'Plan', time_start: 4 }, 'POST', 'fr'))).json).toEqual({
      non_field_errors: ['Les champs title, time_start, video doivent former un ensemble unique.'],
    });
    expect((await on('/rest/chapters/', jsonBody({ video: '/rest/videos/999/', title: 'x', time_start: 1 }, 'POST', 'fr'))).json).toEqual({ video: ["Lien non valide\u00a0: l'objet n'existe pas."] });
    expect((await on('/rest/launch_encode_view/?slug=nope', { headers: { ...auth, ...french } })).json).toEqual({ detail: 'No Video matches the given query.' });

    // No Accept-Language: the instance's LANGUAGE_CODE. A language Pod lacks counts as none.
    expect((await on('/rest/', { headers: { Authorization: 'Token nope' } })).json).toEqual({ detail: 'Invalid token.' });
    real.state.knobs.languageCode = 'fr';
    const instance = await on('/rest/', { headers: { Authorization: 'Token nope', 'Accept-Language': 'de' } });
    expect(instance.json).toEqual({ detail: 'Token non valide.' });
    expect(instance.headers.get('content-language')).toBe('fr');
    expect((await on('/info_pod.json')).headers.get('content-language')).toBe('fr');
    // An English request on a French instance is answered in English (LocaleMiddleware prefers the header).
    expect((await on('/rest/', { headers: { Authorization: 'Token nope', 'Accept-Language': 'en' } })).json).toEqual({ detail: 'Invalid token.' });
    expect((await on('/rest/types/1/', { headers: auth })).json).toMatchObject({ title: 'Autre' });
  });

  it('writes and searches title and description in the request language only, reading with fallbacks', async () => {
    const english = await upload('Waves and optics', 'en');
    const stored = real.state.videoById(english.id)!;
    expect(stored).toMatchObject({ title: 'Waves and optics', titleEn: 'Waves and optics', titleFr: null, descriptionEn: '<p>Waves and optics</p>', descriptionFr: null });
    // A French search looks at title_fr only: nothing. The English one finds it.
    expect((await on('/rest/videos/user_videos/?username=jdoe&search_title=waves', { headers: { 'Accept-Language': 'fr', ...auth } })).json).toMatchObject({ count: 0 });
    expect((await on('/rest/videos/user_videos/?username=jdoe&search_title=waves', { headers: { 'Accept-Language': 'en', ...auth } })).json).toMatchObject({ count: 1 });
    // Reading in French falls back to the English column.
    expect((await on(`/rest/videos/${english.id}/`, { headers: { 'Accept-Language': 'fr', ...auth } })).json).toMatchObject({ title: 'Waves and optics' });
    // A French PATCH fills the French columns and the slug follows.
    const patched = await on(`/rest/videos/${english.id}/`, jsonBody({ title: 'Ondes et optique', description: '<p>Résumé</p>' }, 'PATCH', 'fr'));
    expect(patched.json).toMatchObject({ title: 'Ondes et optique', slug: `${String(english.id).padStart(4, '0')}-ondes-et-optique` });
    expect(stored).toMatchObject({ titleFr: 'Ondes et optique', titleEn: 'Waves and optics', descriptionFr: '<p>Résumé</p>', descriptionEn: '<p>Waves and optics</p>' });
    expect((await on(`/rest/videos/${english.id}/`, { headers: { 'Accept-Language': 'en', ...auth } })).json).toMatchObject({ title: 'Waves and optics', description: '<p>Waves and optics</p>' });
    expect((await on('/rest/videos/user_videos/?username=jdoe&search_title=ondes', { headers: { 'Accept-Language': 'fr', ...auth } })).json).toMatchObject({ count: 1 });
    // user_videos without a username lists nothing (no 400), and additional owners do not count.
    expect((await on('/rest/videos/user_videos/', { headers: auth })).json).toMatchObject({ count: 0, results: [] });
    await upload('Partagée', 'fr', [['additional_owners', '/rest/users/7/']]);
    expect((await on('/rest/videos/user_videos/?username=colleague', { headers: auth })).json).toMatchObject({ count: 0 });
    // A web-UI edit (knob) lands in the page language's columns.
    real.state.editFromWebUi(english.id, { description: '<p>Édité sur Pod</p>' }, 'fr');
    expect((await on(`/rest/videos/${english.id}/`, { headers: { 'Accept-Language': 'fr', ...auth } })).json).toMatchObject({ description: '<p>Édité sur Pod</p>' });
  });

  it('answers an HTML 500 for a tagged video on detail, list, launch and playlists, after doing the work; user_videos still lists it with its tags', async () => {
    const video = await upload('Tagged', 'fr');
    const other = await upload('Sans étiquette', 'fr');
    real.state.addTagFromWebUi(video.id, 'lentilles minces');
    real.state.addToFavorites(video.id);
    for (const path of [`/rest/videos/${video.id}/`, '/rest/videos/', `/rest/launch_encode_view/?slug=${video.slug}`, '/rest/playlists/']) {
      const answer = await on(path, { headers: auth });
      expect({ path, status: answer.status }).toEqual({ path, status: 500 });
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    }
    expect((await on(`/rest/videos/${other.id}/`, { headers: auth })).status).toBe(200);
    // The launch happened before the 500: user_videos shows the encoding and the tag names.
    const listed = (await on('/rest/videos/user_videos/?username=jdoe&search_title=Tagged', { headers: { ...auth, 'Accept-Language': 'fr' } })).json!;
    expect(listed).toMatchObject({ count: 1, results: [{ id: video.id, encoding_in_progress: true, video_data: { tags: [{ name: 'lentilles minces', slug: 'lentilles-minces' }] } }] });
    expect(real.state.videoById(video.id)!.launches).toBe(1);
    // A PATCH is saved, then answered 500; a PATCH with a file keeps the old source on disk beside the new one.
    const patch = new FormData();
    patch.append('video', new Blob([Buffer.from([9, 9])], { type: 'video/mp4' }), 'edited.mp4');
    patch.append('description', '<p>Nouveau</p>');
    expect((await on(`/rest/videos/${video.id}/`, { method: 'PATCH', headers: { ...auth, 'Accept-Language': 'fr' }, body: patch })).status).toBe(500);
    const stored = real.state.videoById(video.id)!;
    expect(stored.descriptionFr).toBe('<p>Nouveau</p>');
    expect(stored.fileHistory).toHaveLength(2);
    expect(stored.fileHistory.every((file) => file.path !== null && existsSync(file.path))).toBe(true);
  });

  it('keeps an encoding killed by a restart "in progress" at its step for ever: relaunch and a new file change nothing; the admin action does', async () => {
    real.state.knobs.pollsPerStep = 1;
    const video = await upload('Redémarrage', 'fr');
    await on(`/rest/launch_encode_view/?slug=${video.slug}`, { headers: auth });
    await pollUntil(video.id, '2: start standard encoding');
    expect(real.restart()).toEqual([video.id]);
    for (let poll = 0; poll < 5; poll += 1) {
      expect((await on(`/rest/videos/${video.id}/`, { headers: auth })).json).toMatchObject({ encoding_in_progress: true, encoded: false, get_encoding_step: '2: start standard encoding' });
    }
    expect((await on(`/rest/launch_encode_view/?slug=${video.slug}`, { headers: auth })).json).toMatchObject({ encoding_in_progress: true, get_encoding_step: '2: start standard encoding' });
    const resend = new FormData();
    resend.append('video', new Blob([Buffer.from([4, 5, 6])], { type: 'video/mp4' }), 'again.mp4');
    expect((await on(`/rest/videos/${video.id}/`, { method: 'PATCH', headers: auth, body: resend })).json).toMatchObject({ encoding_in_progress: true, get_encoding_step: '2: start standard encoding' });
    await on(`/rest/launch_encode_view/?slug=${video.slug}`, { headers: auth });
    expect(real.state.videoById(video.id)!.launches).toBe(1);
    // Only "Encode selected" in Pod's admin starts it again.
    real.state.adminEncode(video.id);
    const steps: string[] = [];
    for (let poll = 0; poll < 4; poll += 1) steps.push(String((await on(`/rest/videos/${video.id}/`, { headers: auth })).json!.get_encoding_step));
    expect(steps).toEqual(['1: remove old data', '2: start standard encoding', '3: store encoding info', '0: end of encoding']);
  });

  it('takes a thumbnail image, deletes podfile files with their tracks and stored bytes, and lists a type created later', async () => {
    const video = await upload('Vignette', 'fr');
    const folder = (await on('/rest/folders/', jsonBody({ name: 'capsule-tracks', owner: '/rest/users/42/' }))).json!;
    const send = async (prefix: string, name: string) => {
      const data = new FormData();
      data.append('folder', `/rest/folders/${String(folder.id)}/`);
      data.append('name', 'ignored');
      data.append('created_by', '/rest/users/42/');
      data.append('file', new Blob([Buffer.from('WEBVTT\n\n')], { type: 'application/octet-stream' }), name);
      const answer = await on(`/rest/${prefix}/`, { method: 'POST', headers: auth, body: data });
      expect(answer.status).toBe(201);
      return answer.json as { id: number; name: string };
    };
    const image = await send('images', 'poster.jpg');
    expect(image.name).toBe('poster');
    expect((await on(`/rest/videos/${video.id}/`, jsonBody({ thumbnail: `/rest/images/${image.id}/` }, 'PATCH'))).json).toMatchObject({ thumbnail: `${real.url}/rest/images/${image.id}/` });
    expect((await on(`/rest/videos/${video.id}/`, jsonBody({ thumbnail: '/rest/images/9999/' }, 'PATCH'))).json).toEqual({ thumbnail: ['Invalid hyperlink - Object does not exist.'] });

    const file = await send('files', 'capsule.fr.vtt');
    // As a real Pod 4.1 stores it: slugified before the last dot, so inner dots vanish, and the posted name is ignored.
    expect(file.name).toBe('capsulefr');
    expect((await on('/rest/tracks/', jsonBody({ video: `/rest/videos/${video.id}/`, kind: 'captions', lang: 'fr', src: `/rest/files/${file.id}/` }))).status).toBe(201);
    const storedPath = real.state.files[0]!.stored.path!;
    expect(existsSync(storedPath)).toBe(true);
    expect((await on(`/rest/files/${file.id}/`, { method: 'DELETE', headers: auth })).status).toBe(204);
    expect(existsSync(storedPath)).toBe(false);
    expect(real.state.tracks).toHaveLength(0);
    expect((await on(`/rest/files/${file.id}/`, { headers: auth })).status).toBe(404);
    // Deleting the folder takes its images; the video's thumbnail is set to null.
    expect((await on(`/rest/folders/${String(folder.id)}/`, { method: 'DELETE', headers: auth })).status).toBe(204);
    expect(real.state.images).toHaveLength(0);
    expect((await on(`/rest/videos/${video.id}/`, { headers: auth })).json).toMatchObject({ thumbnail: null });

    const type = real.state.addType('Conférence');
    const types = (await on('/rest/types/', { headers: auth })).json!.results as { url: string; title: string }[];
    expect(types.map((item) => item.title)).toEqual(['Other', 'Cours', 'Conférence'].map((title) => (title === 'Other' ? 'Autre' : title)));
    expect(types.at(-1)!.url).toBe(`${real.url}/rest/types/${type.id}/`);
  });
});
