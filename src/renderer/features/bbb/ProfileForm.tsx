// Runs in the renderer. Adding or editing a BigBlueButton server: name, API address, meetings in view,
// and the technical settings (secret, checksum, metadata filters, states) under "Advanced", opened by
// itself when an error is about them; "Test" says what the server answered before anything is saved.
import { useState, type FormEvent } from 'react';
import type { BbbConnectionReport, BbbProfile } from '../../../shared/domain/bbb';
import { BBB_RECORDING_STATES } from '../../../shared/domain/bbb';
import { BBB_CHECKSUM_ALGORITHMS, type BbbChecksumAlgorithm } from '../../../shared/logic/bbbChecksum';
import type { StudioErrorCode } from '../../../shared/errors';
import type { StudioClient } from '../../api/studioClient';
import { errorState, InlineError } from '../../components/InlineError';
import { SecretStorageHint } from '../../components/SecretStorageHint';
import { useErrorNotice } from '../../hooks/useErrorNotice';
import { useT } from '../../i18n/useT';
import { profileInput, type ProfileDraft } from './profileDraft';

/** Errors whose field to fix is under "Advanced". */
const ADVANCED_ERRORS: readonly StudioErrorCode[] = ['BBB_NO_SECRET', 'BBB_CHECKSUM_ERROR'];

interface ProfileFormProps {
  studio: StudioClient;
  draft: ProfileDraft;
  onChange(draft: ProfileDraft): void;
  onSaved(profile: BbbProfile): void;
  onCancel(): void;
}

export function ProfileForm({ studio, draft, onChange, onSaved, onCancel }: ProfileFormProps) {
  const t = useT();
  const notice = useErrorNotice();
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const [report, setReport] = useState<BbbConnectionReport | null>(null);
  const [testing, setTesting] = useState(false);

  /** Runs a server call; its failure is shown, and opens "Advanced" when the field to fix is there. */
  const attempt = async (action: () => Promise<void>) => {
    notice.clear();
    try {
      await action();
    } catch (caught) {
      notice.show(caught);
      if (ADVANCED_ERRORS.includes(errorState(caught).code)) setAdvancedOpen(true);
    }
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    void attempt(async () => onSaved(await studio.bbbSaveProfile(draft.id, profileInput(draft))));
  };
  const test = async () => {
    setTesting(true);
    setReport(null);
    await attempt(async () => setReport(await studio.bbbTestConnection({ profileId: draft.id ?? undefined, draft: profileInput(draft) })));
    setTesting(false);
  };
  const serverName = (r: BbbConnectionReport) => (r.server?.scalelite ? t('bbb.serverScalelite') : t('bbb.serverBbb', { version: r.server?.bbbVersion ?? r.server?.apiVersion ?? '' }));

  return (
    <form onSubmit={save} aria-label={draft.id ? t('bbb.editServer', { name: draft.name }) : t('bbb.addServer')} className="bbb-profile-form">
      <label className="field">
        <span>{t('bbb.name')}</span>
        <input data-testid="bbb-name" value={draft.name} required onChange={(e) => onChange({ ...draft, name: e.target.value })} />
      </label>
      <label className="field">
        <span>{t('bbb.url')}</span>
        <input data-testid="bbb-url" value={draft.url} required placeholder="https://bbb.example.edu/bigbluebutton/api/" onChange={(e) => onChange({ ...draft, url: e.target.value })} />
      </label>
      <label className="field">
        <span>{t('bbb.meetingIds')}</span>
        <textarea data-testid="bbb-meetings" rows={2} value={draft.meetingIds} onChange={(e) => onChange({ ...draft, meetingIds: e.target.value })} />
      </label>
      <details className="bbb-advanced" open={advancedOpen} onToggle={(event) => setAdvancedOpen(event.currentTarget.open)}>
        <summary>{t('bbb.advanced')}</summary>
        <p className="muted">{t('bbb.advancedHelp')}</p>
        <label className="field">
          <span>{t('bbb.secret')}</span>
          <input data-testid="bbb-secret" type="password" autoComplete="off" value={draft.secret} onChange={(e) => onChange({ ...draft, secret: e.target.value })} />
          <small className="muted">{draft.id ? t('bbb.secretKept') : t('bbb.secretHint')}</small>
          <SecretStorageHint />
        </label>
        <label className="field">
          <span>{t('bbb.checksum')}</span>
          <select data-testid="bbb-checksum" value={draft.checksum} onChange={(e) => onChange({ ...draft, checksum: e.target.value as BbbChecksumAlgorithm })}>
            {BBB_CHECKSUM_ALGORITHMS.map((a) => (
              <option key={a} value={a}>
                {a.toUpperCase().replace('SHA', 'SHA-')}
              </option>
            ))}
          </select>
          <small className="muted">{t('bbb.checksumHint')}</small>
        </label>
        <label className="field">
          <span>{t('bbb.metaFilters')}</span>
          <textarea data-testid="bbb-meta" rows={2} value={draft.metaFilters} onChange={(e) => onChange({ ...draft, metaFilters: e.target.value })} />
        </label>
        <fieldset className="field">
          <legend>{t('bbb.states')}</legend>
          {BBB_RECORDING_STATES.map((state) => (
            <label key={state} style={{ marginRight: 8 }}>
              <input
                type="checkbox"
                checked={draft.states.includes(state)}
                onChange={(e) => onChange({ ...draft, states: e.target.checked ? [...draft.states, state] : draft.states.filter((s) => s !== state) })}
              />{' '}
              {t(`bbb.state.${state}`)}
            </label>
          ))}
        </fieldset>
      </details>
      <div className="actions">
        <button type="button" data-testid="bbb-test" disabled={testing || !draft.url} onClick={() => void test()}>
          {testing ? t('bbb.testing') : t('bbb.test')}
        </button>{' '}
        <button type="submit" data-testid="bbb-save">
          {t('bbb.save')}
        </button>{' '}
        <button type="button" onClick={onCancel}>
          {t('bbb.cancel')}
        </button>
      </div>
      {report ? (
        <p role="status" data-testid="bbb-test-result" className={report.ok ? 'ok' : 'error'}>
          {report.ok ? t('bbb.testOk', { server: serverName(report), count: report.recordingsSeen ?? 0 }) : t('bbb.testFailed', { message: report.problem ? t.error(report.problem) : '' })}
        </p>
      ) : null}
      <InlineError error={notice.error} className="error" />
    </form>
  );
}
