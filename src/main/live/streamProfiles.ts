// Runs in Node (main side). Saved RTMP targets: name and server URL in the library database, the stream
// key in the secret store (safeStorage in the app). The full URL is assembled only for FFmpeg.
import { randomUUID } from 'node:crypto';
import type { StreamProfile, StreamProfileInput } from '../../shared/domain/live';
import { StudioError } from '../../shared/errors';
import type { Db } from '../library/database';
import { ProfileStore, type ProfileRowBase } from '../settings/profileStore';
import type { SecretStore } from '../settings/secretStore';
import { joinRtmpUrl, validateRtmpUrl } from './liveArgs';

interface ProfileRow extends ProfileRowBase {
  server_url: string;
  pod_profile_id: string | null;
  broadcaster_slug: string | null;
}

export function streamKeySecret(profileId: string): string {
  return `live.streamKey.${profileId}`;
}

/** `rtmp://host/app` (the key apart) or a full `rtmp://host/app/name` when the stream needs no separate key. */
export function normalizeServerUrl(input: string): string {
  const trimmed = input.trim().replace(/\/+$/, '');
  if (!/^rtmps?:\/\/[^/\s]+\/[^\s]+$/i.test(trimmed) || /[|[\]\s]/.test(trimmed)) {
    throw new StudioError('LIVE_BAD_URL', 'The server URL must look like rtmp://server/application.', { field: 'serverUrl' });
  }
  return trimmed;
}

export class StreamProfiles {
  private readonly store: ProfileStore<ProfileRow>;

  constructor(db: Db, secrets: SecretStore) {
    this.store = new ProfileStore<ProfileRow>(db, secrets, {
      table: 'live_stream_profiles',
      secretKey: streamKeySecret,
      notFound: (id) => new StudioError('LIVE_PROFILE_NOT_FOUND', 'This stream profile does not exist (any more).', { id }),
      nameTaken: (name) => new StudioError('LIVE_PROFILE_NAME', `A stream profile is already called "${name}".`, { field: 'name' }),
      namesIgnoreCase: false,
    });
  }

  list(): StreamProfile[] {
    return this.store.rows().map((row) => this.toProfile(row));
  }

  get(id: string): StreamProfile {
    return this.toProfile(this.store.row(id));
  }

  async save(input: StreamProfileInput): Promise<StreamProfile> {
    const name = input.name.trim();
    if (!name) throw new StudioError('LIVE_PROFILE_NAME', 'A stream profile needs a name.', { field: 'name' });
    const serverUrl = normalizeServerUrl(input.serverUrl);
    const streamKey = input.streamKey?.trim();
    if (streamKey !== undefined && /[\s|]/.test(streamKey)) throw new StudioError('LIVE_BAD_KEY', 'A stream key has no spaces.', { field: 'streamKey' });
    this.store.assertNameFree(name, input.id ?? null);
    const id = input.id ?? randomUUID();
    const willHaveKey = streamKey === undefined ? this.store.hasSecret(id) : streamKey !== '';
    // Without a key the server URL itself must name the stream (rtmp://host/app/name).
    if (!willHaveKey) validateRtmpUrl(serverUrl);
    if (input.id) {
      const existing = this.store.row(input.id);
      this.store.update(id, {
        name,
        server_url: serverUrl,
        pod_profile_id: input.podProfileId === undefined ? existing.pod_profile_id : input.podProfileId,
        broadcaster_slug: input.broadcasterSlug === undefined ? existing.broadcaster_slug : input.broadcasterSlug,
      });
    } else {
      this.store.insert(id, { name, server_url: serverUrl, pod_profile_id: input.podProfileId ?? null, broadcaster_slug: input.broadcasterSlug ?? null });
    }
    if (streamKey === '') this.store.forgetSecret(id);
    else if (streamKey !== undefined) await this.store.setSecret(id, streamKey);
    return this.get(id);
  }

  delete(id: string): void {
    this.store.row(id);
    this.store.delete(id);
  }

  /** The URL FFmpeg pushes to, stream key included. Never log it (ctx.log masks it anyway). */
  async targetUrl(id: string): Promise<string> {
    const row = this.store.row(id);
    const key = await this.store.secret(id);
    return validateRtmpUrl(key ? joinRtmpUrl(row.server_url, key) : row.server_url);
  }

  private toProfile(row: ProfileRow): StreamProfile {
    return {
      id: row.id,
      name: row.name,
      serverUrl: row.server_url,
      hasStreamKey: this.store.hasSecret(row.id),
      podProfileId: row.pod_profile_id,
      broadcasterSlug: row.broadcaster_slug,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
