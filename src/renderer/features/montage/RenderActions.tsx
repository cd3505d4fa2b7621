// Runs in the renderer. What to do with a finished video: play it here, show it in its folder, save a
// copy elsewhere (desktop app), download it (browser build), or go on to publish it (issue 11, item 7).
import { useState } from 'react';
import type { RenderInfo } from '../../../shared/domain/montage';
import type { StudioClient } from '../../api/studioClient';
import { InlineError } from '../../components/InlineError';
import { useErrorNotice } from '../../hooks/useErrorNotice';
import { formatDate } from '../../i18n/format';
import { useT } from '../../i18n/useT';

/** The media reference of a render (`render/<id>`), as the montage registers it. */
export function renderMediaRef(render: RenderInfo): string {
  return (render as RenderInfo & { media?: string }).media ?? `render/${render.id}`;
}

export function renderFileName(render: RenderInfo, title: string): string {
  const safe = title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, ' ').replace(/\s+/g, ' ').trim() || 'capsule';
  return `${safe} (${render.height}p).mp4`;
}

interface RenderActionsProps {
  studio: StudioClient;
  render: RenderInfo;
  title: string;
  latest: boolean;
  onPublish(): void;
}

export function RenderActions({ studio, render, title, latest, onPublish }: RenderActionsProps) {
  const t = useT();
  const [playing, setPlaying] = useState(false);
  const notice = useErrorNotice();
  const [saved, setSaved] = useState<string | null>(null);
  const desktop = studio.platform.kind === 'electron';
  const ref = renderMediaRef(render);
  const url = studio.platform.mediaUrl(ref);
  const guard = (work: () => Promise<void>) => void notice.run(work);

  return (
    <li className={`render-item ${latest ? 'render-latest' : ''}`} data-testid={latest ? 'render-latest' : 'render-item'} data-render-id={render.id}>
      <div className="render-head">
        <strong>{t('montage.renderTitle', { height: render.height, date: formatDate(render.createdAt, t.language) })}</strong>{' '}
        <span className="muted">
          {t('montage.renderedSummary', { duration: `${(render.durationMs / 1000).toFixed(0)} s`, size: (render.bytes / 1e6).toFixed(1), cached: render.cachedGrains })}
        </span>
      </div>
      <div className="render-actions">
        <button type="button" className={latest ? 'primary' : ''} aria-pressed={playing} onClick={() => setPlaying(!playing)} data-testid="render-play">
          {playing ? t('montage.closePlayer') : t('montage.play')}
        </button>
        {desktop ? (
          <>
            <button type="button" onClick={() => guard(() => studio.showMediaInFolder(ref))}>
              {t('montage.showInFolder')}
            </button>
            <button
              type="button"
              onClick={() =>
                guard(async () => {
                  const written = await studio.saveMediaAs(ref, renderFileName(render, title));
                  if (written) setSaved(written);
                })
              }
            >
              {t('montage.saveAs')}
            </button>
          </>
        ) : (
          <a className="button" href={url} download={renderFileName(render, title)} data-testid="render-download">
            {t('montage.download')}
          </a>
        )}
        <button type="button" onClick={onPublish} data-testid="render-publish">
          {t('montage.publish')}
        </button>
      </div>
      {saved ? (
        <p role="status" className="muted">
          {t('montage.savedAs', { file: saved })}
        </p>
      ) : null}
      <InlineError error={notice.error} />
      {playing ? <video className="render-player" src={url} controls autoPlay data-testid="render-player" aria-label={t('montage.playerLabel', { title })} /> : null}
    </li>
  );
}
