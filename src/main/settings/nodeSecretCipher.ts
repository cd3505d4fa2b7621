// Runs in Node (main side). Secrets at rest outside Electron (CLI, dev:web, tests): AES-256-GCM with a
// random key kept in the system keyring (Secret Service, macOS Keychain, Windows Credential Manager,
// through @napi-rs/keyring) or, where there is no keyring (a headless Linux server, a container), in a
// key file readable by the user only (0600, in a 0700 folder) outside the library. The library file
// alone (a copy, a backup, a shared folder) then never reveals a secret. The key file does not protect
// against someone who can read the user's files: the fallback says so, and the CLI and the app show it.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import type { SecretCipher } from './secretStore';

/** SecretStore's `encrypted` column value for rows written by this cipher (1 is Electron's safeStorage). */
export const NODE_CIPHER_SCHEME = 2;

const MAGIC = Buffer.from('CSS1');
const SOURCE_KEYRING = 1;
const SOURCE_KEY_FILE = 2;
const KEYRING_SERVICE = 'Capsule Studio';
const KEYRING_ACCOUNT = 'secret-store-key';
const KEY_FILE = 'secret-store.key';

export interface SecretStorageStatus {
  /** Where the key that encrypts the secrets lives. */
  kind: 'keyring' | 'key-file' | 'safeStorage' | 'none';
  /** True when an OS key store protects the key. */
  osProtected: boolean;
  /** One sentence for the CLI and the app's settings. */
  description: string;
  /** The key file's path, when the key is kept in one (so the app can say where, in its own words). */
  keyFile?: string;
}

/** Where the fallback key file goes: $CAPSULE_SECRET_KEY_DIR, else the user's data folder (never the library). */
export function defaultKeyDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CAPSULE_SECRET_KEY_DIR) return path.resolve(env.CAPSULE_SECRET_KEY_DIR);
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Capsule Studio Keys');
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'Capsule Studio Keys');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'capsule-studio');
}

interface KeyringEntry {
  getPassword(): string | null | undefined;
  setPassword(password: string): void;
}

type KeyringModule = { Entry: new (service: string, account: string) => KeyringEntry };

/** The native binding, or the reason it cannot be used here. */
function loadKeyring(): KeyringModule | Error {
  try {
    return createRequire(import.meta.url)('@napi-rs/keyring') as KeyringModule;
  } catch (error) {
    return error as Error;
  }
}

export interface NodeCipherOptions {
  keyDir?: string;
  /** 'off' skips the keyring (tests of the fallback on a desktop; CAPSULE_SECRET_STORE=key-file does the same). */
  keyring?: 'auto' | 'off';
}

export class NodeSecretCipher implements SecretCipher {
  readonly scheme = NODE_CIPHER_SCHEME;
  private keys = new Map<number, Buffer>();
  private preferred: number | null = null;
  private keyringProblem: string | null = null;
  private readonly keyDir: string;
  private readonly useKeyring: boolean;

  constructor(options: NodeCipherOptions = {}) {
    this.keyDir = options.keyDir ?? defaultKeyDir();
    this.useKeyring = (options.keyring ?? 'auto') === 'auto' && process.env.CAPSULE_SECRET_STORE !== 'key-file';
  }

  /** True only when the key is in an OS key store; the key-file fallback reports false (the UI warns). */
  get encrypted(): boolean {
    return this.status().osProtected;
  }

  get keyFile(): string {
    return path.join(this.keyDir, KEY_FILE);
  }

  /** Which store holds the key (decided at first use: the keyring is asked once per process). */
  status(): SecretStorageStatus {
    const source = this.preferredSource();
    if (source === SOURCE_KEYRING) {
      return { kind: 'keyring', osProtected: true, description: 'Secrets are encrypted with a key kept in the system keyring.' };
    }
    return {
      kind: 'key-file',
      osProtected: false,
      keyFile: this.keyFile,
      description:
        `No system keyring is available here (${this.keyringProblem ?? 'not tried'}): secrets are encrypted with a key kept in ${this.keyFile} ` +
        '(readable by you only). The library file alone reveals nothing, but anyone who can read your files can read the secrets.',
    };
  }

