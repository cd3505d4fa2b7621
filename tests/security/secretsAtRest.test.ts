// Runs in Node (security tests). Secrets at rest: the library file's bytes (database + write-ahead log)
// never hold a secret in plain text, deleted rows are zeroed (secure_delete), files are the user's only,
// a BBB secret is kept only after a request with it succeeded, a one-off --secret-file secret is never
// written (not even while a `kill -9`ed command was using it), and the key store says what it is.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { DATABASE_FILE, databaseFiles } from '../../src/main/library/database';
import { NodeSecretCipher } from '../../src/main/settings/nodeSecretCipher';
import { SecretStore, type SecretCipher } from '../../src/main/settings/secretStore';
import { startFakeBbb, type FakeBbbServer } from '../support/bbbServer/bbbServer';
import { repoRoot, tempDir } from '../support/tempDir';

const BBB_SECRET = 'bbb-shared-secret-5f0c2e7a9d1b4c3e8a6f';
const POD_TOKEN = 'pod-token-e3b0c44298fc1c149afbf4c8996fb924';
const quiet = createLogger(() => undefined);

function libraryBytes(libraryDir: string): Buffer {
  return Buffer.concat(databaseFiles(libraryDir).filter((file) => existsSync(file)).map((file) => readFileSync(file)));
}

function containsText(bytes: Buffer, text: string): boolean {
  return bytes.includes(Buffer.from(text, 'utf8')) || bytes.includes(Buffer.from(text, 'utf16le'));
}

let keyDir: string;
let bbb: FakeBbbServer;
const savedKeyDir = process.env.CAPSULE_SECRET_KEY_DIR;
beforeAll(async () => {
  keyDir = path.join(tempDir('capsule-keys-'), 'keys');
  process.env.CAPSULE_SECRET_KEY_DIR = keyDir;
  bbb = await startFakeBbb({ secret: BBB_SECRET, recordings: [] });
});
afterAll(async () => {
  if (savedKeyDir === undefined) delete process.env.CAPSULE_SECRET_KEY_DIR;
  else process.env.CAPSULE_SECRET_KEY_DIR = savedKeyDir;
  await bbb.close();
});

