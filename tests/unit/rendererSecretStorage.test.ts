// Runs in Node (tests). The one hint shown under a secret field follows the studio's real secret
// storage (keyring, key file with its path, Electron safeStorage, weak safeStorage), in both languages.
import { describe, expect, it } from 'vitest';
import { translate } from '../../src/renderer/i18n';
import { secretStorageMessage } from '../../src/renderer/logic/secretStorage';

describe('secret storage hint', () => {
  it('says the keyring when the key is in the system keyring, and does not warn', () => {
    const message = secretStorageMessage({ kind: 'keyring', osProtected: true, description: 'x' });
    expect(message.weak).toBe(false);
    expect(translate('en', message.key, message.params)).toBe('Kept encrypted, with its key in the system keyring.');
  });

  it('names the key file and warns when there is no keyring', () => {
    const message = secretStorageMessage({ kind: 'key-file', osProtected: false, description: 'x', keyFile: '/home/ana/.local/share/capsule-studio/secret-store.key' });
    expect(message.weak).toBe(true);
    expect(translate('en', message.key, message.params)).toContain('a key file at /home/ana/.local/share/capsule-studio/secret-store.key (no system keyring on this computer)');
    expect(translate('fr', message.key, message.params)).toContain('/home/ana/.local/share/capsule-studio/secret-store.key');
    expect(translate('fr', message.key, message.params)).not.toMatch(/[^\u00a0\u202f][:;?!]/u);
  });

  it('tells Electron safeStorage with and without an OS key store apart', () => {
    expect(translate('en', secretStorageMessage({ kind: 'safeStorage', osProtected: true, description: 'x' }).key)).toContain('Electron safeStorage');
    const weak = secretStorageMessage({ kind: 'safeStorage', osProtected: false, description: 'x' });
    expect(weak.weak).toBe(true);
    expect(translate('en', weak.key)).toContain('only obfuscated');
  });
});
