// Runs in Node (tests). Pure Pod logic: URLs and re-basing, metadata checks and fields, Pod's field
// errors mapped to the form, encoding verdicts, chapters, provisioning, network error texts.
import { describe, expect, it } from 'vitest';
import { apiUrl, isOnServer, normalizeBaseUrl, rebaseOnServer, relationId, relationPath, videoPageUrl } from '../../src/shared/logic/podUrls';
import { allowedValuesOf, allowedValuesText, changedFields, descriptionHtml, mapPodFieldErrors, planReplace, plainTextOfDescription, replaceFormFields, validatePodMetadata, videoFormFields } from '../../src/shared/logic/podMetadata';
import { instanceLanguageOf } from '../../src/main/pod/connectionTest';
import { EMPTY_POD_METADATA, type PodVocabulary } from '../../src/shared/domain/pod';
import { judgeEncoding, pollDelayMs } from '../../src/main/pod/encodingState';
import { planChapters } from '../../src/main/pod/chapterPlan';
import { parseProvisioning } from '../../src/main/pod/provisioning';
import { httpError, isRetryablePodError, networkError } from '../../src/main/pod/podErrors';

const vocabulary: PodVocabulary = {
  fetchedAt: '2025-01-01T00:00:00Z',
  version: '4.1.0',
  sites: [{ path: '/rest/sites/1/', title: 'Pod' }],
  types: [{ path: '/rest/types/1/', title: 'Other' }],
  disciplines: [{ path: '/rest/discipline/3/', title: 'Droit' }],
  channels: [{ path: '/rest/channels/5/', title: 'Sciences', themes: ['/rest/themes/9/'], memberPaths: [] }],
  themes: [{ path: '/rest/themes/9/', title: 'Mécanique', channel: '/rest/channels/5/' }],
  licences: [{ value: 'by', label: 'CC BY' }],
  languages: [{ value: 'fr', label: 'French' }],
  hasFileManager: true,
};

