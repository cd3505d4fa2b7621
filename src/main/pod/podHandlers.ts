// Runs in Node (main side). StudioApi methods of publishing to Esup-Pod, over PodService.
import type { CallsOf } from '../../shared/api/method';
import { fileToRead } from '../files/fileArgs';
import type { podMethods } from '../../shared/api/pod';
import type { StudioContext } from '../context';
import { PodService } from './podService';
import type { PublishJobConfig } from './publishJob';

export function createPodHandlers(ctx: StudioContext, config: Partial<PublishJobConfig> = {}, service: PodService = new PodService(ctx, config)): CallsOf<typeof podMethods> {
  const videoOf = (filePath: string | undefined, grant: string | undefined) => fileToRead(ctx.grants, { path: filePath, grant }, 'read-video', 'a video');
  return {
    listPodProfiles: async () => service.listProfiles(),
    savePodProfile: (input) => service.saveProfile(input),
    deletePodProfile: async (id) => service.deleteProfile(id),
    importPodProvisioning: ({ text }) => service.importProvisioning(text),
    testPodConnection: (id) => service.testConnection(id),
    getPodVocabulary: (id, options) => service.vocabulary(id, options?.refresh ?? false),
    setPodDefaults: async (id, defaults) => service.setDefaults(id, defaults),
    // Files to publish: a capsule's own render, a grant, or a path from main-side code (the CLI) only.
    getPublishDraft: async ({ fileGrant, ...request }) => service.draft({ ...request, filePath: videoOf(request.filePath, fileGrant) }),
    previewPodReplace: async ({ fileGrant, ...request }) => service.previewReplace({ ...request, filePath: videoOf(request.filePath, fileGrant) }),
    publishToPod: async ({ fileGrant, captionsGrant, ...request }) =>
      service.publish({
        ...request,
        filePath: videoOf(request.filePath, fileGrant),
        captionsPath: fileToRead(ctx.grants, { path: request.captionsPath, grant: captionsGrant }, 'read-captions', 'a captions file'),
      }),
    listPodPublications: async (filter) => service.listPublications(filter?.capsuleId),
    openExternalUrl: (url) => service.openExternalUrl(url),
  };
}
