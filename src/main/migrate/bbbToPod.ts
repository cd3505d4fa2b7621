// Runs in Node (main side). Migrates a BigBlueButton/Scalelite server's recordings to Pod, each into its
// owner's account: list, keep this copy's shard, check every owner on Pod, then per recording look for its
// video on Pod (by the record ID marked in the description), import it with the existing BBB import job and
// publish it with the existing Pod publisher. A rerun, even with a fresh library, never uploads one twice.
import { StudioError, toErrorInfo } from '../../shared/errors';
import type { BbbImportResult, BbbProfile, BbbRecording } from '../../shared/domain/bbb';
import type { PodMetadata, PodProfile, PublishResult } from '../../shared/domain/pod';
import { BbbClient, type RecordingFilter } from '../bbb/bbbClient';
import { BBB_IMPORT_JOB, type BbbImportPayload } from '../bbb/bbbImportJob';
import { BbbProfileStore } from '../bbb/profileStore';
import { readPodInfo } from '../pod/connectionTest';
import { PodClient } from '../pod/podClient';
import type { Studio } from '../studio';
import { migratedDescription } from './marker';
import { countOutcomes, type MigrationReport, type RecordingOutcome } from './migrationReport';
import type { MigrationKey } from './migrationStore';
import { PodVideoIndex, type MigratedVideo } from './podVideoIndex';
import { inShard, type Shard } from './shard';

/** Pod's fixture type "Other" exists on every instance (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/fixtures/initial_data.json). */
const FALLBACK_TYPE = '/rest/types/1/';

export interface BbbToPodOptions {
  bbbProfile: string;
  podProfile: string;
  /** Override the BBB profile's saved filter. */
  meetingIds?: string[];
  metaFilters?: Record<string, string>;
  /** Only recordings that started at or after this time (ms since the epoch). */
  since?: number;
  /** The BBB metadata key holding the owner's Pod username; absent: every video goes to the Pod profile's own account. */
  ownerFrom?: string;
  shard: Shard;
  dryRun: boolean;
  /** Publish as public videos (default: drafts, as every publication of the studio). */
  isPublic: boolean;
  /** Keep each capsule in the library once its video is on Pod (default: removed, so a shard's disk holds one recording at a time). */
  keepCapsules?: boolean;
  /** Aborted by SIGINT/SIGTERM: the run stops between steps, the running job stays resumable. */
  stop?: AbortSignal;
}

export interface MigrationProgress {
  /** A line about the run or one recording ("[3/4] <id> (jdoe): importing from BigBlueButton"). */
  say(line: string): void;
  /** One recording is settled. */
  done(outcome: RecordingOutcome, position: number, total: number): void;
}

class Stopped extends Error {}

/** The owner a recording names, or null when the key is missing (never a default account). */
export function ownerOf(recording: Pick<BbbRecording, 'metadata'>, ownerFrom: string | undefined, podUsername: string): string | null {
  if (!ownerFrom) return podUsername;
  const key = ownerFrom.replace(/^meta_/, '');
  const value = recording.metadata[key] ?? recording.metadata[key.toLowerCase()];
  const username = value?.trim() ?? '';
  return username === '' ? null : username;
}

function sameImport(payload: BbbImportPayload, profileId: string, recordId: string): boolean {
  return payload.profileId === profileId && payload.recordId === recordId;
}