describe('Pod URLs', () => {
  it('normalises addresses and refuses other schemes', () => {
    expect(normalizeBaseUrl(' pod.univ.fr/ ')).toBe('https://pod.univ.fr');
    expect(normalizeBaseUrl('https://pod.univ.fr/pod/')).toBe('https://pod.univ.fr/pod');
    expect(() => normalizeBaseUrl('ftp://pod.univ.fr')).toThrow(/https:\/\//);
    expect(() => normalizeBaseUrl('https://user:pw@pod.univ.fr')).toThrow(/login/);
  });

  it('keeps relation paths, re-bases next links on the configured server, and builds page URLs', () => {
    expect(relationPath('http://other.host/rest/types/1/')).toBe('/rest/types/1/');
    expect(relationId('https://pod.example.edu/rest/users/42/')).toBe(42);
    expect(rebaseOnServer('https://pod.univ.fr', 'http://internal:8000/rest/themes/?page=2&x=1')).toBe('https://pod.univ.fr/rest/themes/?page=2&x=1');
    expect(rebaseOnServer('https://host/pod', 'http://internal/pod/rest/themes/?page=2')).toBe('https://host/pod/rest/themes/?page=2');
    expect(apiUrl('https://pod.univ.fr', '/rest/videos', { slug: 'a b', none: undefined })).toBe('https://pod.univ.fr/rest/videos/?slug=a+b');
    expect(apiUrl('https://pod.univ.fr', '/info_pod.json')).toBe('https://pod.univ.fr/info_pod.json');
    expect(videoPageUrl('https://pod.univ.fr', '0042-ma-capsule')).toBe('https://pod.univ.fr/video/0042-ma-capsule/');
    expect(isOnServer('https://pod.univ.fr', 'https://pod.univ.fr/video/1/')).toBe(true);
    expect(isOnServer('https://pod.univ.fr', 'https://pod.univ.fr.evil.com/video/1/')).toBe(false);
    expect(isOnServer('https://pod.univ.fr', 'http://pod.univ.fr/video/1/')).toBe(false);
  });
});

describe('metadata', () => {
  const good = { ...EMPTY_POD_METADATA, title: 'T', type: '/rest/types/1/', channels: ['/rest/channels/5/'], themes: ['/rest/themes/9/'], disciplines: ['/rest/discipline/3/'], licence: 'by', mainLang: 'fr' };

  it('accepts a complete form and lists every local problem by field', () => {
    expect(validatePodMetadata(good, vocabulary)).toEqual({});
    expect(validatePodMetadata({ ...good, title: 'x'.repeat(251), dateEvt: '2025-02-30', password: 'p'.repeat(51), licence: 'zz', disciplines: ['/rest/discipline/99/'], themes: ['/rest/themes/9/'], channels: [], tags: 'a' }, vocabulary)).toEqual({
      title: ['too_long'],
      dateEvt: ['bad_date'],
      password: ['too_long'],
      disciplines: ['not_offered'],
      themes: ['theme_outside_channel'],
      licence: ['not_offered'],
      tags: ['tags_unsupported'],
    });
    expect(validatePodMetadata({ ...good, tags: 'a b' }, { ...vocabulary, version: '3.8.4' })).toEqual({});
    expect(validatePodMetadata({ ...good, type: null }, null)).toEqual({ type: ['required'] });
  });

  it('makes Pod fields: paths, repeated keys, booleans as text, tags only on 3.x', () => {
    const fields = videoFormFields({ ...good, disciplines: ['/rest/discipline/3/', '/rest/discipline/4/'], tags: 'x y', password: 'pw' }, { owner: '/rest/users/42/', site: '/rest/sites/1/' }, '4.1.0');
    expect(fields).toContainEqual(['owner', '/rest/users/42/']);
    expect(fields.filter(([key]) => key === 'discipline')).toHaveLength(2);
    expect(fields).toContainEqual(['is_draft', 'true']);
    expect(fields).toContainEqual(['password', 'pw']);
    expect(fields.some(([key]) => key === 'tags')).toBe(false);
    expect(videoFormFields({ ...good, tags: 'x y' }, { owner: '/o/', site: '/s/' }, '3.8.4')).toContainEqual(['tags', 'x y']);
    expect(descriptionHtml('a <b>\nc\n\n\nd')).toBe('<p>a &lt;b&gt;<br>c</p><p>d</p>');
  });

  it("maps Pod's {field: [messages]} onto form fields", () => {
    expect(mapPodFieldErrors({ main_lang: ['"zz" is not a valid choice.'], sites: ['This list may not be empty.'], non_field_errors: ['x'] })).toEqual({
      mainLang: ['"zz" is not a valid choice.'],
      general: ['sites: This list may not be empty.', 'x'],
    });
  });
});

describe('encoding verdicts', () => {
  it('follows https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video_encode_transcript/encode.py', () => {
    expect(judgeEncoding({ inProgress: false, encoded: false, step: '' }, false)).toEqual({ state: 'working', fraction: null });
    expect(judgeEncoding({ inProgress: true, encoded: false, step: '2: start standard encoding' }, true)).toEqual({ state: 'working', fraction: 0.6 });
    expect(judgeEncoding({ inProgress: false, encoded: true, step: '3: store encoding info' }, true)).toEqual({ state: 'done' });
    expect(judgeEncoding({ inProgress: true, encoded: false, step: '-1: Wrong file or path:\n/x.mp4' }, true)).toEqual({ state: 'failed', message: 'Wrong file or path:' });
    expect(judgeEncoding({ inProgress: false, encoded: false, step: '1: remove old data' }, true).state).toBe('failed');
    expect(pollDelayMs(0, 1000, 5000)).toBe(1000);
    expect(pollDelayMs(10, 1000, 5000)).toBe(5000);
  });
});

describe('chapters', () => {
  it('rounds down to seconds, trims titles, drops duplicates and chapters past the end', () => {
    expect(planChapters([{ title: ' B ', startMs: 2_999 }, { title: 'A', startMs: 0 }, { title: 'A', startMs: 400 }, { title: 'x'.repeat(120), startMs: 5_000 }, { title: 'Late', startMs: 90_000 }], 60)).toEqual([
      { title: 'A', timeStart: 0 },
      { title: 'B', timeStart: 2 },
      { title: `${'x'.repeat(99)}…`, timeStart: 5 },
    ]);
    expect(planChapters([{ title: '', startMs: 0 }], null)).toEqual([{ title: 'Slide 1', timeStart: 0 }]);
  });
});

describe('provisioning', () => {
  it('reads servers with their defaults and token', () => {
    const servers = parseProvisioning(JSON.stringify({ format: 'capsule-studio/pod-provisioning', version: 1, servers: [{ name: 'Pod', url: 'https://pod.x', username: 'jdoe', defaults: { mainLang: 'fr', channels: ['/rest/channels/5/'] } }] }));
    expect(servers).toEqual([{ name: 'Pod', baseUrl: 'https://pod.x', token: null, username: 'jdoe', defaults: { mainLang: 'fr', channels: ['/rest/channels/5/'] } }]);
  });

  it('reports every problem of the file at once, each with its path', () => {
    const bad = { format: 'x', version: 2, extra: true, servers: [{ name: 'A', url: 'http://a.example', colour: 'red', defaults: { type: '/rest/nope/1/', isDraft: 'yes', fancy: 1 } }] };
    let problems: string[] = [];
    try {
      parseProvisioning(JSON.stringify(bad));
    } catch (error) {
      expect(error).toMatchObject({ code: 'POD_PROVISIONING_INVALID' });
      problems = (error as { details: { problems: string[] } }).details.problems;
    }
    expect(problems).toEqual([
      'extra is not a known setting (known: format, version, servers)',
      'format must be capsule-studio/pod-provisioning',
      'version must be 1',
      'servers[0].colour is not a known setting (known: name, url, token, username, defaults)',
      'servers[0].url must start with https://',
      'servers[0].defaults.fancy is not a known default (known: type, disciplines, channels, themes, licence, mainLang, tags, isDraft, isRestricted, allowDownloading)',
      'servers[0].defaults.type must be a Pod path such as "/rest/types/1/"',
      'servers[0].defaults.isDraft must be true or false',
    ]);
  });

  it('refuses an empty list and duplicate names, with their paths', () => {
    expect(() => parseProvisioning('{"format":"capsule-studio/pod-provisioning","version":1,"servers":[]}')).toThrow(/servers must be a non-empty list/);
    expect(() => parseProvisioning(JSON.stringify({ format: 'capsule-studio/pod-provisioning', version: 1, servers: [{ name: 'A', url: 'https://a' }, { name: 'A', url: 'https://b', token: 'short' }] }))).toThrow(
      /servers\[1\]\.name "A" is used twice; servers\[1\]\.token must be a Pod API token/,
    );
  });
});

describe('error texts', () => {
  it('classifies network failures and HTTP answers, and says which are retried', () => {
    expect(networkError(Object.assign(new Error('getaddrinfo ENOTFOUND pod.invalid'), { code: 'ENOTFOUND' }), 'pod.invalid').code).toBe('POD_DNS');
    expect(networkError(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), 'h').code).toBe('POD_TLS');
    expect(networkError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'h').code).toBe('POD_CONNECTION_LOST');
    const html403 = httpError({ status: 403, contentType: 'text/html', text: '<html>', json: undefined }, 'x', 'h');
    const json403 = httpError({ status: 403, contentType: 'application/json', text: '{}', json: { detail: 'You do not have permission to perform this action.' } }, 'x', 'h');
    expect([html403.code, json403.code]).toEqual(['POD_BLOCKED', 'POD_NOT_STAFF']);
    expect(isRetryablePodError({ code: 'POD_TIMEOUT', message: '' })).toBe(true);
    expect(isRetryablePodError({ code: 'POD_SERVER_ERROR', message: '' })).toBe(true);
    expect(isRetryablePodError({ code: 'POD_BAD_TOKEN', message: '' })).toBe(false);
    expect(isRetryablePodError({ code: 'POD_VALIDATION', message: '' })).toBe(false);
  });
});

