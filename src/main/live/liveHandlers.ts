// Runs in Node (main side). The live panel's StudioApi methods: stream profiles, live sessions fed by the
// renderer's program stream, and Pod live through the Pod profiles of the publishing panel.
import type { CallsOf } from '../../shared/api/method';
import type { liveMethods } from '../../shared/api/live';
import type { StudioContext } from '../context';
import { PodClient } from '../pod/podClient';
import { createEvent, endEvent, listBroadcasters, listBuildings, listEvents, resolveOwnerUrl, setBroadcasterStatus } from './podLive';
import { LiveService } from './liveService';

export function createLiveHandlers(ctx: StudioContext, service = new LiveService(ctx)): CallsOf<typeof liveMethods> {
  const podProfiles = ctx.stores.podProfiles;
  const podClient = async (profileId: string) => {
    const profile = podProfiles.get(profileId);
    return { profile, client: new PodClient({ baseUrl: profile.baseUrl, token: await podProfiles.token(profileId) }) };
  };

  return {
    async listStreamProfiles() {
      return service.profiles.list();
    },
    async saveStreamProfile(input) {
      return service.profiles.save(input);
    },
    async deleteStreamProfile(id) {
      service.profiles.delete(id);
    },
    async startLive(request) {
      return service.start(request);
    },
    async liveAppend(sessionId, seq, bytes) {
      await service.append(sessionId, seq, bytes);
    },
    async getLiveHealth(sessionId) {
      return service.health(sessionId);
    },
    async stopLive(sessionId) {
      return service.stop(sessionId);
    },
    async listLiveSessions() {
      return service.list();
    },
    async listPodBuildings(profileId) {
      return listBuildings((await podClient(profileId)).client);
    },
    async listPodBroadcasters(profileId) {
      return listBroadcasters((await podClient(profileId)).client);
    },
    async setPodBroadcasterStatus(profileId, slug, status) {
      return setBroadcasterStatus((await podClient(profileId)).client, slug, status);
    },
    async listPodLiveEvents(profileId, broadcasterSlug) {
      return listEvents((await podClient(profileId)).client, broadcasterSlug);
    },
    async createPodLiveEvent(profileId, input) {
      const { profile, client } = await podClient(profileId);
      const owner = await resolveOwnerUrl(client, profile);
      return createEvent(client, input, owner);
    },
    async endPodLiveEvent(profileId, eventId) {
      return endEvent((await podClient(profileId)).client, eventId);
    },
  };
}
