// Runs in Node (main side). Saved RTMP targets: name and server URL in the library database, the stream
// key in the secret store (safeStorage in the app). The full URL is assembled only for FFmpeg.
import { randomUUID } from 'node:crypto';
import type { StreamProfile, StreamProfileInput } from '../../shared/domain/live';
import { StudioError } from '../../shared/errors';
import { nowIso, type Db } from '../library/database';
import type { SecretStore } from '../settings/secretStore';
import { joinRtmpUrl, validateRtmpUrl } from './liveArgs';

interface ProfileRow {
  id: string;
  name: string;
  server_url: string;
  pod_profile_id: string | null;
  broadcaster_slug: string | null;
  created_at: string;
  updated_at: string;
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
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretStore,
  ) {}

  list(): StreamProfile[] {
    const rows = this.db.prepare('SELECT * FROM live_stream_profiles ORDER BY name COLLATE NOCASE').all() as ProfileRow[];
    return rows.map((row) => this.toProfile(row));
  }

  get(id: string): StreamProfile {
    return this.toProfile(this.row(id));
  }

  async save(input: StreamProfileInput): Promise<StreamProfile> {
    const name = input.name.trim();
    if (!name) throw new StudioError('LIVE_PROFILE_NAME', 'A stream profile needs a name.', { field: 'name' });
    const serverUrl = normalizeServerUrl(input.serverUrl);
    const streamKey = input.streamKey?.trim();
    if (streamKey !== undefined && /[\s|]/.test(streamKey)) throw new StudioError('LIVE_BAD_KEY', 'A stream key has no spaces.', { field: 'streamKey' });
    const clash = this.db.prepare('SELECT id FROM live_stream_profiles WHERE name = ? AND id != ?').get(name, input.id ?? '') as { id: string } | undefined;
    if (clash) throw new StudioError('LIVE_PROFILE_NAME', `A stream profile is already called "${name}".`, { field: 'name' });
    const id = input.id ?? randomUUID();
    const willHaveKey = streamKey === undefined ? this.secrets.has(streamKeySecret(id)) : streamKey !== '';
    // Without a key the server URL itself must name the stream (rtmp://host/app/name).
    if (!willHaveKey) validateRtmpUrl(serverUrl);
    const now = nowIso();
    if (input.id) {
      const existing = this.row(input.id);
      this.db
        .prepare('UPDATE live_stream_profiles SET name = ?, server_url = ?, pod_profile_id = ?, broadcaster_slug = ?, updated_at = ? WHERE id = ?')
        .run(name, serverUrl, input.podProfileId === undefined ? existing.pod_profile_id : input.podProfileId, input.broadcasterSlug === undefined ? existing.broadcaster_slug : input.broadcasterSlug, now, id);
    } else {
      this.db
        .prepare('INSERT INTO live_stream_profiles (id, name, server_url, pod_profile_id, broadcaster_slug, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(id, name, serverUrl, input.podProfileId ?? null, input.broadcasterSlug ?? null, now, now);
    }
    if (streamKey === '') this.secrets.delete(streamKeySecret(id));
    else if (streamKey !== undefined) await this.secrets.set(streamKeySecret(id), streamKey);
    return this.get(id);
  }

  delete(id: string): void {
    this.row(id);
    this.db.prepare('DELETE FROM live_stream_profiles WHERE id = ?').run(id);
    this.secrets.delete(streamKeySecret(id));
  }

  /** The URL FFmpeg pushes to, stream key included. Never log it (ctx.log masks it anyway). */
  async targetUrl(id: string): Promise<string> {
    const row = this.row(id);
    const key = await this.secrets.get(streamKeySecret(id));
    return validateRtmpUrl(key ? joinRtmpUrl(row.server_url, key) : row.server_url);
  }

  private row(id: string): ProfileRow {
    const row = this.db.prepare('SELECT * FROM live_stream_profiles WHERE id = ?').get(id) as ProfileRow | undefined;
    if (!row) throw new StudioError('LIVE_PROFILE_NOT_FOUND', 'This stream profile does not exist (any more).', { id });
    return row;
  }

  private toProfile(row: ProfileRow): StreamProfile {
    return {
      id: row.id,
      name: row.name,
      serverUrl: row.server_url,
      hasStreamKey: this.secrets.has(streamKeySecret(row.id)),
      podProfileId: row.pod_profile_id,
      broadcasterSlug: row.broadcaster_slug,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