describe('replace plans, allowed values, language', () => {
  const lastPublished = { ...EMPTY_POD_METADATA, title: 'Optique', description: 'Résumé.', type: '/rest/types/1/', licence: 'by', mainLang: 'fr', isDraft: true };

  it('sends only what changed in the studio since the last publication, and keeps what Pod holds otherwise', () => {
    const inStudio = { ...lastPublished, title: 'Optique géométrique' };
    const onPod = { title: 'Optique', description: 'Revue sur Pod.', isDraft: true };
    const changes = planReplace(lastPublished, inStudio, onPod, vocabulary);
    expect(changes.filter((change) => change.action === 'send').map((change) => change.field)).toEqual(['title']);
    expect(changes.find((change) => change.field === 'description')).toEqual({ field: 'description', onPod: 'Revue sur Pod.', lastPublished: 'Résumé.', inStudio: 'Résumé.', action: 'keep' });
    expect(changes.find((change) => change.field === 'licence')).toMatchObject({ onPod: null, inStudio: 'CC BY', action: 'keep' });
    // Without the last publication's values nothing but the file changes.
    expect(planReplace(null, inStudio, onPod, vocabulary).every((change) => change.action === 'keep')).toBe(true);
    // Arrays compare as sets, descriptions by their words.
    expect(planReplace({ ...lastPublished, disciplines: ['/rest/discipline/3/', '/rest/discipline/4/'] }, { ...lastPublished, description: ' Résumé. ', disciplines: ['/rest/discipline/4/', '/rest/discipline/3/'] }, null, null).some((change) => change.action === 'send')).toBe(false);
  });

  it('a replace always carries is_draft: the studio value when changed there, else Pod’s, and never the owner or sites', () => {
    const metadata = { ...lastPublished, title: 'Nouveau', isDraft: false };
    expect(replaceFormFields(metadata, ['title'], true, '4.1.0')).toEqual([
      ['title', 'Nouveau'],
      ['is_draft', 'true'],
    ]);
    expect(replaceFormFields(metadata, ['isDraft'], true, '4.1.0')).toEqual([['is_draft', 'false']]);
    expect(replaceFormFields(metadata, [], null, '4.1.0')).toEqual([]);
    expect(videoFormFields({ ...EMPTY_POD_METADATA, title: 'T', type: '/rest/types/1/' }, { owner: '/rest/users/1/', site: '/rest/sites/1/' }, '4.1.0')).toContainEqual(['is_draft', 'true']);
  });

  it('a rerun applies only the fields it gives that differ from the unfinished publication’s, compared as a replace compares them', () => {
    const given = { ...lastPublished, title: 'Optique 2', description: ' Résumé. ', isDraft: false, licence: 'by' };
    expect(changedFields(lastPublished, given, ['title', 'description', 'isDraft', 'licence'])).toEqual(['title', 'isDraft']);
    // A field not given stays the job's, however it differs.
    expect(changedFields(lastPublished, given, ['description'])).toEqual([]);
    expect(changedFields(lastPublished, { ...lastPublished, mainLang: 'en' }, [])).toEqual([]);
  });

  it('lists the values a server allows, by name', () => {
    expect(allowedValuesText('type', vocabulary)).toBe('Other (/rest/types/1/)');
    expect(allowedValuesText('licence', vocabulary)).toBe('CC BY (by)');
    expect(allowedValuesOf({ type: ['not_offered'], title: ['required'] }, vocabulary)).toEqual({ type: 'Other (/rest/types/1/)' });
  });

  it("reads Pod's HTML description back as the studio's text, and the instance language from Content-Language", () => {
    const text = 'Premier paragraphe.\nLigne deux & <trois>.\n\nSecond.';
    expect(plainTextOfDescription(descriptionHtml(text))).toBe(text);
    expect(instanceLanguageOf('fr')).toBe('fr');
    expect(instanceLanguageOf('en-US')).toBe('en');
    expect(instanceLanguageOf(null)).toBeNull();
    expect(instanceLanguageOf('fr, en')).toBeNull();
  });

  it('network failures are told apart by their codes, not by message texts', () => {
    expect(networkError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'pod.example.edu').code).toBe('POD_CONNECTION_LOST');
    expect(networkError(new Error('certificate has expired, socket hang up'), 'pod.example.edu').code).toBe('POD_UNREACHABLE');
    expect(networkError(Object.assign(new Error('x'), { code: 'CERT_HAS_EXPIRED' }), 'pod.example.edu').code).toBe('POD_TLS');
  });
});
