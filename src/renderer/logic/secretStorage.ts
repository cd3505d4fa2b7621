// Runs in the renderer (pure, unit-tested in Node). The one truthful sentence about where a secret
// (a Pod token, a BBB secret, a stream key) is kept, chosen from the studio's real secret storage.
import type { SecretStorageInfo } from '../../shared/api/app';
import type { MessageKey, MessageParams } from '../i18n';

export interface SecretStorageMessage {
  key: MessageKey;
  params?: MessageParams;
  /** Shown as a warning when no OS key store protects the key. */
  weak: boolean;
}

export function secretStorageMessage(storage: SecretStorageInfo): SecretStorageMessage {
  switch (storage.kind) {
    case 'keyring':
      return { key: 'secrets.keyring', weak: false };
    case 'key-file':
      return { key: 'secrets.keyFile', params: { file: storage.keyFile ?? '?' }, weak: true };
    case 'safeStorage':
      return storage.osProtected ? { key: 'secrets.safeStorage', weak: false } : { key: 'secrets.safeStorageWeak', weak: true };
    default:
      return { key: 'secrets.none', weak: true };
  }
}
