// Runs in the renderer. A PDF import under way: its progress bar with the stage and ETA, Cancel, and the
// password dialog of an encrypted PDF (a wrong password asks again).
import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { jobStageLabel } from '../../components/jobText';
import { ProgressBar } from '../../components/ProgressBar';
import { useT } from '../../i18n/useT';
import { useJobsStore } from '../../stores/jobsStore';
import { useLibraryStore, type ImportOutcome } from '../../stores/libraryStore';

export function ImportProgress({ onPasswordOutcome }: { onPasswordOutcome(outcome: ImportOutcome): void }) {
  const t = useT();
  const importing = useLibraryStore((state) => state.importing);
  const cancelImport = useLibraryStore((state) => state.cancelImport);
  const submitPassword = useLibraryStore((state) => state.submitPassword);
  const job = useJobsStore((state) => (importing ? state.jobs[importing.jobId] : undefined));
  const [password, setPassword] = useState('');
  if (!importing) return null;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const value = password;
    setPassword('');
    onPasswordOutcome(await submitPassword(value));
  };

  return (
    <div className="import-panel" aria-live="polite" data-testid="import-panel">
      <h2>{t('import.title', { name: importing.pdf.name })}</h2>
      {importing.phase === 'running' && (
        <>
          <ProgressBar
            value={job?.progress ?? null}
            etaSeconds={job?.etaSeconds ?? null}
            label={t('import.title', { name: importing.pdf.name })}
            status={job ? jobStageLabel(job, t.language) : t('import.starting')}
          />
          <button type="button" onClick={() => void cancelImport()} disabled={importing.cancelling}>
            {t('import.cancel')}
          </button>
        </>
      )}
      <Dialog open={importing.phase === 'password'} title={t('import.passwordTitle')} onClose={() => void cancelImport()}>
        <form onSubmit={(event) => void onSubmit(event)}>
          <p>{t('import.passwordBody', { name: importing.pdf.name })}</p>
          {importing.wrongPassword && (
            <p className="form-error" role="alert">
              {t('import.passwordWrong')}
            </p>
          )}
          <label className="field">
            <span>{t('import.password')}</span>
            <input type="password" autoComplete="off" value={password} onChange={(event) => setPassword(event.target.value)} required />
          </label>
          <div className="dialog-actions">
            <button type="button" onClick={() => void cancelImport()}>
              {t('app.cancel')}
            </button>
            <button type="submit" className="primary">
              {t('import.passwordSubmit')}
            </button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
