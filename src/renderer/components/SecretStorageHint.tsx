// Runs in the renderer. One line under every secret field (Pod token, BBB secret, stream key) saying
// truthfully where the studio keeps it: the system keyring, a key file, or Electron's safeStorage.
import { useEffect } from 'react';
import { useT } from '../i18n/useT';
import { secretStorageMessage } from '../logic/secretStorage';
import { useAppInfoStore } from '../stores/appInfoStore';

export function SecretStorageHint() {
  const t = useT();
  const storage = useAppInfoStore((state) => state.info?.secretStorage ?? null);
  const load = useAppInfoStore((state) => state.load);
  useEffect(() => {
    void load();
  }, [load]);
  if (!storage) return null;
  const message = secretStorageMessage(storage);
  return (
    <small className={message.weak ? 'warning' : 'muted'} data-testid="secret-storage-hint">
      {t(message.key, message.params)}
    </small>
  );
}
