// Runs in Node (main side). Publishing to Pod behind the StudioApi and the CLI: profiles and tokens,
// provisioning, connection tests, vocabularies, defaults, drafts, replace previews, and queueing 'publish'
// jobs — one Pod video per capsule: an unfinished publication of the same source is continued, never doubled.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { safeExternalUrl } from '../desktop';
import { StudioError } from '../../shared/errors';
import type { JobInfo } from '../../shared/domain/jobs';
import {
  EMPTY_POD_METADATA,
  type PodConnectionReport,
  type PodMetadata,
  type PodMetadataDefaults,
  type PodMetadataField,
  type PodProfile,
  type PodProfileInput,
  type PodPublication,
  type PodReplacePreview,
  type PodUnfinishedPublication,
  type PodVocabulary,
  type PublishDraft,
  type PublishRequest,
} from '../../shared/domain/pod';
import { allowedValuesOf, changedFields, hasFieldErrors, planReplace, validatePodMetadata } from '../../shared/logic/podMetadata';
import { isOnServer } from '../../shared/logic/podUrls';
import type { StudioContext } from '../context';
import { PodClient } from './podClient';
import { POD_ERROR } from './podErrors';
import type { PodProfileStore } from './profileStore';
import type { PodPublicationStore } from './publicationStore';
import { fetchVocabulary, type PodVocabularyCache } from './vocabulary';
import { readPodInfo, testPodConnection } from './connectionTest';
import { parseProvisioning } from './provisioning';
import { resolvePublishSource } from './publishSource';
import { createPublishJob, DEFAULT_PUBLISH_CONFIG, onlyNotOffered, PUBLISH_JOB_KIND, type PublishCheckpoint, type PublishJobConfig, type PublishPayload } from './publishJob';
import type { PublicationRecord } from './publicationStore';
import { readVideoState } from './videoState';

/** Failures after which the video may exist on Pod, or exists: publishing the same source again continues that job. */
const UNFINISHED_AFTER = new Set<string>([
  POD_ERROR.connectionLost,
  POD_ERROR.timeout,
  POD_ERROR.serverError,
  POD_ERROR.unreachable,
  POD_ERROR.dns,
  POD_ERROR.uploadUncertain,
  POD_ERROR.answerTooSlow,
  'CANCELLED',
]);

export interface PublishOptions extends PublishRequest {
  /** Remember this form's reusable choices as the profile's defaults. */
  rememberDefaults?: boolean;
}

