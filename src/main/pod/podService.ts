// Runs in Node (main side). Publishing to Pod behind the StudioApi and the CLI: profiles and tokens,
// provisioning, connection tests, vocabularies, defaults, drafts, and queueing 'publish' jobs.
import { safeExternalUrl } from '../desktop';
import { StudioError } from '../../shared/errors';
import type { JobInfo } from '../../shared/domain/jobs';
import {
  EMPTY_POD_METADATA,
  type PodConnectionReport,
  type PodMetadata,
  type PodMetadataDefaults,
  type PodProfile,
  type PodProfileInput,
  type PodPublication,
  type PodVocabulary,
  type PublishDraft,
  type PublishRequest,
} from '../../shared/domain/pod';
import { hasFieldErrors, validatePodMetadata } from '../../shared/logic/podMetadata';
import { isOnServer } from '../../shared/logic/podUrls';
import type { StudioContext } from '../context';
import { PodClient } from './podClient';
import { POD_ERROR } from './podErrors';
import { PodProfileStore } from './profileStore';
import { PodPublicationStore } from './publicationStore';
import { fetchVocabulary, PodVocabularyCache } from './vocabulary';
import { readPodInfo, testPodConnection } from './connectionTest';
import { parseProvisioning } from './provisioning';
import { resolvePublishSource } from './publishSource';
import { createPublishJob, DEFAULT_PUBLISH_CONFIG, PUBLISH_JOB_KIND, type PublishJobConfig, type PublishPayload } from './publishJob';

export interface PublishOptions extends PublishRequest {
  /** Remember this form's reusable choices as the profile's defaults. */
  rememberDefaults?: boolean;
}

export function defaultsOf(metadata: PodMetadata): PodMetadataDefaults {
  const { type, disciplines, channels, themes, licence, mainLang, tags, isDraft, isRestricted, allowDownloading } = metadata;
  return { type, disciplines, channels, themes, licence, mainLang, tags, isDraft, isRestricted, allowDownloading };
}

export class PodService {
  readonly profiles: PodProfileStore;
  readonly publications: PodPublicationStore;
  readonly vocabularies: PodVocabularyCache;
  readonly config: PublishJobConfig;

  constructor(
    private readonly ctx: StudioContext,
    config: Partial<PublishJobConfig> = {},
  ) {
    this.profiles = new PodProfileStore(ctx.db, ctx.secrets);
    this.publications = new PodPublicationStore(ctx.db);
    this.vocabularies = new PodVocabularyCache(ctx.db);
    this.config = { ...DEFAULT_PUBLISH_CONFIG, ...config };
    ctx.jobs.register(createPublishJob({ ctx, profiles: this.profiles, publications: this.publications, vocabularies: this.vocabularies, config: this.config }));
  }

  private changed(profileId: string | null): void {
    this.ctx.events.emit('pod.profilesChanged', { profileId });
  }

  listProfiles(): PodProfile[] {
    return this.profiles.list();
  }

  async saveProfile(input: PodProfileInput): Promise<PodProfile> {
    const profile = await this.profiles.save(input);
    this.changed(profile.id);
    return profile;
  }

  deleteProfile(id: string): void {
    this.profiles.delete(id);
    this.changed(id);
  }

  async importProvisioning(text: string): Promise<PodProfile[]> {
    const servers = parseProvisioning(text);
    const saved: PodProfile[] = [];
    for (const server of servers) {
      const existing = this.profiles.findByName(server.name);
      const profile = await this.profiles.save(
        { id: existing?.id, name: server.name, baseUrl: server.baseUrl, username: server.username || existing?.username || '', token: server.token ?? undefined },
        { provisioned: true, defaults: { ...(existing?.defaults ?? {}), ...server.defaults } },
      );
      saved.push(profile);
    }
    this.changed(null);
    return saved;
  }

  async testConnection(profileId: string): Promise<PodConnectionReport> {
    const profile = this.profiles.get(profileId);
    const token = profile.hasToken ? await this.profiles.token(profileId) : null;
    const report = await testPodConnection({ baseUrl: profile.baseUrl, token, username: profile.username }, { timeouts: this.config.timeouts });
    if (report.ownerUrl) this.profiles.setOwner(profileId, report.ownerUrl, report.ownerName);
    this.changed(profileId);
    return report;
  }

  private async client(profile: PodProfile): Promise<PodClient> {
    return new PodClient({ baseUrl: profile.baseUrl, token: await this.profiles.token(profile.id), timeouts: this.config.timeouts, userAgent: `CapsuleStudio/${this.ctx.version}` });
  }

  async vocabulary(profileId: string, refresh = false): Promise<PodVocabulary> {
    const cached = refresh ? null : this.vocabularies.get(profileId);
    if (cached) return cached;
    const profile = this.profiles.get(profileId);
    const client = await this.client(profile);
    const { version } = await readPodInfo(client);
    const vocabulary = await fetchVocabulary(client, version);
    this.vocabularies.put(profileId, vocabulary);
    return vocabulary;
  }

