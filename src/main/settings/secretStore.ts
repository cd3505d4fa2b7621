// Runs in Node (main side). Secrets (Pod tokens, BBB secrets, stream keys) at rest: always encrypted
// before they reach the library database. The Electron shell supplies a cipher backed by safeStorage;
// plain Node (CLI, dev:web) uses NodeSecretCipher (system keyring, else a 0600 key file outside the
// library). One-off secrets (a `--secret-file` for one command) stay in this process's memory only.
import { StudioError } from '../../shared/errors';
import type { Db } from '../library/database';
import { NODE_CIPHER_SCHEME, NodeSecretCipher, type SecretStorageStatus } from './nodeSecretCipher';

export interface SecretCipher {
  /** True when the OS store really encrypts (not Linux's `basic_text` fallback, not a key file). */
  readonly encrypted: boolean;
  /**
   * The value of the `encrypted` column for rows this cipher writes: 1 Electron safeStorage (the
   * default), 2 NodeSecretCipher. 0 was plain text (older versions, tests): never written any more.
   */
  readonly scheme?: number;
  encrypt(plain: string): Promise<Buffer>;
  decrypt(ciphertext: Buffer): Promise<string>;
  status?(): SecretStorageStatus;
}

/** Plain text: only for tests of the store itself; SecretStore refuses to write with it. */
export const plainCipher: SecretCipher = {
  encrypted: false,
  scheme: 0,
  encrypt: async (plain) => Buffer.from(plain, 'utf8'),
  decrypt: async (ciphertext) => ciphertext.toString('utf8'),
};

const SAFE_STORAGE_SCHEME = 1;

/** Keys of one-off secrets: never written to the database, gone with the process. */
export const EPHEMERAL_PREFIX = 'ephemeral:';

export class SecretStore {
  private readonly cipher: SecretCipher;
  private readonly nodeCipher: NodeSecretCipher;
  private readonly inMemory = new Map<string, string>();
  private noticeShown = false;
  /** Told once per process, the first time a secret is saved without an OS key store (the CLI prints it). */
  onWeakStorage: ((description: string) => void) | null = null;

  constructor(
    private readonly db: Db,
    cipher: SecretCipher | null = null,
    nodeCipher: NodeSecretCipher = new NodeSecretCipher(),
  ) {
    this.nodeCipher = nodeCipher;
    // Plain text at rest is no longer an option: without a given cipher, the Node one is used.
    this.cipher = cipher && cipher.scheme !== 0 ? cipher : nodeCipher;
  }

  get encrypted(): boolean {
    return this.cipher.encrypted;
  }

  private get scheme(): number {
    return this.cipher.scheme ?? SAFE_STORAGE_SCHEME;
  }

  /** Where secrets are kept, in one sentence for the CLI and the app's settings. */
  status(): SecretStorageStatus {
    if (this.cipher.status) return this.cipher.status();
    return this.cipher.encrypted
      ? { kind: 'safeStorage', osProtected: true, description: 'Secrets are encrypted by the operating system (Electron safeStorage).' }
      : {
          kind: 'safeStorage',
          osProtected: false,
          description: 'No system keyring is available: Electron safeStorage uses a built-in key (basic_text), so secrets are only obfuscated.',
        };
  }

  async set(key: string, value: string): Promise<void> {
    if (key.startsWith(EPHEMERAL_PREFIX)) {
      this.inMemory.set(key, value);
      return;
    }
    const ciphertext = await this.cipher.encrypt(value);
    this.db
      .prepare('INSERT INTO secrets (key, ciphertext, encrypted) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET ciphertext = excluded.ciphertext, encrypted = excluded.encrypted')
      .run(key, ciphertext, this.scheme);
    this.noticeIfWeak();
  }

  /**
   * Saves a secret only once `check(value)` succeeded (the first request made with it): a token or
   * secret that does not work is never kept. The check's error reaches the caller unchanged.
   */
  async setAfterCheck<T>(key: string, value: string, check: (value: string) => Promise<T>): Promise<T> {
    const result = await check(value);
    await this.set(key, value);
    return result;
  }

  /** A one-off secret for this process only (never on disk); pass the returned key where a key is expected. */
  holdInMemory(name: string, value: string): string {
    const key = `${EPHEMERAL_PREFIX}${name}`;
    this.inMemory.set(key, value);
    return key;
  }

  has(key: string): boolean {
    if (key.startsWith(EPHEMERAL_PREFIX)) return this.inMemory.has(key);
    return this.db.prepare('SELECT 1 FROM secrets WHERE key = ?').get(key) !== undefined;
  }

  async get(key: string): Promise<string | null> {
    if (key.startsWith(EPHEMERAL_PREFIX)) {
      const value = this.inMemory.get(key);
      if (value === undefined) {
        throw new StudioError('SECRET_GONE', 'This one-off secret was only kept in memory by the process that was given it, which has ended. Run the command again.', { key });
      }
      return value;
    }
    const row = this.db.prepare('SELECT ciphertext, encrypted FROM secrets WHERE key = ?').get(key) as { ciphertext: Buffer; encrypted: number } | undefined;
    if (!row) return null;
    if (row.encrypted === 0) return row.ciphertext.toString('utf8'); // written in plain text by an older version
    if (row.encrypted === this.scheme) return this.cipher.decrypt(row.ciphertext);
    // The app (safeStorage) reads what the CLI saved: the Node cipher works in Electron's main process too.
    if (row.encrypted === NODE_CIPHER_SCHEME) return this.nodeCipher.decrypt(row.ciphertext);
    throw new StudioError(
      'SECRET_LOCKED',
      'This secret was saved by the desktop app, encrypted with Electron safeStorage, which only the app itself can decrypt. ' +
        'Use it from the app, or save it again for the command line (for example capsule bbb profile add … --secret-file FILE).',
      { key },
    );
  }

  delete(key: string): void {
    if (key.startsWith(EPHEMERAL_PREFIX)) {
      this.inMemory.delete(key);
      return;
    }
    this.db.prepare('DELETE FROM secrets WHERE key = ?').run(key);
  }

  /**
   * Encrypts secrets an older version stored in plain text, then truncates the write-ahead log so the
   * old pages leave it too (secure_delete zeroes them in the database file). Returns how many.
   */
  async encryptPlainRows(): Promise<number> {
    const rows = this.db.prepare('SELECT key, ciphertext FROM secrets WHERE encrypted = 0').all() as { key: string; ciphertext: Buffer }[];
    for (const row of rows) await this.set(row.key, row.ciphertext.toString('utf8'));
    if (rows.length > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return rows.length;
  }

  private noticeIfWeak(): void {
    if (this.noticeShown || !this.onWeakStorage) return;
    const status = this.status();
    if (status.osProtected) return;
    this.noticeShown = true;
    this.onWeakStorage(status.description);
  }
}
