// Runs in the renderer. The captions before the video is rendered and published: every cue with its
// times and editable text, labelled honestly "from the script" (the prompter's sentences timed from
// the take, not a transcript), captions on or off for the whole video and per grain (off by default
// where the prompter was not followed), and "publish without captions" (issue 11, item 3).
import { useEffect, useState } from 'react';
import type { CapsuleDetail } from '../../../shared/domain/capsule';
import type { StudioClient } from '../../api/studioClient';
import { InlineError } from '../../components/InlineError';
import { useErrorNotice } from '../../hooks/useErrorNotice';
import { useT } from '../../i18n/useT';
import type { CapsuleCaptions } from '../../../shared/domain/montage';

function clock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 100)) / 10;
  const minutes = Math.floor(total / 60);
  const seconds = total - minutes * 60;
  return `${minutes}:${seconds.toFixed(1).padStart(4, '0')}`;
}

export function CaptionsPanel({ studio, capsule }: { studio: StudioClient; capsule: CapsuleDetail }) {
  const t = useT();
  const [captions, setCaptions] = useState<CapsuleCaptions | null>(null);
  const [drafts, setDrafts] = useState<Record<number, string>>({});
  const [open, setOpen] = useState(false);
  const notice = useErrorNotice();
  const { show: showError } = notice;

  useEffect(() => {
    if (!open) return;
    let live = true;
    studio.getCaptions(capsule.id).then(
      (value) => live && setCaptions(value),
      (caught: unknown) => live && showError(caught),
    );
    return () => {
      live = false;
    };
  }, [studio, capsule.id, open, showError]);

  const update = (patch: Parameters<StudioClient['updateCaptions']>[1]) => {
    notice.clear();
    studio.updateCaptions(capsule.id, patch).then(
      (value) => {
        setCaptions(value);
        setDrafts({});
      },
      showError,
    );
  };
  const saveCues = () => {
    if (!captions) return;
    update({ cues: captions.cues.map((cue, index) => ({ startMs: cue.startMs, endMs: cue.endMs, text: drafts[index] ?? cue.text })) });
  };
  const grainName = (grainId: string | null) => {
    const index = capsule.grains.findIndex((grain) => grain.id === grainId);
    return index < 0 ? '' : capsule.grains[index]!.title || t('montage.grainNumber', { number: index + 1 });
  };

  return (
    <details className="captions-panel" open={open} onToggle={(event) => setOpen(event.currentTarget.open)} data-testid="captions-panel">
      <summary>
        <h3>{t('montage.captionsTitle')}</h3> <span className="badge">{t('montage.fromScript')}</span>
      </summary>
      <p className="help">{t('montage.captionsHelp')}</p>
      {captions ? (
        <>
          <label className="checkbox">
            <input type="checkbox" checked={!captions.enabled} onChange={(event) => update({ enabled: !event.target.checked })} data-testid="captions-off" />
            {t('montage.publishWithoutCaptions')}
          </label>
          {captions.stale ? (
            <p className="warning">
              {t('montage.captionsStale')}{' '}
              <button type="button" onClick={() => update({ resetCues: true })}>
                {t('montage.captionsRecompute')}
              </button>
            </p>
          ) : null}
          {captions.enabled ? (
            <>
              <fieldset className="captions-grains">
                <legend>{t('montage.captionsPerGrain')}</legend>
                {captions.grains.filter((grain) => grain.hasSpeech).map((grain) => (
                  <label key={grain.grainId} className="checkbox">
                    <input type="checkbox" checked={grain.enabled} onChange={(event) => update({ grains: { [grain.grainId]: event.target.checked } })} />
                    {grainName(grain.grainId)}
                    {grain.followedPrompter ? null : <span className="muted"> — {t('montage.prompterNotFollowed')}</span>}
                  </label>
                ))}
              </fieldset>
              <table className="data-table captions-cues" data-testid="captions-cues">
                <caption className="muted">{t('montage.cueCount', { count: captions.cues.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('montage.cueStart')}</th>
                    <th scope="col">{t('montage.cueEnd')}</th>
                    <th scope="col">{t('montage.cueText')}</th>
                  </tr>
                </thead>
                <tbody>
                  {captions.cues.map((cue, index) => (
                    <tr key={`${cue.startMs}-${index}`} data-start-ms={cue.startMs} data-end-ms={cue.endMs}>
                      <td>{clock(cue.startMs)}</td>
                      <td>{clock(cue.endMs)}</td>
                      <td>
                        <textarea
                          rows={2}
                          value={drafts[index] ?? cue.text}
                          aria-label={t('montage.cueTextAt', { time: clock(cue.startMs) })}
                          onChange={(event) => setDrafts((current) => ({ ...current, [index]: event.target.value }))}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="captions-actions">
                <button type="button" disabled={Object.keys(drafts).length === 0} onClick={saveCues}>
                  {t('montage.saveCaptions')}
                </button>
                {captions.edited ? (
                  <button type="button" onClick={() => update({ resetCues: true })}>
                    {t('montage.captionsRecompute')}
                  </button>
                ) : null}
              </div>
            </>
          ) : null}
        </>
      ) : !notice.error ? (
        <p className="muted">{t('montage.captionsLoading')}</p>
      ) : null}
      <InlineError error={notice.error} />
    </details>
  );
}
