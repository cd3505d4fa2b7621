// Runs in Node (tests). Pod live through the StudioApi with a Pod profile of the publishing panel: the
// token is read from the secret store on the main side, the event owner resolved from the profile's
// username, broadcasters switched on and off, events created and ended.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioError } from '../../src/shared/errors';
import { createStudio, type Studio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { startPodServer, type PodServer } from '../support/podServer/server';
import { liveRoutes } from '../support/podServer/live';
import { STAFF_TOKEN } from '../support/podServer/state';
import { tempDir } from '../support/tempDir';

let pod: PodServer;
let studio: Studio;
let profileId: string;
const live = liveRoutes();
const logLines: string[] = [];

beforeAll(async () => {
  pod = await startPodServer({ modules: [live] });
  studio = await createStudio({ libraryDir: tempDir('capsule-pod-live-'), binding: 'cli', log: createLogger((line) => logLines.push(line)), startJobs: false });
  const profiles = studio.context.stores.podProfiles;
  profileId = (await profiles.save({ name: 'Pod test', baseUrl: pod.url, username: 'jdoe', token: STAFF_TOKEN })).id;
});

afterAll(async () => {
  await studio?.close();
  await pod?.close();
});

describe('Pod live through the StudioApi', () => {
  it('lists, switches, creates and ends with the profile’s token and owner', async () => {
    const calls = studio.calls;
    expect((await calls.listPodBuildings(profileId)).map((building) => building.id).sort()).toEqual([3, 4]);
    const broadcasters = await calls.listPodBroadcasters(profileId);
    expect(broadcasters.find((item) => item.slug === 'amphi-a')?.suggestedRtmpUrl).toBe('rtmp://live.example.edu/live/amphi-a');

    expect((await calls.setPodBroadcasterStatus(profileId, 'amphi-a', true)).status).toBe(true);
    expect(live.data.broadcasterBySlug('amphi-a')!.status).toBe(true);
    expect((await calls.setPodBroadcasterStatus(profileId, 'amphi-a', false)).status).toBe(false);

    const start = new Date(Date.now() + 60_000).toISOString();
    const end = new Date(Date.now() + 3_600_000).toISOString();
    const event = await calls.createPodLiveEvent(profileId, { title: 'Amphi en direct', broadcasterSlug: 'amphi-a', startDate: start, endDate: end });
    expect(event.slug).toMatch(/^\d{4}-amphi-en-direct$/);
    expect(live.data.events.find((item) => item.id === event.id)?.owner).toBe(42);
    expect((await calls.listPodLiveEvents(profileId, 'amphi-a')).map((item) => item.id)).toContain(event.id);
    const ended = await calls.endPodLiveEvent(profileId, event.id);
    expect(Date.parse(ended.endDate)).toBeLessThanOrEqual(Date.now());

    let code: string | null = null;
    try {
      await calls.createPodLiveEvent(profileId, { title: 'Backwards', broadcasterSlug: 'amphi-a', startDate: end, endDate: start });
    } catch (error) {
      code = (error as StudioError).code;
    }
    expect(code).toBe('LIVE_EVENT_DATES');
    expect(logLines.join('\n')).not.toContain(STAFF_TOKEN);
  });
});
