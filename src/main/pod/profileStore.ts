// Runs in Node (main side). Pod server profiles in the library database; each profile's API token lives
// in the secret store (safeStorage in the app) under its own key and is never returned to a renderer.
import { randomUUID } from 'node:crypto';
import { StudioError } from '../../shared/errors';
import type { PodMetadataDefaults, PodProfile, PodProfileInput } from '../../shared/domain/pod';
import { normalizeBaseUrl } from '../../shared/logic/podUrls';
import type { Db } from '../library/database';
import { ProfileStore, type ProfileRowBase } from '../settings/profileStore';
import type { SecretStore } from '../settings/secretStore';
import { POD_ERROR } from './podErrors';

interface ProfileRow extends ProfileRowBase {
  base_url: string;
  username: string;
  owner_url: string | null;
  owner_name: string | null;
  defaults_json: string;
  provisioned: number;
}

/** How defaults_json is stored: the institution's defaults apart from the teacher's remembered ones. */
interface StoredDefaults {
  provisioned: PodMetadataDefaults;
  remembered: PodMetadataDefaults;
}

/** Visibility is never remembered from a past publication (issue: a public publish made every later one public). */
function withoutVisibility(defaults: PodMetadataDefaults): PodMetadataDefaults {
  const { isDraft: _isDraft, ...rest } = defaults;
  return rest;
}

function readDefaults(json: string): StoredDefaults {
  const parsed = JSON.parse(json || '{}') as Record<string, unknown>;
  const isObject = (value: unknown): value is PodMetadataDefaults => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (isObject(parsed.provisioned) || isObject(parsed.remembered)) {
    return { provisioned: isObject(parsed.provisioned) ? parsed.provisioned : {}, remembered: withoutVisibility(isObject(parsed.remembered) ? parsed.remembered : {}) };
  }
  // Before provisioned and remembered defaults were kept apart, one flat object held both.
  return { provisioned: {}, remembered: withoutVisibility(parsed) };
}

export function tokenKey(profileId: string): string {
  return `pod.token.${profileId}`;
}

export class PodProfileStore {
  private readonly store: ProfileStore<ProfileRow>;

  constructor(
    private readonly db: Db,
    secrets: SecretStore,
  ) {
    this.store = new ProfileStore<ProfileRow>(db, secrets, {
      table: 'pod_profiles',
      secretKey: tokenKey,
      notFound: (profileId) => new StudioError(POD_ERROR.noProfile, 'This Pod server profile no longer exists.', { profileId }),
      nameTaken: (name) => new StudioError('POD_PROFILE_EXISTS', `A Pod server profile is already called "${name}".`, { field: 'name' }),
      namesIgnoreCase: false,
    });
  }

  list(): PodProfile[] {
    return this.store.rows().map((row) => this.toProfile(row));
  }

  get(id: string): PodProfile {
    return this.toProfile(this.store.row(id));
  }

  findByName(name: string): PodProfile | null {
    const row = this.store.rowByName(name);
    return row ? this.toProfile(row) : null;
  }

  async save(input: PodProfileInput, options: { provisioned?: boolean; provisionedDefaults?: PodMetadataDefaults } = {}): Promise<PodProfile> {
    const name = input.name.trim();
    if (name === '') throw new StudioError('BAD_ARGS', 'Give this Pod server a name.', { field: 'name' });
    const baseUrl = normalizeBaseUrl(input.baseUrl);
    const username = input.username.trim();
    const existing = input.id ? this.get(input.id) : null;
    this.store.assertNameFree(name, existing?.id ?? null);
    const id = existing?.id ?? randomUUID();
    // The owner hyperlink was resolved for one server and one username; a change makes it unknown again.
    const keepOwner = existing && existing.baseUrl === baseUrl && existing.username === username;
    // A token was issued by one server: moving the profile to another host must not send it there.
    const hostChanged = existing && new URL(existing.baseUrl).host !== new URL(baseUrl).host;
    this.db.transaction(() => {
      if (existing) {
        this.store.update(id, {
          name,
          base_url: baseUrl,
          username,
          owner_url: keepOwner ? existing.ownerUrl : null,
          owner_name: keepOwner ? existing.ownerName : null,
          ...(options.provisionedDefaults ? { defaults_json: JSON.stringify({ provisioned: options.provisionedDefaults, remembered: this.storedDefaults(existing.id).remembered }) } : {}),
        });
        if (!keepOwner || hostChanged) this.db.prepare('DELETE FROM pod_vocabularies WHERE profile_id = ?').run(id);
      } else {
        this.store.insert(id, {
          name,
          base_url: baseUrl,
          username,
          defaults_json: JSON.stringify({ provisioned: options.provisionedDefaults ?? {}, remembered: {} }),
          provisioned: options.provisioned ? 1 : 0,
        });
      }
    })();
    if (input.token !== undefined) {
      const token = input.token.trim();
      if (token === '') this.store.forgetSecret(id);
      else {
        if (/\s/.test(token)) throw new StudioError('BAD_ARGS', 'The API token must not contain spaces.', { field: 'token' });
        await this.store.setSecret(id, token);
      }
    } else if (hostChanged) {
      this.store.forgetSecret(id);
    }
    return this.get(id);
  }

  private storedDefaults(id: string): StoredDefaults {
    return readDefaults(this.store.findRow(id)?.defaults_json ?? '{}');
  }

  /** Removes the stored token (one the server refused). */
  forgetToken(id: string): void {
    this.store.forgetSecret(id);
  }

  setOwner(id: string, ownerUrl: string | null, ownerName: string | null): void {
    this.store.update(id, { owner_url: ownerUrl, owner_name: ownerName });
  }

  /** The teacher's remembered choices (visibility excepted); the provisioning file's defaults stay. */
  setDefaults(id: string, defaults: PodMetadataDefaults): PodProfile {
    const profile = this.get(id);
    this.store.update(id, { defaults_json: JSON.stringify({ provisioned: profile.provisionedDefaults, remembered: withoutVisibility(defaults) }) });
    return this.get(id);
  }

  delete(id: string): void {
    this.store.delete(id);
  }

  async token(id: string): Promise<string> {
    const token = await this.store.secret(id);
    if (!token) throw new StudioError(POD_ERROR.noToken, 'No API token is stored for this Pod server. Enter the token your Pod administrators gave you.', { profileId: id, field: 'token' });
    return token;
  }

  private toProfile(row: ProfileRow): PodProfile {
    return {
      id: row.id,
      name: row.name,
      baseUrl: row.base_url,
      username: row.username,
      ownerUrl: row.owner_url,
      ownerName: row.owner_name,
      hasToken: this.store.hasSecret(row.id),
      ...((stored) => ({ defaults: { ...stored.provisioned, ...stored.remembered }, provisionedDefaults: stored.provisioned }))(readDefaults(row.defaults_json)),
      provisioned: row.provisioned === 1,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