export function defaultsOf(metadata: PodMetadata): PodMetadataDefaults {
  // Visibility is left out on purpose: it is never carried from one publication to the next.
  const { type, disciplines, channels, themes, licence, mainLang, tags, isRestricted, allowDownloading } = metadata;
  return { type, disciplines, channels, themes, licence, mainLang, tags, isRestricted, allowDownloading };
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
    this.profiles = ctx.stores.podProfiles;
    this.publications = ctx.stores.podPublications;
    this.vocabularies = ctx.stores.podVocabularies;
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
        { provisioned: true, provisionedDefaults: server.defaults },
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
    // A token the server refused is not kept: the form then asks for a valid one instead of a "stored" token that fails.
    if (token !== null && report.problem?.code === POD_ERROR.badToken) {
      this.profiles.forgetToken(profileId);
      report.problem = { ...report.problem, message: `${report.problem.message} The token was not kept.` };
    }
    this.changed(profileId);
    return report;
  }

  /** A client writing and reading in the instance's own language (translated titles, https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/translation.py). */
  private async client(profile: PodProfile): Promise<{ client: PodClient; version: string }> {
    const anyLanguage = new PodClient({ baseUrl: profile.baseUrl, token: await this.profiles.token(profile.id), timeouts: this.config.timeouts, userAgent: `CapsuleStudio/${this.ctx.version}` });
    const info = await readPodInfo(anyLanguage);
    return { client: anyLanguage.withLanguage(info.language ?? 'fr'), version: info.version };
  }

  /** The server's lists: cached, fetched again on `refresh` or when older than the configured age. */
  async vocabulary(profileId: string, refresh = false): Promise<PodVocabulary> {
    const cached = refresh ? null : this.vocabularies.get(profileId);
    if (cached && Date.now() - Date.parse(cached.fetchedAt) < this.config.vocabularyMaxAgeMs) return cached;
    const profile = this.profiles.get(profileId);
    const { client, version } = await this.client(profile);
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
      const heading = this.ctx.library.findHeading(request.capsuleId);
      if (!heading) throw new StudioError('NOT_FOUND', 'This capsule no longer exists.', { capsuleId: request.capsuleId });
      title = heading.title;
      const metadata = heading.metadata as { description?: unknown };
      description = typeof metadata.description === 'string' ? metadata.description : '';
    } else if (request.filePath) {
      title = request.filePath.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
    }
    const previous = this.previousPublication(profile.id, request);
    let source: PublishDraft['source'] = null;
    let sourceProblem: string | null = null;
    try {
      const resolved = resolvePublishSource(this.ctx.stores.montage, { capsuleId: request.capsuleId, filePath: request.filePath });
      source = { path: resolved.filePath, bytes: resolved.bytes };
    } catch (error) {
      if (!(error instanceof StudioError)) throw error;
      sourceProblem = error.message; // shown in the form; publishing stays disabled until a render exists
    }
    const lastSent = previous ? this.sentMetadata(previous) : null;
    // Visibility never comes from a remembered choice: draft, unless the institution's file says otherwise.
    const isDraft = profile.provisionedDefaults.isDraft ?? true;
    const metadata: PodMetadata = {
      ...EMPTY_POD_METADATA,
      ...profile.defaults,
      ...(lastSent ? { ...lastSent, password: '' } : {}),
      title: lastSent?.title ?? previous?.title ?? title,
      description: lastSent?.description ?? description,
      dateEvt: lastSent?.dateEvt ?? new Date().toISOString().slice(0, 10),
      isDraft: lastSent?.isDraft ?? isDraft,
    };
    const unfinished = this.unfinished(profile.id, { capsuleId: request.capsuleId, filePath: source?.path ?? request.filePath });
    return { metadata, previous: previous ? stripRecord(previous) : null, unfinished, source, sourceProblem };
  }

  private previousPublication(profileId: string, request: { capsuleId?: string | null; filePath?: string | null }): PublicationRecord | null {
    if (request.capsuleId) return this.publications.latestForCapsule(request.capsuleId, profileId);
    if (request.filePath) return this.publications.latestForFile(path.resolve(request.filePath), profileId);
    return null;
  }

  /** What the studio sent at a publication (its job's payload), or null when that job is gone. */
  private sentMetadata(publication: PublicationRecord): PodMetadata | null {
    if (!publication.jobId) return null;
    try {
      return this.ctx.jobs.payloadOf<PublishPayload>(publication.jobId).metadata ?? null;
    } catch (error) {
      if (error instanceof StudioError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  private checkpointOf(jobId: string): PublishCheckpoint {
    return this.ctx.jobs.checkpointOf<PublishCheckpoint>(jobId) ?? {};
  }

  /**
   * The newest publication job of this source on this profile, when it did not finish and may have
   * reached Pod (queued, running, or stopped after the file may have left). Publishing again continues it.
   */
  unfinished(profileId: string, source: { capsuleId?: string | null; filePath?: string | null }): PodUnfinishedPublication | null {
    const filePath = source.filePath ? path.resolve(source.filePath) : null;
    const jobs = this.ctx.jobs.list({ kind: PUBLISH_JOB_KIND, capsuleId: source.capsuleId ?? undefined });
    for (const job of jobs) {
      const payload = this.ctx.jobs.payloadOf<PublishPayload>(job.id);
      if (payload.profileId !== profileId) continue;
      if (source.capsuleId ? payload.capsuleId !== source.capsuleId : payload.capsuleId !== null || path.resolve(payload.filePath) !== filePath) continue;
      if (job.state === 'done') return null;
      const checkpoint = this.checkpointOf(job.id);
      const summary = (): PodUnfinishedPublication => ({
        jobId: job.id,
        title: job.title,
        state: job.state as PodUnfinishedPublication['state'],
        createdAt: job.createdAt,
        videoId: checkpoint.videoId ?? null,
        errorCode: job.error?.code ?? null,
        metadata: { ...payload.metadata, password: '' },
      });
      if (job.state === 'queued' || job.state === 'running') return summary();
      const mayBeOnPod = checkpoint.videoId !== undefined || ((checkpoint.createSentAt !== undefined || checkpoint.fileSentAt !== undefined) && UNFINISHED_AFTER.has(job.error?.code ?? 'CANCELLED'));
      // A job refused before anything reached Pod (bad field, bad token) leaves nothing to continue.
      return mayBeOnPod ? summary() : null;
    }
    return null;
  }

  /** The server's lists, fetched again when a value is not among them (a type created on Pod since). */
  private async checkAgainstServer(profileId: string, metadata: PodMetadata): Promise<void> {
    let vocabulary: PodVocabulary | null = this.vocabularies.get(profileId);
    if (vocabulary && Date.now() - Date.parse(vocabulary.fetchedAt) >= this.config.vocabularyMaxAgeMs) vocabulary = await this.vocabulary(profileId, true);
    let errors = validatePodMetadata(metadata, vocabulary);
    if (hasFieldErrors(errors) && onlyNotOffered(errors)) {
      vocabulary = await this.vocabulary(profileId, true);
      errors = validatePodMetadata(metadata, vocabulary);
    }
    if (hasFieldErrors(errors)) throw new StudioError(POD_ERROR.invalidMetadata, 'Some fields must be corrected before publishing.', { fields: errors, allowed: allowedValuesOf(errors, vocabulary) });
  }

  /** Before a replace: Pod's current values (re-read), what the studio sent last time, what it would send now. */
  async previewReplace(request: { profileId: string; capsuleId?: string; filePath?: string; metadata: PodMetadata }): Promise<PodReplacePreview> {
    const profile = this.profiles.get(request.profileId);
    const previous = this.previousPublication(profile.id, request);
    if (!previous) throw new StudioError('POD_NOTHING_TO_REPLACE', 'This capsule has not been published on this Pod server yet: publish it as a new video.');
    const { client } = await this.client(profile);
    // A video deleted on Pod cannot be replaced (POD_NOT_FOUND); a network failure is said as it is.
    const onPod: Partial<PodMetadata> | null = (await readVideoState(client, profile.username, previous.videoId, { titleHint: previous.title })).values;
    const changes = planReplace(this.sentMetadata(previous), request.metadata, onPod, this.vocabularies.get(profile.id));
    return { videoId: previous.videoId, pageUrl: previous.pageUrl, readable: onPod !== null, changes };
  }

  /** Checks everything that can be checked here, then queues the job (its payload never holds the token). */
  async publish(request: PublishOptions): Promise<JobInfo> {
    const profile = this.profiles.get(request.profileId);
    if (!profile.hasToken) throw new StudioError(POD_ERROR.noToken, 'No API token is stored for this Pod server. Enter the token your Pod administrators gave you.', { field: 'token' });
    if (profile.username.trim() === '') throw new StudioError(POD_ERROR.noUsername, 'Enter your Pod username in the server settings.', { field: 'username' });
    const source = resolvePublishSource(this.ctx.stores.montage, request);
    // The same capsule (or file) to the same server: continue what was started, never a second video beside it.
    const unfinished = this.unfinished(profile.id, { capsuleId: request.capsuleId, filePath: source.filePath });
    if (unfinished) {
      this.ctx.log.info('continuing an unfinished publication', { jobId: unfinished.jobId, state: unfinished.state });
      if (request.rerunFields && request.rerunFields.length > 0) await this.amendUnfinished(unfinished.jobId, request.metadata, request.rerunFields);
      // resume(): a CLI command runs only the jobs it asks for, and continuing this one is what it asked.
      return this.ctx.jobs.resume(unfinished.jobId);
    }
    await this.checkAgainstServer(profile.id, request.metadata);
    let replace: PublishPayload['replace'] = null;
    if (request.mode === 'replace') {
      const previous = this.previousPublication(profile.id, { capsuleId: request.capsuleId, filePath: request.capsuleId ? null : source.filePath });
      if (!previous) throw new StudioError('POD_NOTHING_TO_REPLACE', 'This capsule has not been published on this Pod server yet: publish it as a new video.');
      const previousCheckpoint = previous.jobId ? this.checkpointOf(previous.jobId) : {};
      replace = {
        videoId: previous.videoId,
        chapterIds: previous.chapterIds,
        trackId: previous.trackId,
        fileId: previousCheckpoint.fileId ?? null,
        imageId: previousCheckpoint.imageId ?? null,
        lastPublished: this.sentMetadata(previous),
      };
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
      captionsFromScript: source.captionsFromScript,
      posterPath: source.posterPath,
    };
    return this.ctx.jobs.enqueue(PUBLISH_JOB_KIND, payload, { title: request.metadata.title.trim(), capsuleId: request.capsuleId ?? null, id: request.jobId });
  }

  /**
   * The fields given again on a rerun win over the unfinished job's: its payload takes them (checked against
   * the server's lists first), and the job applies them to the same video — at its create if it has not made
   * one yet, else by an edit of that video. Fields a previous rerun gave and the job has not applied yet stay due.
   */
  private async amendUnfinished(jobId: string, given: PodMetadata, fields: readonly PodMetadataField[]): Promise<void> {
    const payload = this.ctx.jobs.payloadOf<PublishPayload>(jobId);
    const changed = changedFields(payload.metadata, given, fields);
    if (changed.length === 0) return;
    const metadata: PodMetadata = { ...payload.metadata };
    for (const field of changed) Object.assign(metadata, { [field]: given[field] });
    await this.checkAgainstServer(payload.profileId, metadata);
    const pending = payload.rerun && this.checkpointOf(jobId).rerunApplied !== payload.rerun.id ? payload.rerun.fields : [];
    const rerun = { id: randomUUID(), fields: [...new Set([...pending, ...changed])] };
    if (!this.ctx.jobs.amendPayload<PublishPayload>(jobId, { ...payload, metadata, rerun }, metadata.title.trim())) {
      throw new StudioError('POD_PUBLICATION_RUNNING', 'This publication is running right now: the fields given again cannot be applied to it. Wait for it to finish, then publish again with --replace.', { jobId });
    }
    this.ctx.log.info('rerun fields applied to the unfinished publication', { jobId, fields: changed });
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

function stripRecord(record: PodPublication & { chapterIds?: number[]; trackId?: number | null; sourcePath?: string; jobId?: string | null }): PodPublication {
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

