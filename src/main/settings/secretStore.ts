// Runs in Node (main side). Secrets (Pod tokens, BBB secrets, stream keys) at rest.
// The Electron shell supplies a cipher backed by safeStorage; plain Node (CLI, dev:web, tests)
// has no OS key store, so its cipher says `encrypted: false` and the UI warns about it.
import { StudioError } from '../../shared/errors';
import type { Db } from '../library/database';

export interface SecretCipher {
  /** True when the OS store really encrypts (not Linux's `basic_text` fallback, not plain Node). */
  readonly encrypted: boolean;
  encrypt(plain: string): Promise<Buffer>;
  decrypt(ciphertext: Buffer): Promise<string>;
}

export const plainCipher: SecretCipher = {
  encrypted: false,
  encrypt: async (plain) => Buffer.from(plain, 'utf8'),
  decrypt: async (ciphertext) => ciphertext.toString('utf8'),
};

export class SecretStore {
  constructor(
    private readonly db: Db,
    private readonly cipher: SecretCipher,
  ) {}

  get encrypted(): boolean {
    return this.cipher.encrypted;
  }

  async set(key: string, value: string): Promise<void> {
    const ciphertext = await this.cipher.encrypt(value);
    this.db
      .prepare('INSERT INTO secrets (key, ciphertext, encrypted) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET ciphertext = excluded.ciphertext, encrypted = excluded.encrypted')
      .run(key, ciphertext, this.cipher.encrypted ? 1 : 0);
  }

  has(key: string): boolean {
    return this.db.prepare('SELECT 1 FROM secrets WHERE key = ?').get(key) !== undefined;
  }

  async get(key: string): Promise<string | null> {
    const row = this.db.prepare('SELECT ciphertext, encrypted FROM secrets WHERE key = ?').get(key) as { ciphertext: Buffer; encrypted: number } | undefined;
    if (!row) return null;
    if (row.encrypted === 1 && !this.cipher.encrypted) {
      throw new StudioError('SECRET_LOCKED', 'This secret was encrypted by the desktop app and cannot be read here. Enter it again.', { key });
    }
    return this.cipher.decrypt(row.ciphertext);
  }

  delete(key: string): void {
    this.db.prepare('DELETE FROM secrets WHERE key = ?').run(key);
  }
}
