// Runs in Node (tests). The one profile store behind Pod, BBB and live profiles, on a real library
// database: names clash with or without case as the domain says, dates are stamped, and deleting a
// profile deletes its secret too.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../src/shared/errors';
import { openDatabase, type Db } from '../../src/main/library/database';
import { NodeSecretCipher } from '../../src/main/settings/nodeSecretCipher';
import { ProfileStore, type ProfileRowBase } from '../../src/main/settings/profileStore';
import { SecretStore } from '../../src/main/settings/secretStore';
import { tempDir } from '../support/tempDir';

interface StreamRow extends ProfileRowBase {
  server_url: string;
}

let db: Db | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

function open(namesIgnoreCase: boolean) {
  const dir = tempDir('profile-store-');
  db = openDatabase(path.join(dir, 'library'));
  const secrets = new SecretStore(db, new NodeSecretCipher({ keyDir: path.join(dir, 'keys'), keyring: 'off' }));
  const store = new ProfileStore<StreamRow>(db, secrets, {
    table: 'live_stream_profiles',
    secretKey: (id) => `test.key.${id}`,
    notFound: (id) => new StudioError('LIVE_PROFILE_NOT_FOUND', 'gone', { id }),
    nameTaken: (name) => new StudioError('LIVE_PROFILE_NAME', `taken: ${name}`),
    namesIgnoreCase,
  });
  return { store, secrets };
}

describe('the generic profile store', () => {
  it('inserts, lists by name, updates with a new date, and refuses a name already taken', async () => {
    const { store } = open(false);
    store.insert('b', { name: 'beta', server_url: 'rtmp://b/live' });
    store.insert('a', { name: 'Alpha', server_url: 'rtmp://a/live' });
    expect(store.rows().map((row) => row.name)).toEqual(['Alpha', 'beta']);
    const before = store.row('a');
    await new Promise((resolve) => setImmediate(resolve));
    store.update('a', { server_url: 'rtmp://a2/live' });
    const after = store.row('a');
    expect(after).toMatchObject({ server_url: 'rtmp://a2/live', created_at: before.created_at });
    expect(after.updated_at >= before.updated_at).toBe(true);
    expect(() => store.assertNameFree('beta', 'a')).toThrow('taken: beta');
    expect(() => store.assertNameFree('beta', 'b')).not.toThrow();
    expect(() => store.assertNameFree('BETA', 'a')).not.toThrow();
    expect(() => store.row('nope')).toThrow(expect.objectContaining({ code: 'LIVE_PROFILE_NOT_FOUND' }));
    expect(() => store.update('a', { 'name; DROP TABLE x': 'y' })).toThrow(/not a column/);
  });

  it('compares names without case when the domain says so', () => {
    const { store } = open(true);
    store.insert('a', { name: 'Amphi A', server_url: 'rtmp://a/live' });
    expect(store.rowByName('amphi a')?.id).toBe('a');
    expect(() => store.assertNameFree('AMPHI A', null)).toThrow('taken: AMPHI A');
  });

  it('keeps the credential in the secret store and deletes it with the row', async () => {
    const { store, secrets } = open(false);
    store.insert('a', { name: 'Alpha', server_url: 'rtmp://a/live' });
    await store.setSecret('a', 'key-123');
    expect(store.hasSecret('a')).toBe(true);
    expect(await store.secret('a')).toBe('key-123');
    expect(JSON.stringify(store.row('a'))).not.toContain('key-123');
    await expect(store.setSecretAfterCheck('a', 'wrong', async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(await store.secret('a')).toBe('key-123');
    store.delete('a');
    expect(store.findRow('a')).toBeNull();
    expect(secrets.has('test.key.a')).toBe(false);
  });
});
