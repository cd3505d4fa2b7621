// Runs in the renderer. "Replace or new" when the capsule is already on this Pod server: never assumed,
// and a replace is shown field by field before anything is sent.
import type { PodReplacePreview, PublishDraft, PublishMode } from '../../../shared/domain/pod';
import { useT } from '../../i18n/useT';
import { ReplacePreview } from './ReplacePreview';

export interface PublishModeChoiceProps {
  previous: NonNullable<PublishDraft['previous']>;
  mode: PublishMode | null;
  onMode(mode: PublishMode): void;
  preview: PodReplacePreview | null;
  previewLoading: boolean;
}

export function PublishModeChoice({ previous, mode, onMode, preview, previewLoading }: PublishModeChoiceProps) {
  const t = useT();
  return (
    <fieldset className="publish-previous" data-testid="publish-mode">
      <legend>{t('publish.askMode')}</legend>
      <p>
        {t('publish.previous', { link: '' })}
        <a href={previous.pageUrl} target="_blank" rel="noopener noreferrer">
          {previous.pageUrl}
        </a>
      </p>
      <label>
        <input type="radio" name="publish-mode" checked={mode === 'replace'} onChange={() => onMode('replace')} data-testid="publish-mode-replace" /> {t('publish.modeReplace')}
      </label>
      <label>
        <input type="radio" name="publish-mode" checked={mode === 'new'} onChange={() => onMode('new')} data-testid="publish-mode-new" /> {t('publish.modeNew')}
      </label>
      {mode === null ? <p className="muted">{t('publish.chooseMode')}</p> : null}
      {mode === 'replace' ? <ReplacePreview preview={preview} loading={previewLoading} /> : null}
    </fieldset>
  );
}