  async encrypt(plain: string): Promise<Buffer> {
    const source = this.preferredSource();
    const key = this.key(source, true)!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([MAGIC, Buffer.from([source]), iv, cipher.getAuthTag(), body]);
  }

  async decrypt(blob: Buffer): Promise<string> {
    if (blob.length < MAGIC.length + 1 + 12 + 16 || !blob.subarray(0, 4).equals(MAGIC)) {
      throw new StudioError('SECRET_UNREADABLE', 'This saved secret is damaged. Enter it again.');
    }
    const source = blob[4]!;
    const key = this.key(source, false);
    if (!key) {
      const where = source === SOURCE_KEYRING ? 'the system keyring of the account that saved it' : `the key file ${this.keyFile}`;
      throw new StudioError('SECRET_UNREADABLE', `This secret was saved with a key kept in ${where}, which is not available here. Enter it again.`);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(5, 17));
      decipher.setAuthTag(blob.subarray(17, 33));
      return Buffer.concat([decipher.update(blob.subarray(33)), decipher.final()]).toString('utf8');
    } catch {
      throw new StudioError('SECRET_UNREADABLE', 'This secret was saved with another key (another computer or account, or a replaced key). Enter it again.');
    }
  }

  private preferredSource(): number {
    if (this.preferred !== null) return this.preferred;
    this.preferred = this.useKeyring && this.keyringKey(true) ? SOURCE_KEYRING : SOURCE_KEY_FILE;
    if (!this.useKeyring) this.keyringProblem = 'the keyring is turned off (CAPSULE_SECRET_STORE=key-file)';
    return this.preferred;
  }

  private key(source: number, create: boolean): Buffer | null {
    if (source === SOURCE_KEYRING) return this.keyringKey(create && this.preferred === SOURCE_KEYRING);
    if (source === SOURCE_KEY_FILE) return this.fileKey(create);
    return null;
  }

  private keyringKey(create: boolean): Buffer | null {
    const cached = this.keys.get(SOURCE_KEYRING);
    if (cached) return cached;
    if (!this.useKeyring) return null;
    const binding = loadKeyring();
    if (binding instanceof Error) {
      this.keyringProblem = `the keyring binding cannot be loaded: ${binding.message}`;
      return null;
    }
    try {
      const entry = new binding.Entry(KEYRING_SERVICE, KEYRING_ACCOUNT);
      let stored = entry.getPassword();
      if (!stored && create) {
        entry.setPassword(randomBytes(32).toString('base64'));
        // Read back: some back ends accept a write they cannot keep (no unlocked collection).
        stored = entry.getPassword();
      }
      if (!stored) {
        if (create) this.keyringProblem = 'the keyring did not keep the key';
        return null;
      }
      const key = Buffer.from(stored, 'base64');
      if (key.length !== 32) throw new Error('the key in the keyring is not a 256-bit key');
      this.keys.set(SOURCE_KEYRING, key);
      return key;
    } catch (error) {
      this.keyringProblem = (error as Error).message;
      return null;
    }
  }

  private fileKey(create: boolean): Buffer | null {
    const cached = this.keys.get(SOURCE_KEY_FILE);
    if (cached) return cached;
    const file = this.keyFile;
    if (!existsSync(file)) {
      if (!create) return null;
      mkdirSync(this.keyDir, { recursive: true, mode: 0o700 });
      if (process.platform !== 'win32') chmodSync(this.keyDir, 0o700);
      // Written whole under another name, then linked (which fails if the name exists): two processes
      // never see half a key, and if both create one at once, the first one linked wins for both.
      const temp = `${file}.${process.pid}.tmp`;
      const fd = openSync(temp, 'w', 0o600);
      try {
        writeSync(fd, randomBytes(32).toString('base64'));
      } finally {
        closeSync(fd);
      }
      try {
        linkSync(temp, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        rmSync(temp, { force: true });
      }
    }
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new StudioError('SECRET_UNREADABLE', `The key file ${file} is damaged: move it away and enter the secrets again.`);
    if (process.platform !== 'win32') chmodSync(file, 0o600);
    this.keys.set(SOURCE_KEY_FILE, key);
    return key;
  }
}
