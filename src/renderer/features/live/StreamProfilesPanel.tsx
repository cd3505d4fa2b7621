// Runs in the renderer. Saved RTMP targets: choose which ones to stream to, add one (its stream key goes
// to the main side's secret store and is never shown again), delete one; or type a one-off URL.
import { InlineError } from '../../components/InlineError';
import { SecretStorageHint } from '../../components/SecretStorageHint';
import { useState, type FormEvent } from 'react';
import type { StreamProfile } from '../../../shared/domain/live';
import type { StudioClient } from '../../api/studioClient';
import { useErrorNotice } from '../../hooks/useErrorNotice';
import { useT } from '../../i18n/useT';

export interface TargetChoice {
  profileIds: string[];
  oneOffUrl: string;
}

export function StreamProfilesPanel(props: {
  studio: StudioClient;
  profiles: StreamProfile[];
  choice: TargetChoice;
  onChoice(choice: TargetChoice): void;
  onProfilesChanged(): void;
  disabled: boolean;
}) {
  const t = useT();
  const { profiles, choice, onChoice } = props;
  const [name, setName] = useState('');
  const [serverUrl, setServerUrl] = useState('');
  const [streamKey, setStreamKey] = useState('');
  const notice = useErrorNotice();

  const toggle = (id: string, on: boolean) => onChoice({ ...choice, profileIds: on ? [...choice.profileIds, id] : choice.profileIds.filter((item) => item !== id) });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    await notice.run(async () => {
      const saved = await props.studio.saveStreamProfile({ name, serverUrl, streamKey: streamKey || undefined });
      setName('');
      setServerUrl('');
      setStreamKey('');
      props.onProfilesChanged();
      onChoice({ ...choice, profileIds: [...choice.profileIds, saved.id] });
    });
  };

  const remove = async (profile: StreamProfile) => {
    try {
      await props.studio.deleteStreamProfile(profile.id);
      onChoice({ ...choice, profileIds: choice.profileIds.filter((id) => id !== profile.id) });
      props.onProfilesChanged();
    } catch (caught) {
      notice.show(caught);
    }
  };

  return (
    <section aria-labelledby="live-targets-title" className="live-targets-panel">
      <h3 id="live-targets-title">{t('live.targets')}</h3>
      {profiles.length === 0 ? <p className="muted">{t('live.noProfiles')}</p> : null}
      <ul aria-label={t('live.profiles')} style={{ listStyle: 'none', padding: 0 }}>
        {profiles.map((profile) => (
          <li key={profile.id}>
            <label>
              <input
                type="checkbox"
                checked={choice.profileIds.includes(profile.id)}
                disabled={props.disabled}
                onChange={(event) => toggle(profile.id, event.target.checked)}
                aria-label={t('live.useProfile', { name: profile.name })}
              />{' '}
              {profile.name} <span className="muted">({profile.serverUrl}, {profile.hasStreamKey ? t('live.keyStored') : t('live.noKey')})</span>
            </label>{' '}
            <button type="button" className="link-button" disabled={props.disabled} onClick={() => void remove(profile)} aria-label={t('live.deleteProfile', { name: profile.name })}>
              ✕
            </button>
          </li>
        ))}
      </ul>
      <label className="field">
        <span>{t('live.oneOffUrl')}</span>
        <input type="text" value={choice.oneOffUrl} disabled={props.disabled} placeholder="rtmp://" onChange={(event) => onChoice({ ...choice, oneOffUrl: event.target.value })} />
      </label>
      <details>
        <summary>{t('live.addProfile')}</summary>
        <form onSubmit={(event) => void save(event)}>
          <label className="field">
            <span>{t('live.profileName')}</span>
            <input type="text" value={name} required onChange={(event) => setName(event.target.value)} />
          </label>
          <label className="field">
            <span>{t('live.serverUrl')}</span>
            <input type="text" value={serverUrl} required placeholder="rtmp://live.example.edu/live" onChange={(event) => setServerUrl(event.target.value)} />
          </label>
          <label className="field">
            <span>{t('live.streamKey')}</span>
            <input type="password" value={streamKey} autoComplete="off" onChange={(event) => setStreamKey(event.target.value)} />
            <small className="muted">{t('live.streamKeyHint')}</small>
            <SecretStorageHint />
          </label>
          <InlineError error={notice.error} />
          <button type="submit">{t('live.saveProfile')}</button>
        </form>
      </details>
    </section>
  );
}
