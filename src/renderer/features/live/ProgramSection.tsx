// Runs in the renderer. The live program's column: the preview, moving through the slides, the prompter's
// sentence, and the program's settings (capsule, resolution, shared screen, local recording).
import type { RefObject } from 'react';
import type { CapsuleSummary } from '../../../shared/domain/capsule';
import type { LiveResolution } from '../../../shared/domain/live';
import { useT } from '../../i18n/useT';
import type { PrompterMove } from '../recording/logic/prompterPosition';

export interface ProgramSectionProps {
  previewRef: RefObject<HTMLDivElement | null>;
  slideIndex: number;
  slideCount: number;
  currentLine: string | null;
  onMove(which: PrompterMove): void;
  capsules: CapsuleSummary[];
  capsuleId: string;
  onCapsule(id: string): void;
  resolution: LiveResolution;
  onResolution(resolution: LiveResolution): void;
  sharingScreen: boolean;
  onShareScreen(): void;
  onStopScreen(): void;
  record: boolean;
  onRecord(record: boolean): void;
  recordingTitle: string;
  onRecordingTitle(title: string): void;
  /** Settings that cannot change while live. */
  busy: boolean;
}

export function ProgramSection(props: ProgramSectionProps) {
  const t = useT();
  const { slideCount, busy } = props;
  return (
    <section aria-labelledby="live-program-title" className="live-program">
      <h3 id="live-program-title">{t('live.program')}</h3>
      <div ref={props.previewRef} className="live-preview" style={{ background: '#000', aspectRatio: '16 / 9' }} />
      <p>
        <button type="button" onClick={() => props.onMove('previousSlide')} disabled={slideCount === 0} aria-label={t('live.previousSlide')}>
          ←
        </button>{' '}
        <span data-testid="live-slide-position">{slideCount > 0 ? t('live.slideOf', { current: props.slideIndex + 1, total: slideCount }) : t('live.noCapsule')}</span>{' '}
        <button type="button" onClick={() => props.onMove('nextSlide')} disabled={slideCount === 0} aria-label={t('live.nextSlide')}>
          →
        </button>
      </p>
      <p className="muted">{t('live.keysHint')}</p>
      {props.currentLine ? (
        <p aria-label={t('live.prompter')} className="live-prompter" style={{ fontSize: '1.4em' }}>
          {props.currentLine}
        </p>
      ) : null}
      <div className="live-settings" style={{ display: 'flex', gap: '1rem', flexWrap: 'wrap' }}>
        <label className="field">
          <span>{t('live.capsule')}</span>
          <select value={props.capsuleId} disabled={busy} onChange={(event) => props.onCapsule(event.target.value)}>
            <option value="">{t('live.noCapsule')}</option>
            {props.capsules.map((item) => (
              <option key={item.id} value={item.id}>
                {item.title}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('live.resolution')}</span>
          <select value={props.resolution} disabled={busy} onChange={(event) => props.onResolution(event.target.value as LiveResolution)}>
            <option value="1280x720">1280 × 720</option>
            <option value="1920x1080">1920 × 1080</option>
          </select>
        </label>
        <div className="field">
          <span>{t('live.source')}</span>
          {props.sharingScreen ? (
            <button type="button" onClick={props.onStopScreen}>
              {t('live.stopScreen')}
            </button>
          ) : (
            <button type="button" onClick={props.onShareScreen}>
              {t('live.shareScreen')}
            </button>
          )}
        </div>
      </div>
      <label>
        <input type="checkbox" checked={props.record} disabled={busy} onChange={(event) => props.onRecord(event.target.checked)} /> {t('live.recordLocally')}
      </label>
      {props.record ? (
        <label className="field">
          <span>{t('live.recordingTitle')}</span>
          <input type="text" value={props.recordingTitle} disabled={busy} onChange={(event) => props.onRecordingTitle(event.target.value)} />
        </label>
      ) : null}
    </section>
  );
}
