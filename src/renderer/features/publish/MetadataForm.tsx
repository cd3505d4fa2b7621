// Runs in the renderer. The video's details for Pod: title, description, date, type, disciplines,
// channels and their themes, licence, language, tags, draft, restricted access, password, downloading —
// lists from the server (refreshable), errors next to their fields (ours and Pod's).
import type { ReactNode } from 'react';
import type { PodFieldErrors, PodMetadata, PodMetadataField, PodVocabulary } from '../../../shared/domain/pod';
import { isPod3 } from '../../../shared/logic/podMetadata';
import { hasMessage } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { useT } from '../../i18n/useT';
import { licenceName } from '../../logic/licences';
import { channelsFor, fieldMessages, themesFor, withChannels } from './logic/publishForm';

export interface MetadataFormProps {
  metadata: PodMetadata;
  vocabulary: PodVocabulary;
  ownerUrl: string | null;
  errors: PodFieldErrors;
  refreshing: boolean;
  disabled: boolean;
  onChange(metadata: PodMetadata, field: PodMetadataField): void;
  onRefresh(): void;
}

export function MetadataForm({ metadata, vocabulary, ownerUrl, errors, refreshing, disabled, onChange, onRefresh }: MetadataFormProps) {
  const t = useT();
  const set = <F extends PodMetadataField>(field: F, value: PodMetadata[F]) => onChange({ ...metadata, [field]: value }, field);
  const messagesOf = (field: PodMetadataField | 'general') => fieldMessages(errors, field, (key) => t(key), (key) => hasMessage(key, t.language));

  const field = (name: PodMetadataField, control: ReactNode) => {
    const problems = messagesOf(name);
    return (
      <label className={`field${problems.length ? ' invalid' : ''}`} data-field={name}>
        <span>{t(`publish.field.${name}`)}</span>
        {control}
        {problems.map((problem) => (
          <small key={problem} className="field-error" role="alert" data-testid={`publish-error-${name}`}>
            {problem}
          </small>
        ))}
      </label>
    );
  };
  const multi = (name: 'disciplines' | 'channels' | 'themes', options: { path: string; title: string }[], onPick: (values: string[]) => void) =>
    field(
      name,
      <select multiple value={metadata[name]} disabled={disabled} size={Math.min(6, Math.max(2, options.length))} onChange={(event) => onPick([...event.target.selectedOptions].map((option) => option.value))} data-testid={`publish-${name}`}>
        {options.map((option) => (
          <option key={option.path} value={option.path}>
            {option.title}
          </option>
        ))}
      </select>,
    );

  const channels = channelsFor(vocabulary, ownerUrl);
  const themes = themesFor(vocabulary, metadata.channels);
  const general = messagesOf('general');

  return (
    <fieldset className="publish-metadata" disabled={disabled}>
      <legend>{t('publish.metadata')}</legend>
      <div className="button-row">
        <button type="button" onClick={onRefresh} disabled={refreshing} data-testid="publish-refresh">
          {refreshing ? t('publish.refreshing') : t('publish.refresh')}
        </button>
        <small className="muted">{t('publish.listsFrom', { date: formatDate(vocabulary.fetchedAt, t.language) })}</small>
      </div>
      {field('title', <input value={metadata.title} maxLength={250} onChange={(event) => set('title', event.target.value)} data-testid="publish-title" />)}
      {field('description', <textarea value={metadata.description} rows={4} onChange={(event) => set('description', event.target.value)} data-testid="publish-description" />)}
      {field('dateEvt', <input type="date" value={metadata.dateEvt ?? ''} onChange={(event) => set('dateEvt', event.target.value === '' ? null : event.target.value)} />)}
      {field(
        'type',
        <select value={metadata.type ?? ''} onChange={(event) => set('type', event.target.value === '' ? null : event.target.value)} data-testid="publish-type">
          <option value="">{t('publish.none')}</option>
          {vocabulary.types.map((type) => (
            <option key={type.path} value={type.path}>
              {type.title}
            </option>
          ))}
        </select>,
      )}
      {multi('disciplines', vocabulary.disciplines, (values) => set('disciplines', values))}
      {multi('channels', channels, (values) => onChange(withChannels(metadata, values, vocabulary), 'channels'))}
      {themes.length > 0 ? multi('themes', themes, (values) => set('themes', values)) : null}
      {field(
        'licence',
        <select value={metadata.licence ?? ''} onChange={(event) => set('licence', event.target.value === '' ? null : event.target.value)} data-testid="publish-licence">
          <option value="">{t('publish.none')}</option>
          {vocabulary.licences.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {licenceName(choice.value, t.language, choice.label)}
            </option>
          ))}
        </select>,
      )}
      {field(
        'mainLang',
        <select value={metadata.mainLang ?? ''} onChange={(event) => set('mainLang', event.target.value === '' ? null : event.target.value)}>
          <option value="">{t('publish.none')}</option>
          {vocabulary.languages.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>,
      )}
      {isPod3(vocabulary.version) ? field('tags', <input value={metadata.tags} onChange={(event) => set('tags', event.target.value)} />) : null}
      {field('isDraft', <input type="checkbox" checked={metadata.isDraft} onChange={(event) => set('isDraft', event.target.checked)} data-testid="publish-draft" />)}
      {field('isRestricted', <input type="checkbox" checked={metadata.isRestricted} onChange={(event) => set('isRestricted', event.target.checked)} />)}
      {field('password', <input type="password" autoComplete="new-password" maxLength={50} value={metadata.password} onChange={(event) => set('password', event.target.value)} />)}
      {field('allowDownloading', <input type="checkbox" checked={metadata.allowDownloading} onChange={(event) => set('allowDownloading', event.target.checked)} />)}
      {general.map((problem) => (
        <p key={problem} className="form-error" role="alert">
          {problem}
        </p>
      ))}
    </fieldset>
  );
}
