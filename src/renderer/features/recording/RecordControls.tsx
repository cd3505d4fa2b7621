// Runs in the renderer. The Record step's buttons, by phase: record (or retake), cancel the countdown,
// pause/resume and stop, "Next grain", and the prompter in a second window.
import { useT } from '../../i18n/useT';
import type { RecordingPhase } from './prompterChannel';
import { openPrompterWindow } from './usePrompterWindowSync';

export interface RecordControlsProps {
  phase: RecordingPhase;
  canRecord: boolean;
  hasTake: boolean;
  /** More than one grain: "Next grain" has somewhere to go. */
  severalGrains: boolean;
  onStart(): void;
  onCancelCountdown(): void;
  onPauseResume(): void;
  onStop(): void;
  onNextGrain(): void;
}

export function RecordControls({ phase, canRecord, hasTake, severalGrains, onStart, onCancelCountdown, onPauseResume, onStop, onNextGrain }: RecordControlsProps) {
  const t = useT();
  const recording = phase === 'recording' || phase === 'paused';
  return (
    <div className="record-controls">
      {phase === 'idle' && (
        <button type="button" className="primary record-start" onClick={onStart} disabled={!canRecord}>
          ● {hasTake ? t('recording.retake') : t('recording.start')}
        </button>
      )}
      {phase === 'countdown' && (
        <button type="button" onClick={onCancelCountdown}>
          {t('recording.cancelCountdown')}
        </button>
      )}
      {recording && (
        <>
          <button type="button" onClick={onPauseResume}>
            {phase === 'paused' ? t('recording.resume') : t('recording.pause')}
          </button>
          <button type="button" className="primary" onClick={onStop}>
            ■ {t('recording.stop')}
          </button>
        </>
      )}
      {(phase === 'idle' || recording) && severalGrains && (
        <button type="button" onClick={onNextGrain} title={t('recording.nextGrainHint')} aria-keyshortcuts="n" data-testid="next-grain">
          {t('recording.nextGrain')} →
        </button>
      )}
      <button type="button" className="link-button" onClick={openPrompterWindow}>
        {t('recording.secondWindow')}
      </button>
    </div>
  );
}