describe('secrets at rest', () => {
  let studio: Studio;
  let libraryDir: string;

  it('never writes a secret in plain text, zeroes deleted rows, and keeps the files private', async () => {
    libraryDir = path.join(tempDir('capsule-secrets-'), 'library');
    studio = await createStudio({ libraryDir, binding: 'cli', startJobs: false, log: quiet });
    const { secrets, settings } = studio.context;
    const db = studio.database;
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);

    // What this machine offers: here (headless, no Secret Service) the key file fallback, said plainly.
    const status = secrets.status();
    if (status.kind === 'key-file') {
      expect(status.osProtected).toBe(false);
      expect(status.description).toMatch(/No system keyring is available here \(.+\)/);
      expect(secrets.encrypted).toBe(false);
    } else expect(status.kind).toBe('keyring');

    await secrets.set('pod:jdoe:token', POD_TOKEN);
    const profile = await studio.calls.bbbSaveProfile(null, { name: 'Campus', url: bbb.url, secret: BBB_SECRET });
    expect(profile.hasSecret).toBe(true);
    expect(await secrets.get('pod:jdoe:token')).toBe(POD_TOKEN);
    // A row deleted: a plain marker first, to see that deleted content leaves the file.
    settings.set('marker', 'deleted-row-marker-7c1d');
    db.pragma('wal_checkpoint(PASSIVE)');
    settings.set('marker', null);
    await studio.calls.bbbDeleteProfile(profile.id);
    secrets.delete('pod:jdoe:token');

    const beforeCheckpoint = libraryBytes(libraryDir);
    expect(beforeCheckpoint.length).toBeGreaterThan(0);
    expect(containsText(beforeCheckpoint, POD_TOKEN)).toBe(false);
    expect(containsText(beforeCheckpoint, BBB_SECRET)).toBe(false);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const afterCheckpoint = readFileSync(path.join(libraryDir, DATABASE_FILE));
    expect(containsText(afterCheckpoint, 'deleted-row-marker-7c1d')).toBe(false);
    expect(containsText(afterCheckpoint, POD_TOKEN)).toBe(false);

    if (process.platform !== 'win32') {
      expect(statSync(libraryDir).mode & 0o777).toBe(0o700);
      for (const file of databaseFiles(libraryDir).filter((f) => existsSync(f))) expect(statSync(file).mode & 0o777).toBe(0o600);
      if (status.kind === 'key-file') {
        const keyFile = new NodeSecretCipher({ keyDir }).keyFile;
        expect(statSync(keyFile).mode & 0o777).toBe(0o600);
        expect(statSync(keyDir).mode & 0o777).toBe(0o700);
        expect(path.relative(libraryDir, keyFile).startsWith('..')).toBe(true);
      }
    }
  });

  it('keeps a BBB secret only after a request with it succeeded', async () => {
    await expect(studio.calls.bbbSaveProfile(null, { name: 'Wrong', url: bbb.url, secret: 'not-the-secret-9a8b' })).rejects.toMatchObject({ code: 'BBB_CHECKSUM_ERROR' });
    expect(await studio.calls.bbbListProfiles()).toEqual([]);
    expect(studio.database.prepare('SELECT COUNT(*) AS n FROM secrets').get()).toEqual({ n: 0 });
    // Nor a secret for a server that cannot be reached.
    await expect(studio.calls.bbbSaveProfile(null, { name: 'Gone', url: 'http://127.0.0.1:9/bigbluebutton/api', secret: BBB_SECRET })).rejects.toMatchObject({
      code: 'BBB_UNREACHABLE',
    });
    expect(studio.database.prepare('SELECT COUNT(*) AS n FROM secrets').get()).toEqual({ n: 0 });
  });

  it('encrypts secrets an older version left in plain text, and says why the CLI cannot read the app\'s', async () => {
    const { secrets } = studio.context;
    const db = studio.database;
    await studio.close();
    const raw = new Database(path.join(libraryDir, DATABASE_FILE));
    raw.prepare('INSERT INTO secrets (key, ciphertext, encrypted) VALUES (?, ?, 0)').run('legacy', Buffer.from(POD_TOKEN));
    // A row written by the desktop app through Electron safeStorage (an opaque blob).
    raw.prepare('INSERT INTO secrets (key, ciphertext, encrypted) VALUES (?, ?, 1)').run('from-app', Buffer.from('v11-opaque-blob'));
    raw.close();
    void db;
    void secrets;
    studio = await createStudio({ libraryDir, binding: 'cli', startJobs: false, log: quiet });
    expect(await studio.context.secrets.get('legacy')).toBe(POD_TOKEN);
    expect(containsText(libraryBytes(libraryDir), POD_TOKEN)).toBe(false);
    await expect(studio.context.secrets.get('from-app')).rejects.toMatchObject({ code: 'SECRET_LOCKED', message: expect.stringContaining('safeStorage') });

    // The app reads what the CLI saved: a store with another cipher (safeStorage's place) still decrypts Node rows.
    await studio.context.secrets.set('from-cli', POD_TOKEN);
    const appCipher: SecretCipher = { encrypted: true, scheme: 1, encrypt: async () => Buffer.alloc(0), decrypt: async () => 'never used' };
    expect(await new SecretStore(studio.database, appCipher).get('from-cli')).toBe(POD_TOKEN);
    await studio.close();
  });

  it('falls back to a key file when told there is no keyring, and refuses to decrypt with another key', async () => {
    const dir = tempDir('capsule-keyfile-');
    const cipher = new NodeSecretCipher({ keyDir: path.join(dir, 'a'), keyring: 'off' });
    expect(cipher.status()).toMatchObject({ kind: 'key-file', osProtected: false });
    const blob = await cipher.encrypt(BBB_SECRET);
    expect(blob.includes(Buffer.from(BBB_SECRET))).toBe(false);
    expect(await new NodeSecretCipher({ keyDir: path.join(dir, 'a'), keyring: 'off' }).decrypt(blob)).toBe(BBB_SECRET);
    const other = new NodeSecretCipher({ keyDir: path.join(dir, 'b'), keyring: 'off' });
    await other.encrypt('creates b');
    await expect(other.decrypt(blob)).rejects.toMatchObject({ code: 'SECRET_UNREADABLE' });
  });

  it('the CLI says once where secrets go when there is no keyring', async () => {
    const { main } = await import('../../src/main/cli/main');
    const dir = tempDir('capsule-cli-warning-');
    const secretFile = path.join(dir, 'secret.txt');
    writeFileSync(secretFile, BBB_SECRET, { mode: 0o600 });
    const saved = process.env.CAPSULE_SECRET_STORE;
    process.env.CAPSULE_SECRET_STORE = 'key-file';
    try {
      const err: string[] = [];
      const code = await main(['bbb', 'profile', 'add', 'Campus', '--url', bbb.url, '--secret-file', secretFile, '--library', path.join(dir, 'lib')], { out: () => undefined, err: (t) => err.push(t) });
      expect(code).toBe(0);
      const warnings = err.filter((line) => line.startsWith('Warning: No system keyring is available here'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(path.join(keyDir, 'secret-store.key'));
      expect(containsText(libraryBytes(path.join(dir, 'lib')), BBB_SECRET)).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.CAPSULE_SECRET_STORE;
      else process.env.CAPSULE_SECRET_STORE = saved;
    }
  });

  it('never writes a one-off --secret-file secret, even when the command is killed while using it', async () => {
    const dir = tempDir('capsule-oneoff-');
    const library = path.join(dir, 'library');
    const secretFile = path.join(dir, 'secret.txt');
    writeFileSync(secretFile, `${BBB_SECRET}\n`, { mode: 0o600 });
    // A BBB server that accepts the request and never answers: the import is killed mid-request.
    let sawRequest!: () => void;
    const requested = new Promise<void>((resolve) => (sawRequest = resolve));
    const silent = http.createServer(() => sawRequest());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/bigbluebutton/api`;
      const child = spawn(process.execPath, [path.join(repoRoot, 'bin/capsule.mjs'), 'bbb', 'import', 'rec-1', '--out', path.join(dir, 'out.mp4'), '--url', url, '--secret-file', secretFile, '--library', library], {
        cwd: repoRoot,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, CAPSULE_SECRET_KEY_DIR: keyDir },
      });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await requested;
      expect(containsText(libraryBytes(library), BBB_SECRET)).toBe(false);
      child.kill('SIGKILL');
      await exited;
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
    expect(containsText(libraryBytes(library), BBB_SECRET)).toBe(false);
    const db = new Database(path.join(library, DATABASE_FILE), { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM secrets').get()).toEqual({ n: 0 });
    db.close();

    // The interrupted import, resumed later, says why it cannot go on instead of failing obscurely.
    const later = await createStudio({ libraryDir: library, binding: 'cli', startJobs: false, log: quiet });
    try {
      const [job] = later.context.jobs.list({ activeOnly: true });
      expect(job?.kind).toBe('bbb_import');
    } finally {
      await later.close();
    }
  });
});
