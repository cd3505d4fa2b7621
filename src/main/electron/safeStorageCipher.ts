// Runs in Electron's main process. Secrets at rest through the OS key store (safeStorage).
import { safeStorage } from 'electron';
import type { SecretCipher } from '../settings/secretStore';

type AsyncSafeStorage = typeof safeStorage & {
  isAsyncEncryptionAvailable?: () => Promise<boolean>;
  encryptStringAsync?: (plain: string) => Promise<Buffer>;
  decryptStringAsync?: (cipher: Buffer) => Promise<{ result: string } | string>;
};

/**
 * Uses the asynchronous API where this Electron has it (the synchronous one is deprecated).
 * On Linux without a secret service, Electron falls back to a hard-coded key (`basic_text`):
 * we then report `encrypted: false` so the UI can warn and offer not to remember secrets.
 */
export async function createSafeStorageCipher(): Promise<SecretCipher> {
  const store = safeStorage as AsyncSafeStorage;
  const available = store.isAsyncEncryptionAvailable ? await store.isAsyncEncryptionAvailable() : safeStorage.isEncryptionAvailable();
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  const encrypted = available && backend !== 'basic_text' && backend !== 'unknown';
  return {
    encrypted,
    async encrypt(plain) {
      if (store.encryptStringAsync) return store.encryptStringAsync(plain);
      return safeStorage.encryptString(plain);
    },
    async decrypt(ciphertext) {
      if (store.decryptStringAsync) {
        const result = await store.decryptStringAsync(ciphertext);
        return typeof result === 'string' ? result : result.result;
      }
      return safeStorage.decryptString(ciphertext);
    },
  };
}
