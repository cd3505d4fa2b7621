// Runs in Node (tests). Pod live calls against the contract-faithful fake Pod extended with buildings,
// broadcasters and events: listing, status on/off by slug, event creation with date validation on the
// client (Pod's REST API only checks formats), ending an event, and the suggested RTMP URLs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../src/shared/errors';
import { PodClient } from '../../src/main/pod/podClient';
import { createEvent, endEvent, getBroadcaster, listBroadcasters, listBuildings, listEvents, setBroadcasterStatus } from '../../src/main/live/podLive';
import { startPodServer, type PodServer } from '../support/podServer/server';
import { liveRoutes } from '../support/podServer/live';
import { NON_STAFF_TOKEN, STAFF_TOKEN } from '../support/podServer/state';

let pod: PodServer;
let client: PodClient;
const live = liveRoutes();

beforeAll(async () => {
  pod = await startPodServer({ modules: [live] });
  client = new PodClient({ baseUrl: pod.url, token: STAFF_TOKEN });
});

afterAll(async () => {
  await pod?.close();
});

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    return (error as StudioError).code;
  }
}

describe('Pod live', () => {
  it('lists buildings and broadcasters with their status and a suggested RTMP URL', async () => {
    const buildings = await listBuildings(client);
    expect(buildings.map((building) => building.name)).toEqual(['Amphithéâtres Droit', 'Bâtiment Sciences']);
    const broadcasters = await listBroadcasters(client);
    expect(broadcasters.map((broadcaster) => broadcaster.slug)).toEqual(['amphi-droit-1', 'amphi-a', 'salle-wowza']);
    const amphi = broadcasters.find((broadcaster) => broadcaster.slug === 'amphi-a')!;
    expect(amphi.status).toBe(false);
    expect(amphi.url).toBe(`${pod.url}/rest/broadcasters/amphi-a/`);
    expect(amphi.broadcasterUrl).toBe('https://live.example.edu/hls/amphi-a.m3u8');
    expect(amphi.suggestedRtmpUrl).toBe('rtmp://live.example.edu/live/amphi-a');
    expect(amphi.rtmpUrlSource).toBe('broadcaster_url');
    const wowza = broadcasters.find((broadcaster) => broadcaster.slug === 'salle-wowza')!;
    expect(wowza.suggestedRtmpUrl).toBe('rtmp://wowza.example.edu/live/salle.stream');
    expect(wowza.rtmpUrlSource).toBe('piloting_conf');
    expect(broadcasters.find((broadcaster) => broadcaster.slug === 'amphi-droit-1')!.suggestedRtmpUrl).toBeNull();
  });

  it('switches a broadcaster on and off by slug', async () => {
    const on = await setBroadcasterStatus(client, 'amphi-a', true);
    expect(on.status).toBe(true);
    expect(live.data.broadcasterBySlug('amphi-a')!.status).toBe(true);
    expect((await getBroadcaster(client, 'amphi-a')).status).toBe(true);
    const patch = pod.requestsTo('PATCH', '/rest/broadcasters/amphi-a/').at(-1)!;
    expect(patch.json).toEqual({ status: true });
    expect(patch.contentType).toBe('application/json');
    expect(patch.auth).toBe('token:admin');

    const off = await setBroadcasterStatus(client, 'amphi-a', false);
    expect(off.status).toBe(false);
    expect(live.data.broadcasterBySlug('amphi-a')!.status).toBe(false);
  });

  it('reports an unknown broadcaster and a non-staff token with stable codes', async () => {
    expect(await codeOf(setBroadcasterStatus(client, 'no-such-room', true))).toBe('POD_NOT_FOUND');
    const colleague = new PodClient({ baseUrl: pod.url, token: NON_STAFF_TOKEN });
    expect(await codeOf(setBroadcasterStatus(colleague, 'amphi-a', true))).toBe('POD_NOT_STAFF');
    expect(live.data.broadcasterBySlug('amphi-a')!.status).toBe(false);
  });

  it('creates an event for a broadcaster, lists it, and ends it', async () => {
    const now = Date.now();
    const start = new Date(now + 60_000);
    const end = new Date(now + 90 * 60_000);
    const event = await createEvent(
      client,
      { title: 'Cours 3 en direct', broadcasterSlug: 'amphi-a', startDate: start.toISOString(), endDate: end.toISOString() },
      `${pod.url}/rest/users/42/`,
      now,
    );
    expect(event.id).toBe(88);
    expect(event.slug).toBe('0088-cours-3-en-direct');
    expect(event.broadcaster).toBe('amphi-a');
    expect(event.isDraft).toBe(false);
    expect(Date.parse(event.startDate)).toBe(start.getTime());
    expect(Date.parse(event.endDate)).toBe(end.getTime());
    expect(event.pageUrl).toBe(`${pod.url}/live/event/0088-cours-3-en-direct/`);
    const sent = pod.requestsTo('POST', '/rest/events/').at(-1)!.json as Record<string, unknown>;
    expect(sent.owner).toBe('/rest/users/42/');
    expect(sent.broadcaster).toBe('/rest/broadcasters/amphi-a/');

    const forAmphi = await listEvents(client, 'amphi-a');
    expect(forAmphi.map((item) => item.id)).toEqual([88]);
    expect(await listEvents(client, 'salle-wowza')).toEqual([]);

    const ended = await endEvent(client, event.id);
    expect(Date.parse(ended.endDate)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(ended.endDate)).toBeGreaterThan(now - 5000);
  });

  it('refuses bad event dates before calling Pod, which would accept them', async () => {
    const now = Date.now();
    const iso = (offsetMin: number) => new Date(now + offsetMin * 60_000).toISOString();
    const before = pod.requestsTo('POST', '/rest/events/').length;
    const attempt = (startDate: string, endDate: string, title = 'Live') => codeOf(createEvent(client, { title, broadcasterSlug: 'amphi-a', startDate, endDate }, '/rest/users/42/', now));
    expect(await attempt(iso(60), iso(30))).toBe('LIVE_EVENT_DATES');
    expect(await attempt(iso(-120), iso(-60))).toBe('LIVE_EVENT_DATES');
    expect(await attempt('2025-03-14 10:00', iso(60))).toBe('LIVE_EVENT_DATES');
    expect(await attempt('2025-03-14T10:00:00', iso(60))).toBe('LIVE_EVENT_DATES');
    expect(await attempt(iso(0), iso(60 * 25))).toBe('LIVE_EVENT_DATES');
    expect(await attempt(iso(0), iso(60), '   ')).toBe('LIVE_EVENT_TITLE');
    expect(pod.requestsTo('POST', '/rest/events/').length).toBe(before);

    // The fake, like Pod, checks only formats: an inverted event goes through when sent directly.
    const raw = await client.request<{ id: number }>('POST', '/rest/events/', {
      json: { title: 'Inverted', owner: '/rest/users/42/', broadcaster: '/rest/broadcasters/amphi-a/', start_date: iso(60), end_date: iso(30) },
      what: 'a direct call',
    });
    expect(raw.status).toBe(201);
    const badFormat = await codeOf(
      client.request('POST', '/rest/events/', { json: { title: 'Bad', owner: '/rest/users/42/', broadcaster: '/rest/broadcasters/amphi-a/', start_date: 'tomorrow' }, what: 'a direct call' }),
    );
    expect(badFormat).toBe('POD_VALIDATION');
  });

  it('refuses an event on an unknown broadcaster with Pod\'s hyperlink message', async () => {
    const now = Date.now();
    try {
      await createEvent(client, { title: 'Live', broadcasterSlug: 'ghost-room', startDate: new Date(now).toISOString(), endDate: new Date(now + 3600_000).toISOString() }, '/rest/users/42/', now);
      throw new Error('expected a failure');
    } catch (error) {
      expect((error as StudioError).code).toBe('POD_VALIDATION');
      expect(JSON.stringify((error as StudioError).details)).toMatch(/Invalid hyperlink - Object does not exist\.|Lien non valide\s*:\s*l.objet n.existe pas\./);
    }
  });
});
