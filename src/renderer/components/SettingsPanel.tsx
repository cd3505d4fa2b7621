// Runs in the renderer. Settings and about, under the library: the version, the library folder, which
// FFmpeg the studio uses (and, in the desktop app, "Choose FFmpeg…"), and where secrets are kept.
import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/api/app';
import type { StudioClient } from '../api/studioClient';
import { useErrorNotice } from '../hooks/useErrorNotice';
import { hasMessage } from '../i18n';
import { useT, type Translator } from '../i18n/useT';
import { secretStorageMessage } from '../logic/secretStorage';
import { useAppInfoStore } from '../stores/appInfoStore';
import { InlineError } from './InlineError';

function ffmpegLine(ffmpeg: AppInfo['ffmpeg'], t: Translator): string {
  if ('error' in ffmpeg) return t('settings.ffmpegMissing', { reason: ffmpeg.error });
  const sourceKey = `settings.ffmpegSource.${ffmpeg.source}`;
  return t('settings.ffmpegFound', { version: ffmpeg.version, path: ffmpeg.path, source: hasMessage(sourceKey, t.language) ? t(sourceKey) : ffmpeg.source });
}

export function SettingsPanel({ studio }: { studio: StudioClient }) {
  const t = useT();
  const info = useAppInfoStore((state) => state.info);
  const infoError = useAppInfoStore((state) => state.error);
  const load = useAppInfoStore((state) => state.load);
  const failure = useErrorNotice();
  const [chosen, setChosen] = useState<{ path: string; version: string } | null>(null);
  useEffect(() => {
    void load();
  }, [load]);

  const chooseFfmpeg = () =>
    failure.run(async () => {
      const picked = await studio.chooseFfmpeg();
      if (!picked) return;
      setChosen(picked);
      await load({ force: true });
    });
  const automaticFfmpeg = () =>
    failure.run(async () => {
      await studio.updateSettings({ ffmpegPath: null });
      setChosen(null);
      await load({ force: true });
    });

  const secrets = info ? secretStorageMessage(info.secretStorage) : null;
  return (
    <details className="settings-panel" data-testid="settings-panel">
      <summary>{t('settings.title')}</summary>
      <InlineError error={infoError} />
      {info ? (
        <>
          <p>{t('settings.version', { version: info.version, platform: info.platform })}</p>
          <p>{t('settings.library', { dir: info.libraryDir })}</p>
          <h3>{t('settings.ffmpeg')}</h3>
          <p className={'error' in info.ffmpeg ? 'warning' : undefined} data-testid="settings-ffmpeg">
            {ffmpegLine(info.ffmpeg, t)}
          </p>
          {info.desktop ? (
            <div className="button-row">
              <button type="button" onClick={() => void chooseFfmpeg()} data-testid="settings-choose-ffmpeg">
                {t('settings.chooseFfmpeg')}
              </button>
              {!('error' in info.ffmpeg) && info.ffmpeg.source === 'setting' ? (
                <button type="button" className="link-button" onClick={() => void automaticFfmpeg()}>
                  {t('settings.ffmpegAutomatic')}
                </button>
              ) : null}
            </div>
          ) : (
            <p className="muted" data-testid="settings-ffmpeg-browser">
              {t('settings.ffmpegBrowser')}
            </p>
          )}
          {chosen ? (
            <p className="notice" role="status">
              {t('settings.ffmpegChosen', chosen)}
            </p>
          ) : null}
          <InlineError error={failure.error} />
          <h3>{t('settings.secrets')}</h3>
          {secrets ? (
            <p className={secrets.weak ? 'warning' : undefined} data-testid="settings-secrets">
              {t(secrets.key, secrets.params)}
            </p>
          ) : null}
        </>
      ) : null}
    </details>
  );
}
