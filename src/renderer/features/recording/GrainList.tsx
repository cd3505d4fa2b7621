// Runs in the renderer. The Record step's list of grains: which have a take, which are left out of the
// video or silent, how far the recording is, and choosing the grain to record.
import type { GrainCoverage, RecordProgress } from '../../logic/grainCoverage';
import { useT } from '../../i18n/useT';

export interface GrainListProps {
  coverage: GrainCoverage[];
  progress: RecordProgress | null;
  currentGrainId: string;
  locked: boolean;
  onChoose(grainId: string): void;
}

export function GrainList({ coverage, progress, currentGrainId, locked, onChoose }: GrainListProps) {
  const t = useT();
  return (
    <nav className="record-grains" aria-label={t('recording.grains')}>
      <h2>{t('recording.grains')}</h2>
      {progress && (
        <p className={progress.done ? 'record-progress done' : 'record-progress'} data-testid="record-progress">
          {progress.done ? t('recording.allRecorded') : t('recording.progress', { count: progress.recorded, total: progress.included })}
        </p>
      )}
      <ol>
        {coverage.map((item) => {
          const index = item.number - 1;
          const current = item.grain.id === currentGrainId;
          return (
            <li key={item.grain.id}>
              <button
                type="button"
                className={`record-grain ${current ? 'current' : ''} ${item.hasTake ? 'has-take' : ''} ${item.included ? '' : 'left-out'}`}
                aria-current={current ? 'true' : undefined}
                disabled={locked}
                data-testid={`record-grain-${index + 1}`}
                data-has-take={item.hasTake ? 'true' : 'false'}
                onClick={() => onChoose(item.grain.id)}
              >
                <span>
                  {item.hasTake ? <span aria-hidden="true">✓ </span> : null}
                  {item.grain.title || t('recording.grain', { number: index + 1 })}
                </span>
                <span className="muted">
                  {t('recording.grainSlides', { count: item.grain.slides.length })} · {item.takes > 0 ? t('recording.takes', { count: item.takes }) : t('recording.noTake')}
                  {item.included ? '' : ` · ${t('recording.grainLeftOut')}`}
                  {item.silent ? ` · ${t('recording.grainSilent')}` : ''}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