export async function migrateBbbToPod(studio: Studio, options: BbbToPodOptions, progress: MigrationProgress): Promise<MigrationReport> {
  const ctx = studio.context;
  const { bbbProfiles, podProfiles, migrations: store } = ctx.stores;
  const bbbProfile: BbbProfile | null = bbbProfiles.findByName(options.bbbProfile);
  if (!bbbProfile) throw new StudioError('BBB_PROFILE_NOT_FOUND', `No BigBlueButton profile named "${options.bbbProfile}" in this library. Add it with: capsule bbb profile add`);
  const podProfile: PodProfile | null = podProfiles.findByName(options.podProfile);
  if (!podProfile) throw new StudioError('MIGRATE_POD_PROFILE_NOT_FOUND', `No Pod profile named "${options.podProfile}" in this library. Add it with: capsule pod profile add`);
  const stop = options.stop;
  const checkStop = () => {
    if (stop?.aborted) throw new Stopped();
  };

  // ---- List, filter by date, keep this copy's share (oldest first: a stable order across reruns).
  const base = BbbProfileStore.filterOf(bbbProfile);
  const filter: RecordingFilter = { meetingIds: options.meetingIds ?? base.meetingIds, metaFilters: options.metaFilters ?? base.metaFilters, states: base.states };
  const bbb = new BbbClient(await bbbProfiles.serverConfig(bbbProfile));
  const { recordings } = await bbb.listRecordings(filter, stop);
  const listed = recordings.filter((recording) => options.since === undefined || (recording.startTime ?? 0) >= options.since);
  const mine = listed.filter((recording) => inShard(recording.recordId, options.shard)).sort((a, b) => (a.startTime ?? 0) - (b.startTime ?? 0) || a.recordId.localeCompare(b.recordId));
  const shardText = `${options.shard.index}/${options.shard.count}`;
  progress.say(`${listed.length} recordings on ${bbbProfile.apiUrl}${options.since !== undefined ? ` since ${new Date(options.since).toISOString().slice(0, 10)}` : ''}; shard ${shardText} takes ${mine.length}.`);

  // ---- Pod: one client in the instance's language (what the publisher writes descriptions in, so what we read back).
  const token = await podProfiles.token(podProfile.id);
  const anyLanguage = new PodClient({ baseUrl: podProfile.baseUrl, token, userAgent: `CapsuleStudio/${ctx.version}` });
  const info = await readPodInfo(anyLanguage, stop);
  const pod = new PodVideoIndex(anyLanguage.withLanguage(info.language ?? 'fr'));

  // ---- Every owner is checked on Pod before any upload.
  const ownerNames = [...new Set(mine.map((recording) => ownerOf(recording, options.ownerFrom, podProfile.username)).filter((name): name is string => name !== null))].sort();
  const owners: MigrationReport['owners'] = [];
  for (const username of ownerNames) {
    checkStop();
    const owner = await pod.owner(username, stop);
    owners.push({ username, onPod: owner.url !== null });
  }
  const unknown = owners.filter((owner) => !owner.onPod).map((owner) => owner.username);
  progress.say(`Owners on Pod: ${owners.filter((owner) => owner.onPod).length} of ${owners.length}${unknown.length ? `; unknown (their recordings are listed, not published): ${unknown.join(', ')}` : ''}.`);

  const report: MigrationReport = {
    bbbServer: bbbProfile.apiUrl,
    podServer: podProfile.baseUrl,
    shard: shardText,
    dryRun: options.dryRun,
    ownerFrom: options.ownerFrom ?? null,
    startedAt: new Date().toISOString(),
    finishedAt: null,
    listed: listed.length,
    inShard: mine.length,
    owners,
    counts: countOutcomes([]),
    recordings: [],
    stoppedBy: null,
  };
  const ownerProfiles = new Map<string, PodProfile>();

  /** The owner's publishing profile in this library: the Pod profile's server and token, with the owner's account. */
  async function profileFor(username: string): Promise<PodProfile> {
    if (username === podProfile!.username) return podProfile!;
    const cached = ownerProfiles.get(username);
    if (cached) return cached;
    const owner = await pod.owner(username);
    const name = `${podProfile!.name} → ${username}`;
    const existing = podProfiles.findByName(name);
    const saved = await podProfiles.save({ id: existing?.id, name, baseUrl: podProfile!.baseUrl, username, token });
    podProfiles.setOwner(saved.id, owner.url, owner.name);
    const profile = podProfiles.get(saved.id);
    ownerProfiles.set(username, profile);
    return profile;
  }

  /** A capsule whose video is on Pod leaves the library (its row in the state table keeps the video). */
  function release(capsuleId: string): void {
    if (options.keepCapsules || !ctx.library.exists(capsuleId)) return;
    ctx.library.delete(capsuleId);
  }

  /** Waits for a job, or for a stop signal (the job is then left to the queue, which keeps it resumable). */
  async function jobResult<R>(jobId: string): Promise<R> {
    if (!stop) return ctx.jobs.result<R>(jobId);
    checkStop();
    let onAbort: () => void = () => undefined;
    const stopped = new Promise<never>((_, reject) => {
      onAbort = () => reject(new Stopped());
      stop.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([ctx.jobs.result<R>(jobId), stopped]);
    } finally {
      stop.removeEventListener('abort', onAbort);
    }
  }

  async function migrateOne(recording: BbbRecording, position: number): Promise<RecordingOutcome> {
    const owner = ownerOf(recording, options.ownerFrom, podProfile!.username);
    const outcome: RecordingOutcome = {
      recordId: recording.recordId,
      name: recording.name,
      meetingId: recording.meetingId,
      startTime: recording.startTime === null ? null : new Date(recording.startTime).toISOString(),
      owner,
      outcome: 'failed',
      videoId: null,
      pageUrl: null,
      capsuleId: null,
      error: null,
    };
    const tag = `[${position}/${mine.length}] ${recording.recordId}${owner ? ` (${owner})` : ''}`;
    if (owner === null) {
      outcome.outcome = 'owner-missing';
      outcome.error = { code: 'MIGRATE_OWNER_MISSING', message: `No "${options.ownerFrom}" in the recording's metadata.` };
      return outcome;
    }
    if ((await pod.owner(owner)).url === null) {
      outcome.outcome = 'owner-unknown';
      outcome.error = { code: 'MIGRATE_OWNER_UNKNOWN', message: `Pod has no account "${owner}".` };
      return outcome;
    }
    const key: MigrationKey = { bbbApiUrl: bbbProfile!.apiUrl, recordId: recording.recordId, podBaseUrl: podProfile!.baseUrl };
    const known = store.get(key);
    if (known?.state === 'published' && known.videoId !== null) {
      Object.assign(outcome, { outcome: 'already-migrated', videoId: known.videoId, pageUrl: known.pageUrl, capsuleId: known.capsuleId });
      return outcome;
    }
    const capsuleId = known?.capsuleId && ctx.library.exists(known.capsuleId) ? known.capsuleId : null;
    outcome.capsuleId = capsuleId;

    // On Pod already (another run, another machine, a fresh library)? The record ID in the description says so.
    const onPod = await pod.find(owner, recording.recordId, stop);
    const profile = options.dryRun ? null : await profileFor(owner);
    const draft = profile && capsuleId ? await studio.calls.getPublishDraft({ profileId: profile.id, capsuleId }) : null;
    const unfinished = draft?.unfinished ?? null;
    // This library's own interrupted publication of that very video (or one whose answer was lost) is finished, not skipped.
    const continueOwn = unfinished !== null && (onPod === null || unfinished.videoId === null || unfinished.videoId === onPod.videoId);
    if (onPod && !continueOwn) {
      if (!options.dryRun) {
        store.published(key, owner, { videoId: onPod.videoId, pageUrl: onPod.pageUrl, capsuleId });
        if (capsuleId) release(capsuleId);
      }
      // Every migrated recording has at least one chapter once its publication finished: none means a copy stopped on the way.
      const finished = onPod.encoded && onPod.chapterCount !== 0;
      Object.assign(outcome, { outcome: finished ? 'found-on-pod' : 'found-incomplete', videoId: onPod.videoId, pageUrl: onPod.pageUrl, encodedOnPod: onPod.encoded });
      return outcome;
    }
    if (draft?.previous && !unfinished) {
      // Published by this library but not recorded as migrated (stopped between the two): never a second video.
      store.published(key, owner, { videoId: draft.previous.videoId, pageUrl: draft.previous.pageUrl, capsuleId });
      Object.assign(outcome, { outcome: 'already-migrated', videoId: draft.previous.videoId, pageUrl: draft.previous.pageUrl });
      return outcome;
    }
    if (options.dryRun) {
      outcome.outcome = 'would-publish';
      return outcome;
    }

    // ---- Import (the existing BBB import job), unless this library already has the capsule.
    let capsule = capsuleId;
    if (!capsule) {
      checkStop();
      // An import a killed run left (re-queued when this one opened the library) is continued, its downloads kept.
      const left = ctx.jobs
        .list({ kind: BBB_IMPORT_JOB })
        .find((job) => (job.state === 'queued' || job.state === 'running') && sameImport(ctx.jobs.payloadOf<BbbImportPayload>(job.id), bbbProfile!.id, recording.recordId));
      progress.say(`${tag}: ${left ? 'continuing the interrupted import' : 'importing'} from BigBlueButton`);
      const job = left ? ctx.jobs.resume(left.id) : await studio.calls.bbbImportRecording(bbbProfile!.id, recording.recordId, {});
      const imported = await jobResult<BbbImportResult>(job.id);
      capsule = imported.capsuleId;
      store.imported(key, owner, capsule);
      outcome.capsuleId = capsule;
    }

    // ---- Publish (the existing Pod publisher: it continues an unfinished publication of this capsule by itself).
    checkStop();
    const publishing = await studio.calls.getPublishDraft({ profileId: profile!.id, capsuleId: capsule });
    const vocabulary = await studio.calls.getPodVocabulary(profile!.id, {});
    const metadata: PodMetadata = {
      ...publishing.metadata,
      title: (recording.name || recording.meetingId || recording.recordId).slice(0, 250),
      description: migratedDescription(recording),
      dateEvt: recording.startTime === null ? publishing.metadata.dateEvt : new Date(recording.startTime).toISOString().slice(0, 10),
      type: publishing.metadata.type ?? (vocabulary.types.some((type) => type.path === FALLBACK_TYPE) ? FALLBACK_TYPE : (vocabulary.types[0]?.path ?? null)),
      isDraft: options.isPublic ? false : (profile!.provisionedDefaults.isDraft ?? true),
    };
    progress.say(`${tag}: ${publishing.unfinished ? 'continuing the interrupted publication on Pod' : 'publishing to Pod'}`);
    const job = await studio.calls.publishToPod({ profileId: profile!.id, capsuleId: capsule, metadata, mode: 'new', withCaptions: true, rememberDefaults: false });
    const result = await jobResult<PublishResult>(job.id);
    store.published(key, owner, { videoId: result.videoId, pageUrl: result.pageUrl, capsuleId: capsule });
    release(capsule);
    const video: MigratedVideo = { videoId: result.videoId, pageUrl: result.pageUrl, encoded: true, encodingInProgress: false, chapterCount: result.chapterCount };
    pod.remember(owner, recording.recordId, video);
    Object.assign(outcome, { outcome: publishing.unfinished ? 'continued' : 'published', videoId: result.videoId, pageUrl: result.pageUrl });
    return outcome;
  }

  for (const [index, recording] of mine.entries()) {
    if (stop?.aborted) break;
    let outcome: RecordingOutcome;
    try {
      outcome = await migrateOne(recording, index + 1);
    } catch (error) {
      if (error instanceof Stopped) break;
      const info = toErrorInfo(error);
      ctx.log.warn('a recording could not be migrated', { recordId: recording.recordId, code: info.code });
      outcome = {
        recordId: recording.recordId,
        name: recording.name,
        meetingId: recording.meetingId,
        startTime: recording.startTime === null ? null : new Date(recording.startTime).toISOString(),
        owner: ownerOf(recording, options.ownerFrom, podProfile.username),
        outcome: 'failed',
        videoId: null,
        pageUrl: null,
        capsuleId: null,
        error: { code: info.code, message: info.message },
      };
    }
    report.recordings.push(outcome);
    progress.done(outcome, index + 1, mine.length);
  }
  for (const recording of mine.slice(report.recordings.length)) {
    report.recordings.push({
      recordId: recording.recordId,
      name: recording.name,
      meetingId: recording.meetingId,
      startTime: recording.startTime === null ? null : new Date(recording.startTime).toISOString(),
      owner: ownerOf(recording, options.ownerFrom, podProfile.username),
      outcome: 'not-reached',
      videoId: null,
      pageUrl: null,
      capsuleId: null,
      error: null,
    });
  }
  report.counts = countOutcomes(report.recordings);
  report.finishedAt = new Date().toISOString();
  return report;
}
