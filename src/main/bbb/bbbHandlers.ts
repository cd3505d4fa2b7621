// Runs in Node (main side). StudioApi methods of the BBB panel: profiles, connection test, the cached
// recording list with its background refresh, and import jobs.
import type { CallsOf } from '../../shared/api/method';
import type { bbbMethods } from '../../shared/api/bbb';
import { StudioError, toErrorInfo } from '../../shared/errors';
import type { BbbProfile, BbbRecordingList } from '../../shared/domain/bbb';
import type { StudioContext } from '../context';
import { BbbClient } from './bbbClient';
import { getBounded } from '../net/boundedBody';
import { BBB_IMPORT_JOB, registerBbbImportJob, type BbbImportPayload } from './bbbImportJob';
import { BbbProfileStore, cleanMeetingIds, cleanMetaFilters } from './profileStore';
import { parseBbbProvisioning } from './provisioning';
import type { BbbRecordingCache } from './recordingCache';

const RECORD_ID = /^[A-Za-z0-9._-]{1,200}$/;

export function checkRecordId(recordId: string): string {
  const trimmed = recordId.trim();
  if (!RECORD_ID.test(trimmed)) throw new StudioError('BAD_ARGS', 'A recording ID has only letters, digits, dots, dashes and underscores.');
  return trimmed;
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return ''; // a malformed format URL simply allows nothing
  }
}

export class BbbService {
  readonly profiles: BbbProfileStore;
  readonly cache: BbbRecordingCache;
  private readonly refreshing = new Map<string, Promise<BbbRecordingList>>();

  constructor(private readonly ctx: StudioContext) {
    this.profiles = ctx.stores.bbbProfiles;
    this.cache = ctx.stores.bbbRecordings;
  }

  async clientFor(profile: BbbProfile): Promise<BbbClient> {
    return new BbbClient(await this.profiles.serverConfig(profile));
  }

  /** Asks the server, stores the list; concurrent callers for one profile share one request. */
  refresh(profileId: string): Promise<BbbRecordingList> {
    const running = this.refreshing.get(profileId);
    if (running) return running;
    const work = (async () => {
      const profile = this.profiles.get(profileId);
      const client = await this.clientFor(profile);
      const { recordings, paged } = await client.listRecordings(BbbProfileStore.filterOf(profile));
      const fetchedAt = this.cache.write(profileId, recordings, paged);
      return { profileId, recordings: this.cache.read(profileId).recordings, fetchedAt, fromCache: false, paged };
    })();
    this.refreshing.set(profileId, work);
    void work.then(
      () => this.refreshing.delete(profileId),
      () => this.refreshing.delete(profileId),
    );
    return work;
  }

  async list(profileId: string, refresh: boolean): Promise<BbbRecordingList> {
    this.profiles.get(profileId);
    const cached = this.cache.read(profileId);
    if (refresh || cached.fetchedAt === null) return this.refresh(profileId);
    this.refresh(profileId).then(
      (list) => this.ctx.events.emit('bbb.recordingsUpdated', { profileId, list, error: null }),
      (error: unknown) => {
        // The cached list stays on screen; the panel shows why it could not be refreshed.
        this.ctx.log.warn('BBB list refresh failed', { profileId, code: toErrorInfo(error).code });
        this.ctx.events.emit('bbb.recordingsUpdated', { profileId, list: null, error: toErrorInfo(error) });
      },
    );
    return { profileId, recordings: cached.recordings, fetchedAt: cached.fetchedAt, fromCache: true, paged: cached.paged };
  }

  enqueueImport(payload: BbbImportPayload, title: string) {
    return this.ctx.jobs.enqueue<BbbImportPayload>(BBB_IMPORT_JOB, payload, { title });
  }
}

export function createBbbHandlers(ctx: StudioContext): CallsOf<typeof bbbMethods> {
  const service = new BbbService(ctx);
  registerBbbImportJob(ctx);
  return {
    async bbbListProfiles() {
      return service.profiles.list();
    },
    async bbbSaveProfile(id, input) {
      return service.profiles.save(id, input);
    },
    async bbbDeleteProfile(id) {
      service.profiles.delete(id);
    },
    async bbbImportProvisioning({ text }) {
      // A server already known by name is updated (its teacher's meeting IDs are kept), else created.
      const saved: BbbProfile[] = [];
      for (const server of parseBbbProvisioning(text)) {
        const existing = service.profiles.findByName(server.name);
        saved.push(await service.profiles.save(existing?.id ?? null, { ...server, meetingIds: existing?.meetingIds ?? [] }));
      }
      return saved;
    },
    async bbbTestConnection({ profileId, draft }) {
      if (draft) {
        let secret = draft.secret;
        if (!secret && profileId) secret = (await service.profiles.serverConfig(service.profiles.get(profileId))).secret;
        if (!secret) throw new StudioError('BBB_NO_SECRET', 'Enter the server\'s shared secret (bbb-conf --secret prints it).');
        const client = new BbbClient({ apiUrl: draft.url, secret, checksum: draft.checksum ?? 'sha256' });
        return client.testConnection({ meetingIds: cleanMeetingIds(draft.meetingIds), metaFilters: cleanMetaFilters(draft.metaFilters), states: draft.states ?? [] });
      }
      if (!profileId) throw new StudioError('BAD_ARGS', 'Give a profile or a draft to test.');
      const profile = service.profiles.get(profileId);
      return (await service.clientFor(profile)).testConnection(BbbProfileStore.filterOf(profile));
    },
    async bbbListRecordings(profileId, options) {
      return service.list(profileId, options?.refresh ?? false);
    },
    async bbbPreviewImage(profileId, url) {
      const profile = service.profiles.get(profileId);
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        throw new StudioError('BAD_ARGS', 'Not a preview image address.');
      }
      // Previews come from the profile's server (or its Scalelite host); nothing else is fetched for a renderer.
      const allowed = new Set([new URL(profile.apiUrl).origin, ...service.cache.read(profileId).recordings.flatMap((r) => r.formats.map((f) => safeOrigin(f.url)))]);
      if (!allowed.has(target.origin) || !/^https?:$/.test(target.protocol)) throw new StudioError('BAD_ARGS', 'This image is not on the profile\'s server.');
      // Read with a cap and a deadline: a hostile server cannot make the studio buffer an endless image.
      const answer = await getBounded(target, {}, { maxBytes: 2 * 1024 * 1024, timeoutMs: 15_000, what: 'the preview image', tooLargeCode: 'BBB_FILE_TOO_LARGE', timeoutCode: 'BBB_TIMEOUT' });
      const { body } = answer;
      const mime = answer.headers['content-type']?.split(';')[0]?.trim() ?? '';
      if (!answer.ok || !/^image\/(png|jpeg|gif|webp|svg\+xml)$/.test(mime)) throw new StudioError('BBB_FILE_MISSING', 'The preview image is not available.');
      return { mime, bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) };
    },
    async bbbImportRecording(profileId, recordId, options) {
      const profile = service.profiles.get(profileId);
      const id = checkRecordId(recordId);
      const cached = service.cache.read(profileId).recordings.find((r) => r.recordId === id);
      return service.enqueueImport({ profileId: profile.id, recordId: id, options: options ?? {} }, cached?.name ?? `BigBlueButton ${id}`);
    },
  };
}
