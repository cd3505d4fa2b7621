// Runs in the renderer. Pod servers: the list, adding or editing one (address, username, API token —
// the token is sent once and never shown again), importing the institution's provisioning file, and
// "Test connection" with each step's verdict.
import { useState } from 'react';
import type { PodConnectionReport, PodProfile } from '../../../shared/domain/pod';
import type { StudioClient } from '../../api/studioClient';
import { InlineError } from '../../components/InlineError';
import { SecretStorageHint } from '../../components/SecretStorageHint';
import { useErrorNotice } from '../../hooks/useErrorNotice';
import { useT } from '../../i18n/useT';

export interface ServerPanelProps {
  studio: StudioClient;
  profiles: PodProfile[];
  selectedId: string | null;
  onSelect(id: string): void;
  onChanged(selectId?: string): Promise<void>;
}

interface Draft {
  id?: string;
  name: string;
  baseUrl: string;
  username: string;
  token: string;
}

export function ServerPanel({ studio, profiles, selectedId, onSelect, onChanged }: ServerPanelProps) {
  const t = useT();
  const [draft, setDraft] = useState<Draft | null>(null);
  const failure = useErrorNotice();
  const { run } = failure;
  const [notice, setNotice] = useState<string | null>(null);
  const [report, setReport] = useState<PodConnectionReport | null>(null);
  const [testing, setTesting] = useState(false);
  const selected = profiles.find((profile) => profile.id === selectedId) ?? null;

  const save = () =>
    run(async () => {
      if (!draft) return;
      const saved = await studio.savePodProfile({ id: draft.id, name: draft.name, baseUrl: draft.baseUrl, username: draft.username, token: draft.token === '' && draft.id ? undefined : draft.token });
      setDraft(null);
      setReport(null);
      await onChanged(saved.id);
    });

  const importFile = (file: File) =>
    run(async () => {
      const imported = await studio.importPodProvisioning({ text: await file.text() });
      setNotice(t('publish.imported', { count: imported.length }));
      await onChanged(imported[0]?.id);
    });

  const test = () =>
    run(async () => {
      if (!selected) return;
      setTesting(true);
      try {
        setReport(await studio.testPodConnection(selected.id));
        await onChanged(selected.id);
      } finally {
        setTesting(false);
      }
    });

  return (
    <section aria-labelledby="publish-servers-title" className="publish-servers">
      <h3 id="publish-servers-title">{t('publish.servers')}</h3>
      {profiles.length === 0 ? <p className="muted">{t('publish.noServers')}</p> : null}
      {profiles.length > 0 ? (
        <label className="field">
          <span>{t('publish.server')}</span>
          <select value={selectedId ?? ''} onChange={(event) => onSelect(event.target.value)} data-testid="publish-server">
            {profiles.map((profile) => (
              <option key={profile.id} value={profile.id}>
                {profile.name} — {profile.baseUrl}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <div className="button-row">
        {selected ? (
          <>
            <button type="button" onClick={() => void test()} disabled={testing} data-testid="publish-test-connection">
              {testing ? t('publish.testing') : t('publish.testConnection')}
            </button>
            <button type="button" onClick={() => setDraft({ id: selected.id, name: selected.name, baseUrl: selected.baseUrl, username: selected.username, token: '' })}>
              {t('publish.editServer')}
            </button>
            <button
              type="button"
              className="link-button"
              onClick={() =>
                void run(async () => {
                  await studio.deletePodProfile(selected.id);
                  await onChanged();
                })
              }
            >
              {t('publish.deleteServer')}
            </button>
          </>
        ) : null}
        <button type="button" onClick={() => setDraft({ name: '', baseUrl: 'https://', username: '', token: '' })} data-testid="publish-add-server">
          {t('publish.addServer')}
        </button>
        <label className="button file-button">
          {t('publish.importFile')}
          <input type="file" accept="application/json,.json" hidden onChange={(event) => event.target.files?.[0] && void importFile(event.target.files[0])} />
        </label>
      </div>
      {notice ? <p className="notice">{notice}</p> : null}
      {report ? (
        <div className="connection-report" data-testid="publish-connection-report">
          <ul>
            {report.steps.map((step) => (
              <li key={step.step} className={step.ok ? 'ok' : 'problem'}>
                {step.ok ? '✓' : '✗'} {t(`publish.step.${step.step}`)} — {step.ok ? step.message : t.error(report.problem)}
              </li>
            ))}
          </ul>
          {report.ok ? <p className="ok">{t('publish.connectionOk', { version: report.version ?? '?', owner: report.ownerName ?? '' })}</p> : null}
        </div>
      ) : null}
      {draft ? (
        <form
          className="publish-server-form"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <label className="field">
            <span>{t('publish.serverName')}</span>
            <input value={draft.name} required onChange={(event) => setDraft({ ...draft, name: event.target.value })} data-testid="publish-server-name" />
          </label>
          <label className="field">
            <span>{t('publish.serverUrl')}</span>
            <input type="url" value={draft.baseUrl} required onChange={(event) => setDraft({ ...draft, baseUrl: event.target.value })} data-testid="publish-server-url" />
          </label>
          <label className="field">
            <span>{t('publish.username')}</span>
            <input value={draft.username} onChange={(event) => setDraft({ ...draft, username: event.target.value })} data-testid="publish-server-username" />
          </label>
          <label className="field">
            <span>{t('publish.token')}</span>
            <input type="password" autoComplete="off" value={draft.token} onChange={(event) => setDraft({ ...draft, token: event.target.value })} data-testid="publish-server-token" />
            <small className="muted">{draft.id && profiles.find((profile) => profile.id === draft.id)?.hasToken ? t('publish.tokenStored') : t('publish.tokenHint')}</small>
            <SecretStorageHint />
          </label>
          <div className="button-row">
            <button type="submit" data-testid="publish-server-save">
              {t('publish.save')}
            </button>
            <button type="button" className="link-button" onClick={() => setDraft(null)}>
              {t('publish.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      <InlineError error={failure.error} />
    </section>
  );
}
