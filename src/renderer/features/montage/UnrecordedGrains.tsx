// Runs in the renderer. Before rendering, the grains of the video that have no take, each with the
// teacher's three ways out: record it (the Record step opens on that grain), leave it out of this
// video, or show its slides without sound for a chosen number of seconds. Rendering waits until each
// is decided, so a video never comes out as silent slides without a word (issue 11, item 2).
import { useState } from 'react';
import type { GrainRecordStatus, RecordStepStatus, UnrecordedGrainChoice } from '../../../shared/domain/montage';
import { unrecordedGrains } from '../../../shared/logic/recordStep';
import type { StudioClient } from '../../api/studioClient';
import { InlineError } from '../../components/InlineError';
import { useErrorNotice } from '../../hooks/useErrorNotice';
import { useT } from '../../i18n/useT';
import { useUiStore } from '../../stores/uiStore';

const DEFAULT_SILENT_SECONDS = 5;

export function UnrecordedGrains({ studio, status }: { studio: StudioClient; status: RecordStepStatus }) {
  const t = useT();
  const recordGrain = useUiStore((state) => state.recordGrain);
  const [seconds, setSeconds] = useState<Record<string, number>>({});
  const notice = useErrorNotice();
  const grains = unrecordedGrains(status);
  // Once every grain is decided the list folds away (still one click from changing a choice).
  const [open, setOpen] = useState(status.undecided.length > 0);
  if (grains.length === 0) return null;
  const decided = status.undecided.length === 0;

  const secondsOf = (grain: GrainRecordStatus) => seconds[grain.grainId] ?? (grain.choice?.mode === 'silent' ? grain.choice.slideMs / 1000 : DEFAULT_SILENT_SECONDS);
  const choose = (grain: GrainRecordStatus, choice: UnrecordedGrainChoice | null) => {
    notice.clear();
    // The store follows `library.changed`, which the choice emits.
    studio.setUnrecordedGrainChoice(grain.grainId, choice).catch(notice.show);
  };
  const silentChoice = (grain: GrainRecordStatus): UnrecordedGrainChoice => ({ mode: 'silent', slideMs: Math.round(Math.min(120, Math.max(0.5, secondsOf(grain))) * 1000) });
  const name = (grain: GrainRecordStatus) => grain.title || t('montage.grainNumber', { number: grain.position + 1 });

  return (
    <details
      className={`unrecorded ${decided ? 'unrecorded-decided' : ''}`}
      open={open || !decided}
      onToggle={(event) => setOpen(event.currentTarget.open)}
      aria-labelledby="unrecorded-title"
      data-testid="unrecorded-grains"
    >
      <summary>
        <h3 id="unrecorded-title">{decided ? t('montage.unrecordedDecided', { count: grains.length }) : t('montage.unrecordedTitle', { count: grains.length })}</h3>
      </summary>
      <p className="help">{t('montage.unrecordedHelp')}</p>
      <div className="unrecorded-all">
        <button type="button" onClick={() => grains.forEach((grain) => choose(grain, { mode: 'leave_out' }))}>
          {t('montage.leaveAllOut')}
        </button>
        <button type="button" onClick={() => grains.forEach((grain) => choose(grain, silentChoice(grain)))}>
          {t('montage.allSilent')}
        </button>
      </div>
      <ul className="unrecorded-list">
        {grains.map((grain) => {
          const mode = grain.choice?.mode ?? null;
          return (
            <li key={grain.grainId} data-testid={`unrecorded-${grain.position + 1}`} data-choice={mode ?? 'none'}>
              <span className="unrecorded-name">
                <strong>{name(grain)}</strong> <span className="muted">{t('montage.grainSlides', { count: grain.slideCount })}</span>
              </span>
              <span className="unrecorded-state">{mode === 'leave_out' ? t('montage.choiceLeftOut') : mode === 'silent' ? t('montage.choiceSilent', { seconds: secondsOf(grain) }) : t('montage.choiceNone')}</span>
              <span className="unrecorded-actions">
                <button type="button" onClick={() => recordGrain(grain.grainId)}>
                  {t('montage.recordIt')}
                </button>
                <button type="button" aria-pressed={mode === 'leave_out'} onClick={() => choose(grain, mode === 'leave_out' ? null : { mode: 'leave_out' })}>
                  {t('montage.leaveOut')}
                </button>
                <label className="unrecorded-silent">
                  <button type="button" aria-pressed={mode === 'silent'} onClick={() => choose(grain, silentChoice(grain))}>
                    {t('montage.silentSlides')}
                  </button>
                  <input
                    type="number"
                    min={0.5}
                    max={120}
                    step={0.5}
                    value={secondsOf(grain)}
                    aria-label={t('montage.silentSeconds', { grain: name(grain) })}
                    onChange={(event) => setSeconds((current) => ({ ...current, [grain.grainId]: Number(event.target.value) || DEFAULT_SILENT_SECONDS }))}
                    onBlur={() => {
                      if (mode === 'silent') choose(grain, silentChoice(grain));
                    }}
                  />
                  <span aria-hidden="true">{t('montage.secondsPerSlide')}</span>
                </label>
              </span>
            </li>
          );
        })}
      </ul>
      <InlineError error={notice.error} />
    </details>
  );
}
