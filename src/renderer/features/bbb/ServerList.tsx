// Runs in the renderer. The BBB panel's servers column: import the institution's provisioning file,
// choose the server whose recordings are listed, edit or remove one, add one by hand.
import { useState } from 'react';
import type { BbbProfile } from '../../../shared/domain/bbb';
import type { StudioClient } from '../../api/studioClient';
import { useT } from '../../i18n/useT';
import type { BbbProfiles } from './hooks/useBbbProfiles';
import { draftOf, EMPTY_DRAFT, type ProfileDraft } from './profileDraft';
import { ProfileForm } from './ProfileForm';

interface ServerListProps {
  studio: StudioClient;
  servers: BbbProfiles;
  /** A server was saved from the form: its recordings are read from the server again. */
  onSaved(profile: BbbProfile): void;
}

export function ServerList({ studio, servers, onSaved }: ServerListProps) {
  const t = useT();
  const [draft, setDraft] = useState<ProfileDraft | null>(null);
  const { profiles, selectedId, imported } = servers;
  return (
    <aside style={{ minWidth: 280 }} aria-label={t('bbb.servers')}>
      <h3>{t('bbb.servers')}</h3>
      {profiles.length === 0 ? <p className="muted">{t('bbb.noProfiles')}</p> : null}
      <label className="button bbb-provisioning">
        {t('bbb.importFile')}
        <input
          type="file"
          accept="application/json,.json"
          hidden
          data-testid="bbb-provisioning-file"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void servers.importProvisioning(file);
          }}
        />
      </label>
      {imported !== null ? (
        <p role="status" className="muted">
          {t('bbb.imported_servers', { count: imported })}
        </p>
      ) : null}
      <ul style={{ listStyle: 'none', padding: 0 }}>
        {profiles.map((profile) => (
          <li key={profile.id}>
            <label>
              <input type="radio" name="bbb-profile" checked={selectedId === profile.id} onChange={() => servers.select(profile.id)} /> {profile.name}
            </label>{' '}
            <button type="button" className="link-button" onClick={() => setDraft(draftOf(profile))} aria-label={t('bbb.editServer', { name: profile.name })}>
              ✎
            </button>
            <button type="button" className="link-button" onClick={() => void servers.remove(profile)} aria-label={t('bbb.deleteServer', { name: profile.name })}>
              ✕
            </button>
          </li>
        ))}
      </ul>
      {draft ? (
        <ProfileForm
          studio={studio}
          draft={draft}
          onChange={setDraft}
          onCancel={() => setDraft(null)}
          onSaved={(profile) => {
            setDraft(null);
            servers.select(profile.id);
            void servers.reload();
            onSaved(profile);
          }}
        />
      ) : (
        <button type="button" className="link-button" data-testid="bbb-add-server" onClick={() => setDraft({ ...EMPTY_DRAFT })}>
          {t('bbb.addServer')}
        </button>
      )}
    </aside>
  );
}
