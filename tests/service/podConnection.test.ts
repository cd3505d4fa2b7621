// Runs in Node (tests). "Test connection" diagnoses, live vocabularies (every page, cached, refreshed,
// `next` re-based so the token stays on the configured host), provisioning import, profile secrets,
// drafts with remembered defaults, and the guarded "open in browser".
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/tempDir';
import { metadata, openPodTestBed, type PodTestBed } from '../support/podStudio';
import { INACTIVE_TOKEN, NON_STAFF_TOKEN, STAFF_TOKEN } from '../support/podServer/state';
import { noDesktop } from '../../src/main/desktop';

let bed: PodTestBed | null = null;
const extraServers: Server[] = [];

afterEach(async () => {
  await bed?.close();
  bed = null;
  for (const server of extraServers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function listen(server: Server): Promise<string> {
  extraServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as { port: number }).port}`;
}

async function reportFor(baseUrl: string, token: string | undefined = STAFF_TOKEN, username = 'jdoe') {
  bed ??= await openPodTestBed(tempDir());
  const profile = await bed.pod.saveProfile({ id: bed.profile.id, name: 'Test Pod', baseUrl, username, token });
  return bed.pod.testConnection(profile.id);
}

describe('test connection', () => {
  it('walks every step and resolves the username to the owner hyperlink', async () => {
    bed = await openPodTestBed(tempDir());
    const report = await bed.pod.testConnection(bed.profile.id);
    expect(report).toMatchObject({ ok: true, problem: null, version: '4.1.0', siteTitle: 'Pod de test', ownerUrl: '/rest/users/42/', ownerName: 'Jane Doe', hasFileManager: true });
    expect(report.steps.map((step) => `${step.step}:${step.ok}`)).toEqual(['address:true', 'reachable:true', 'is_pod:true', 'token:true', 'staff:true', 'owner:true']);
    expect(bed.pod.profiles.get(bed.profile.id)).toMatchObject({ ownerUrl: '/rest/users/42/', ownerName: 'Jane Doe' });
    expect(bed.server.requestsTo('GET', '/rest/users/')[0]!.query).toBe('?username=jdoe');
  });

  it('says the server is unreachable when nothing listens', async () => {
    const probe = createHttpServer();
    const host = await listen(probe);
    await new Promise((resolve) => probe.close(resolve));
    extraServers.pop();
    const report = await reportFor(`http://${host}`);
    expect(report.ok).toBe(false);
    expect(report.problem?.code).toBe('POD_UNREACHABLE');
    expect(report.steps.at(-1)).toMatchObject({ step: 'reachable', ok: false });
    expect(report.problem?.message).toMatch(/cannot be reached \(ECONNREFUSED\)/);
  });

  it('says the name cannot be resolved (DNS)', async () => {
    const report = await reportFor('https://pod.invalid');
    expect(report.problem).toMatchObject({ code: 'POD_DNS' });
  });

  it('says the certificate is not trusted (TLS)', async () => {
    const dir = tempDir('pod-tls-');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    const server = createHttpsServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) }, (_req, res) => res.end('{}'));
    const host = await listen(server);
    const report = await reportFor(`https://${host}`);
    expect(report.problem?.code).toBe('POD_TLS');
    expect(report.problem?.message).toMatch(/secure connection to 127\.0\.0\.1:\d+ failed .*certificate/);
  });

  it('says a web server that is not Pod is not Pod', async () => {
    const host = await listen(createHttpServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>Welcome to nginx!</html>')));
    const report = await reportFor(`http://${host}`);
    expect(report.problem?.code).toBe('POD_NOT_POD');
    expect(report.steps.at(-1)?.step).toBe('is_pod');
    const host404 = await listen(createHttpServer((_req, res) => res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not Found</h1>')));
    expect((await reportFor(`http://${host404}`)).problem?.message).toMatch(/not an Esup-Pod server/);
  });

  it('tells a bad token, a token without staff rights, an inactive account and a missing token apart', async () => {
    bed = await openPodTestBed(tempDir());
    const url = bed.server.url;
    const bad = await reportFor(url, 'ffffffffffffffffffffffffffffffffffffffff');
    expect(bad.problem?.code).toBe('POD_BAD_TOKEN');
    // A refused token is not kept in the profile.
    expect(bed.pod.profiles.get(bed.profile.id).hasToken).toBe(false);
    expect(bad.problem?.message).toMatch(/The token was not kept\.$/);
    expect(bad.problem?.message).toMatch(/"(Invalid token\.|Token non valide\.)"/); // shown as Pod wrote it, in its language
    expect(bad.steps.at(-1)?.step).toBe('token');
    const notStaff = await reportFor(url, NON_STAFF_TOKEN);
    expect(notStaff.problem?.code).toBe('POD_NOT_STAFF');
    expect(notStaff.steps.at(-1)?.step).toBe('staff');
    expect((await reportFor(url, INACTIVE_TOKEN)).problem?.message).toMatch(/User inactive or deleted|Utilisateur inactif ou supprimé/);
    const none = await reportFor(url, '');
    expect(none.problem?.code).toBe('POD_NO_TOKEN');
  });

  it('says an unknown username must log in to Pod once', async () => {
    bed = await openPodTestBed(tempDir());
    const report = await reportFor(bed.server.url, STAFF_TOKEN, 'JDoe');
    expect(report.problem?.code).toBe('POD_UNKNOWN_USER');
    expect(report.problem?.message).toMatch(/no account "JDoe".*log in once/);
    expect(report.steps.at(-1)?.step).toBe('owner');
  });
});

describe('vocabularies', () => {
  it('fetches every page, caches, and refreshes on demand — following next links only on the configured host', async () => {
    // Pod behind a TLS proxy writes another scheme and host in its links (https://www.django-rest-framework.org/api-guide/pagination/, https://www.django-rest-framework.org/api-guide/relations/#hyperlinkedrelatedfield).
    bed = await openPodTestBed(tempDir(), { server: { knobs: { absoluteBase: 'http://pod.internal.invalid:8000' } } });
    const vocabulary = await bed.pod.vocabulary(bed.profile.id);
    expect(vocabulary.disciplines).toHaveLength(14);
    expect(vocabulary.disciplines[13]).toEqual({ path: '/rest/discipline/14/', title: 'Sociologie' });
    expect(bed.server.requestsTo('GET', '/rest/discipline/').map((request) => request.query)).toEqual(['', '?page=2']);
    expect(vocabulary.types.map((type) => type.path)).toEqual(['/rest/types/1/', '/rest/types/2/']);
    expect(vocabulary.channels.find((channel) => channel.path === '/rest/channels/5/')).toMatchObject({ title: 'Sciences', themes: ['/rest/themes/9/', '/rest/themes/10/'], memberPaths: ['/rest/users/42/'] });
    expect(vocabulary.themes.find((theme) => theme.path === '/rest/themes/11/')?.channel).toBe('/rest/channels/6/');
    expect(vocabulary.licences.map((choice) => choice.value)).toEqual(['by', 'by-nd', 'by-nc-nd', 'by-nc', 'by-nc-sa', 'by-sa']);
    expect(vocabulary.languages.map((choice) => choice.value)).toEqual(['fr', 'en']);
    expect(vocabulary.sites).toEqual([{ path: '/rest/sites/1/', title: 'Pod' }]);
    expect(vocabulary).toMatchObject({ version: '4.1.0', hasFileManager: true });

    const count = bed.server.requests.length;
    await bed.pod.vocabulary(bed.profile.id);
    expect(bed.server.requests.length).toBe(count); // cached
    bed.server.state.disciplines.push({ id: 15, title: 'Zoologie', slug: 'zoologie' });
    expect((await bed.pod.vocabulary(bed.profile.id, true)).disciplines).toHaveLength(15);
  });
});

describe('profiles', () => {
  it('keeps tokens in the secret store, never in what the renderer gets, and forgets them when the host changes', async () => {
    bed = await openPodTestBed(tempDir());
    const listed = JSON.stringify(bed.pod.listProfiles());
    expect(listed).not.toContain(STAFF_TOKEN);
    expect(bed.pod.listProfiles()[0]).toMatchObject({ hasToken: true, baseUrl: bed.server.url });
    const moved = await bed.pod.saveProfile({ id: bed.profile.id, name: 'Test Pod', baseUrl: 'https://elsewhere.example.org', username: 'jdoe' });
    expect(moved.hasToken).toBe(false);
    await expect(bed.pod.saveProfile({ name: 'Test Pod', baseUrl: 'ftp://x', username: '' })).rejects.toMatchObject({ code: 'POD_BAD_URL' });
  });

  it('imports a provisioning file, and explains every problem of a bad one', async () => {
    bed = await openPodTestBed(tempDir());
    const good = {
      format: 'capsule-studio/pod-provisioning',
      version: 1,
      servers: [{ name: 'Pod Université', url: 'https://pod.univ.example/', token: STAFF_TOKEN, defaults: { type: '/rest/types/2/', licence: 'by-nc-sa', isDraft: false, disciplines: ['https://pod.univ.example/rest/discipline/3/'] } }],
    };
    const [profile] = await bed.pod.importProvisioning(JSON.stringify(good));
    expect(profile).toMatchObject({ name: 'Pod Université', baseUrl: 'https://pod.univ.example', provisioned: true, hasToken: true, defaults: { type: '/rest/types/2/', licence: 'by-nc-sa', isDraft: false, disciplines: ['/rest/discipline/3/'] } });
    // Importing again updates the same profile.
    await bed.pod.importProvisioning(JSON.stringify(good));
    expect(bed.pod.listProfiles().filter((item) => item.name === 'Pod Université')).toHaveLength(1);

    const bad = { format: 'capsule-studio/pod-provisioning', version: 2, servers: [{ name: '', url: 'http://pod.univ.example', tokn: 'x', defaults: { licence: 3, type: '1' } }] };
    await expect(bed.pod.importProvisioning(JSON.stringify(bad))).rejects.toMatchObject({
      code: 'POD_PROVISIONING_INVALID',
      details: {
        problems: [
          'version must be 1',
          'servers[0].tokn is not a known setting (known: name, url, token, username, defaults)',
          'servers[0].name must be a text of 1 to 100 characters',
          'servers[0].url must start with https://',
          'servers[0].defaults.type must be a Pod path such as "/rest/types/1/"',
          'servers[0].defaults.licence must be a text',
        ],
      },
    });
    await expect(bed.pod.importProvisioning('{ not json')).rejects.toMatchObject({ code: 'POD_PROVISIONING_INVALID', message: expect.stringMatching(/not valid JSON/) });
  });

  it('pre-fills the form from the capsule and the profile defaults, and remembers the choices of a publication but never its visibility', async () => {
    bed = await openPodTestBed(tempDir());
    const now = new Date().toISOString();
    bed.studio.database
      .prepare('INSERT INTO capsules (id, title, metadata_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run('cap1', 'Optique géométrique', JSON.stringify({ description: 'Les lentilles minces.' }), now, now);
    bed.pod.setDefaults(bed.profile.id, { licence: 'by', isDraft: false });
    const draft = bed.pod.draft({ profileId: bed.profile.id, capsuleId: 'cap1' });
    expect(draft.metadata).toMatchObject({ title: 'Optique géométrique', description: 'Les lentilles minces.', licence: 'by', isDraft: true });
    expect(bed.pod.profiles.get(bed.profile.id).defaults).toEqual({ licence: 'by' });
    expect(draft.source).toBeNull();
    expect(draft.sourceProblem).toMatch(/no rendered video yet/);
    await expect(bed.pod.publish({ profileId: bed.profile.id, capsuleId: 'cap1', metadata: metadata(), mode: 'new' })).rejects.toMatchObject({ code: 'POD_NO_SOURCE' });
    await expect(bed.pod.publish({ profileId: bed.profile.id, capsuleId: 'cap1', filePath: '/nonexistent.mp4', metadata: metadata(), mode: 'replace' })).rejects.toMatchObject({ code: 'POD_NO_SOURCE' });
  });

  it('opens only pages of a configured Pod server, through the shell hook', async () => {
    bed = await openPodTestBed(tempDir());
    const page = `${bed.server.url}/video/0001-capsule/`;
    await expect(bed.pod.openExternalUrl(page)).rejects.toMatchObject({ code: 'OPEN_EXTERNAL_UNAVAILABLE' });
    const opened: string[] = [];
    // What the Electron shell provides (src/main/electron/electronDesktop.ts), recording instead of opening.
    bed.studio.context.desktop = {
      ...noDesktop,
      available: true,
      openExternal: async (url) => {
        opened.push(url);
      },
    };
    await bed.pod.openExternalUrl(page);
    expect(opened).toEqual([page]);
    for (const refused of ['https://evil.example/video/1/', 'file:///etc/passwd', 'javascript:alert(1)', `${bed.server.url.replace('http:', 'https:')}/video/x/`]) {
      await expect(bed.pod.openExternalUrl(refused)).rejects.toMatchObject({ code: 'POD_URL_REFUSED' });
    }
    expect(opened).toHaveLength(1);
  });
});