  setDefaults(profileId: string, defaults: PodMetadataDefaults): PodProfile {
    const profile = this.profiles.setDefaults(profileId, defaults);
    this.changed(profileId);
    return profile;
  }

  draft(request: { profileId: string; capsuleId?: string; filePath?: string }): PublishDraft {
    const profile = this.profiles.get(request.profileId);
    let title = '';
    let description = '';
    if (request.capsuleId) {
      const row = this.ctx.db.prepare('SELECT title, metadata_json FROM capsules WHERE id = ?').get(request.capsuleId) as { title: string; metadata_json: string } | undefined;
      if (!row) throw new StudioError('NOT_FOUND', 'This capsule no longer exists.', { capsuleId: request.capsuleId });
      title = row.title;
      const metadata = JSON.parse(row.metadata_json || '{}') as { description?: unknown };
      description = typeof metadata.description === 'string' ? metadata.description : '';
    } else if (request.filePath) {
      title = request.filePath.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
    }
    const previous = request.capsuleId ? this.publications.latestForCapsule(request.capsuleId, profile.id) : null;
    let source: PublishDraft['source'] = null;
    let sourceProblem: string | null = null;
    try {
      const resolved = resolvePublishSource(this.ctx.db, { capsuleId: request.capsuleId, filePath: request.filePath });
      source = { path: resolved.filePath, bytes: resolved.bytes };
    } catch (error) {
      if (!(error instanceof StudioError)) throw error;
      sourceProblem = error.message; // shown in the form; publishing stays disabled until a render exists
    }
    const metadata: PodMetadata = { ...EMPTY_POD_METADATA, ...profile.defaults, title: previous?.title ?? title, description, dateEvt: new Date().toISOString().slice(0, 10) };
    return { metadata, previous: previous ? stripRecord(previous) : null, source, sourceProblem };
  }

  /** Checks everything that can be checked here, then queues the job (its payload never holds the token). */
  async publish(request: PublishOptions): Promise<JobInfo> {
    const profile = this.profiles.get(request.profileId);
    if (!profile.hasToken) throw new StudioError(POD_ERROR.noToken, 'No API token is stored for this Pod server. Enter the token your Pod administrators gave you.', { field: 'token' });
    if (profile.username.trim() === '') throw new StudioError(POD_ERROR.noUsername, 'Enter your Pod username in the server settings.', { field: 'username' });
    const errors = validatePodMetadata(request.metadata, this.vocabularies.get(profile.id));
    if (hasFieldErrors(errors)) throw new StudioError(POD_ERROR.invalidMetadata, 'Some fields must be corrected before publishing.', { fields: errors });
    const source = resolvePublishSource(this.ctx.db, request);
    let replace: PublishPayload['replace'] = null;
    if (request.mode === 'replace') {
      const previous = request.capsuleId ? this.publications.latestForCapsule(request.capsuleId, profile.id) : null;
      if (!previous) throw new StudioError('POD_NOTHING_TO_REPLACE', 'This capsule has not been published on this Pod server yet: publish it as a new video.');
      replace = { videoId: previous.videoId, chapterIds: previous.chapterIds, trackId: previous.trackId };
    }
    if (request.rememberDefaults !== false) this.profiles.setDefaults(profile.id, { ...profile.defaults, ...defaultsOf(request.metadata) });
    const payload: PublishPayload = {
      profileId: profile.id,
      capsuleId: request.capsuleId ?? null,
      filePath: source.filePath,
      metadata: request.metadata,
      mode: request.mode,
      replace,
      chapters: source.chapters,
      captionsPath: source.captionsPath,
      captionsLang: request.captionsLang ?? request.metadata.mainLang ?? 'fr',
    };
    return this.ctx.jobs.enqueue(PUBLISH_JOB_KIND, payload, { title: request.metadata.title.trim(), capsuleId: request.capsuleId ?? null, id: request.jobId });
  }

  listPublications(capsuleId?: string): PodPublication[] {
    return this.publications.list({ capsuleId }).map(stripRecord);
  }

  /** Only http(s) pages of a configured Pod server, and only through the shell's hook. */
  async openExternalUrl(url: string): Promise<void> {
    const onPod = this.profiles.list().some((profile) => isOnServer(profile.baseUrl, url));
    if (!onPod) throw new StudioError('POD_URL_REFUSED', 'Only pages of a configured Pod server can be opened from here.', { url });
    if (!this.ctx.desktop.available) throw new StudioError('OPEN_EXTERNAL_UNAVAILABLE', 'This window cannot open the system browser; use the link instead.', { url });
    await this.ctx.desktop.openExternal(safeExternalUrl(url));
  }
}

function stripRecord(record: PodPublication & { chapterIds?: number[]; trackId?: number | null; sourcePath?: string }): PodPublication {
  return {
    id: record.id,
    capsuleId: record.capsuleId,
    profileId: record.profileId,
    videoId: record.videoId,
    slug: record.slug,
    pageUrl: record.pageUrl,
    title: record.title,
    publishedAt: record.publishedAt,
  };
}
