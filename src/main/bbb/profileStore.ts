// Runs in Node (main side). BBB server profiles in SQLite; each profile's shared secret in the secret
// store (safeStorage in the app), never in the profile row, never in a log line.
import { randomUUID } from 'node:crypto';
import { StudioError } from '../../shared/errors';
import { BBB_RECORDING_STATES, type BbbProfile, type BbbProfileInput, type BbbRecordingState } from '../../shared/domain/bbb';
import { BBB_CHECKSUM_ALGORITHMS, normaliseBbbApiBase, type BbbChecksumAlgorithm } from '../../shared/logic/bbbChecksum';
import { nowIso, type Db } from '../library/database';
import type { SecretStore } from '../settings/secretStore';
import { BbbClient, type BbbServerConfig, type RecordingFilter } from './bbbClient';

/** Proves a secret works (one signed request) before it is kept; throws the server's problem as a StudioError. */
export type BbbSecretCheck = (config: BbbServerConfig, filter: RecordingFilter) => Promise<void>;

export const checkWithServer: BbbSecretCheck = async (config, filter) => {
  const report = await new BbbClient(config).testConnection(filter);
  if (!report.ok && report.problem) throw new StudioError(report.problem.code, `The secret was not saved: ${report.problem.message}`, { notSaved: true });
};

interface ProfileRow {
  id: string;
  name: string;
  api_url: string;
  checksum: BbbChecksumAlgorithm;
  meeting_ids_json: string;
  meta_filters_json: string;
  states_json: string;
  created_at: string;
  updated_at: string;
}

export const secretKeyOf = (profileId: string) => `bbb:${profileId}:secret`;

export function cleanMeetingIds(ids: readonly string[] | undefined): string[] {
  return [...new Set((ids ?? []).map((id) => id.trim()).filter(Boolean))];
}

export function cleanMetaFilters(filters: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(filters ?? {})) {
    const clean = key.trim().replace(/^meta_/, '');
    if (!clean) continue;
    if (!/^[A-Za-z0-9_.-]+$/.test(clean)) throw new StudioError('BBB_BAD_FILTER', `"${key}" is not a valid metadata name (letters, digits, - _ . only).`);
    out[clean] = String(value).trim();
  }
  return out;
}

export class BbbProfileStore {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretStore,
    private readonly checkSecret: BbbSecretCheck = checkWithServer,
  ) {}

  list(): BbbProfile[] {
    return (this.db.prepare('SELECT * FROM bbb_profiles ORDER BY name COLLATE NOCASE').all() as ProfileRow[]).map((row) => this.toProfile(row));
  }

  get(id: string): BbbProfile {
    const row = this.db.prepare('SELECT * FROM bbb_profiles WHERE id = ?').get(id) as ProfileRow | undefined;
    if (!row) throw new StudioError('BBB_PROFILE_NOT_FOUND', 'This BigBlueButton server profile no longer exists.', { id });
    return this.toProfile(row);
  }

  findByName(name: string): BbbProfile | null {
    const row = this.db.prepare('SELECT * FROM bbb_profiles WHERE name = ? COLLATE NOCASE').get(name.trim()) as ProfileRow | undefined;
    return row ? this.toProfile(row) : null;
  }

  async save(id: string | null, input: BbbProfileInput): Promise<BbbProfile> {
    const name = input.name.trim();
    if (!name) throw new StudioError('BAD_ARGS', 'A server profile needs a name.');
    const apiUrl = normaliseBbbApiBase(input.url);
    if (!apiUrl) throw new StudioError('BBB_BAD_URL', 'The server address must be an http(s) URL, for example https://bbb.example.edu/bigbluebutton/api/.');
    const checksum = input.checksum ?? 'sha256';
    if (!BBB_CHECKSUM_ALGORITHMS.includes(checksum)) throw new StudioError('BAD_ARGS', `Unknown checksum algorithm ${checksum}.`);
    const states = (input.states ?? []).filter((state): state is BbbRecordingState => BBB_RECORDING_STATES.includes(state));
    const now = nowIso();
    const existing = id ? this.get(id) : null;
    const profileId = existing?.id ?? randomUUID();
    if (!existing && !input.secret) throw new StudioError('BBB_NO_SECRET', 'Enter the server\'s shared secret (bbb-conf --secret prints it).');
    const clash = this.findByName(name);
    if (clash && clash.id !== profileId) throw new StudioError('BBB_PROFILE_EXISTS', `A server profile named "${name}" already exists.`);
    const values = [name, apiUrl, checksum, JSON.stringify(cleanMeetingIds(input.meetingIds)), JSON.stringify(cleanMetaFilters(input.metaFilters)), JSON.stringify(states)];
    if (input.secret) {
      // A secret is kept only once a signed request made with it succeeded (a wrong one is never stored).
      const secret = input.secret.trim();
      const filter = { meetingIds: cleanMeetingIds(input.meetingIds), metaFilters: cleanMetaFilters(input.metaFilters), states };
      await this.secrets.setAfterCheck(secretKeyOf(profileId), secret, (value) => this.checkSecret({ apiUrl, secret: value, checksum }, filter));
    }
    this.db.transaction(() => {
      if (existing) {
        this.db
          .prepare('UPDATE bbb_profiles SET name = ?, api_url = ?, checksum = ?, meeting_ids_json = ?, meta_filters_json = ?, states_json = ?, updated_at = ? WHERE id = ?')
          .run(...values, now, profileId);
        // Another server or other filters: the cached list no longer describes it.
        if (existing.apiUrl !== apiUrl || JSON.stringify([existing.meetingIds, existing.metaFilters, existing.states]) !== JSON.stringify([values[3], values[4], values[5]].map((v) => JSON.parse(v as string) as unknown))) {
          this.db.prepare('DELETE FROM bbb_recording_cache WHERE profile_id = ?').run(profileId);
          this.db.prepare('DELETE FROM bbb_list_state WHERE profile_id = ?').run(profileId);
        }
      } else {
        this.db
          .prepare('INSERT INTO bbb_profiles (id, name, api_url, checksum, meeting_ids_json, meta_filters_json, states_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
          .run(profileId, ...values, now, now);
      }
    })();
    return this.get(profileId);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM bbb_profiles WHERE id = ?').run(id);
    this.secrets.delete(secretKeyOf(id));
  }

  async serverConfig(profile: BbbProfile): Promise<BbbServerConfig> {
    const secret = await this.secrets.get(secretKeyOf(profile.id));
    if (!secret) throw new StudioError('BBB_NO_SECRET', `The profile "${profile.name}" has no shared secret: edit it and enter the secret again.`);
    return { apiUrl: profile.apiUrl, secret, checksum: profile.checksum };
  }

  static filterOf(profile: Pick<BbbProfile, 'meetingIds' | 'metaFilters' | 'states'>): RecordingFilter {
    return { meetingIds: profile.meetingIds, metaFilters: profile.metaFilters, states: profile.states };
  }

  private toProfile(row: ProfileRow): BbbProfile {
    return {
      id: row.id,
      name: row.name,
      apiUrl: row.api_url,
      checksum: row.checksum,
      meetingIds: JSON.parse(row.meeting_ids_json) as string[],
      metaFilters: JSON.parse(row.meta_filters_json) as Record<string, string>,
      states: JSON.parse(row.states_json) as BbbRecordingState[],
      hasSecret: this.secrets.has(secretKeyOf(row.id)),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
