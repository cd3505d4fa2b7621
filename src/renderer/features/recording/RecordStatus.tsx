// Runs in the renderer. The Record step's status line, announced politely: the REC or paused indicator,
// "finishing", the elapsed time in total and on this slide, where the prompter is, and the bytes saved.
import { useT } from '../../i18n/useT';
import { formatClock } from './logic/mediaClock';
import type { RecordingPhase } from './prompterChannel';

export interface RecordStatusProps {
  phase: RecordingPhase;
  totalMs: number;
  slideMs: number;
  slideIndex: number;
  slideCount: number;
  sentenceIndex: number;
  sentenceCount: number;
  savedBytes: number;
}

export function RecordStatus({ phase, totalMs, slideMs, slideIndex, slideCount, sentenceIndex, sentenceCount, savedBytes }: RecordStatusProps) {
  const t = useT();
  const recording = phase === 'recording' || phase === 'paused';
  return (
    <div className="record-status" role="status" aria-live="polite">
      {recording && (
        <span className={`rec-indicator ${phase === 'paused' ? 'rec-paused' : ''}`} data-testid="recording-indicator">
          {phase === 'paused' ? `❚❚ ${t('recording.paused')}` : `● ${t('recording.recording')}`}
        </span>
      )}
      {phase === 'finishing' && <span data-testid="finishing">{t('recording.finishing')}</span>}
      <span data-testid="elapsed-total">{t('recording.elapsedTotal', { time: formatClock(totalMs) })}</span>
      <span data-testid="elapsed-slide">{t('recording.elapsedSlide', { time: formatClock(slideMs) })}</span>
      <span data-testid="slide-counter">{t('recording.slideOf', { current: slideIndex + 1, total: slideCount })}</span>
      <span data-testid="sentence-counter">{t('recording.sentenceOf', { current: Math.min(sentenceIndex + 1, sentenceCount), total: sentenceCount })}</span>
      {recording && <span className="muted">{t('recording.savedBytes', { size: `${(savedBytes / 1_000_000).toFixed(1)} MB` })}</span>}
    </div>
  );
}
