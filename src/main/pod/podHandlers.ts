// Runs in Node (main side). StudioApi methods of publishing to Esup-Pod, over PodService.
import type { CallsOf } from '../../shared/api/method';
import type { podMethods } from '../../shared/api/pod';
import type { StudioContext } from '../context';
import { PodService } from './podService';
import type { PublishJobConfig } from './publishJob';

export function createPodHandlers(ctx: StudioContext, config: Partial<PublishJobConfig> = {}, service: PodService = new PodService(ctx, config)): CallsOf<typeof podMethods> {
  return {
    listPodProfiles: async () => service.listProfiles(),
    savePodProfile: (input) => service.saveProfile(input),
    deletePodProfile: async (id) => service.deleteProfile(id),
    importPodProvisioning: ({ text }) => service.importProvisioning(text),
    testPodConnection: (id) => service.testConnection(id),
    getPodVocabulary: (id, options) => service.vocabulary(id, options?.refresh ?? false),
    setPodDefaults: async (id, defaults) => service.setDefaults(id, defaults),
    getPublishDraft: async (request) => service.draft(request),
    previewPodReplace: (request) => service.previewReplace(request),
    publishToPod: (request) => service.publish(request),
    listPodPublications: async (filter) => service.listPublications(filter?.capsuleId),
    openExternalUrl: (url) => service.openExternalUrl(url),
  };
}
