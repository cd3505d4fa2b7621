// Runs in the renderer. Before a replace: the fields the replace sends (changed in the studio since the last
// publication) and the ones it leaves as Pod holds them (perhaps edited on Pod), read back from Pod first.
import type { PodFieldChange, PodReplacePreview } from '../../../shared/domain/pod';
import { useT } from '../../i18n/useT';

function shown(value: string | null, fallback: string, t: ReturnType<typeof useT>): string {
  if (value === null) return fallback;
  if (value === 'yes') return t('publish.yes');
  if (value === 'no') return t('publish.no');
  return value;
}

/** Rows worth showing: what is sent, and what Pod holds differently from the last publication (an edit on Pod). */
export function rowsToShow(changes: readonly PodFieldChange[]): PodFieldChange[] {
  return changes.filter((change) => change.action === 'send' || (change.onPod !== null && change.lastPublished !== null && change.onPod !== change.lastPublished));
}

export function ReplacePreview({ preview, loading }: { preview: PodReplacePreview | null; loading: boolean }) {
  const t = useT();
  if (loading || !preview) {
    return (
      <p className="muted" role="status" data-testid="replace-preview-loading">
        {t('publish.diffLoading')}
      </p>
    );
  }
  const rows = rowsToShow(preview.changes);
  const sends = rows.some((row) => row.action === 'send');
  return (
    <div className="replace-preview" data-testid="replace-preview">
      <h3>{t('publish.diffTitle')}</h3>
      {!sends ? <p>{t('publish.diffNone')}</p> : null}
      {rows.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('publish.diffField')}</th>
              <th scope="col">{t('publish.diffOnPod')}</th>
              <th scope="col">{t('publish.diffLast')}</th>
              <th scope="col">{t('publish.diffStudio')}</th>
              <th scope="col">{t('publish.diffAction')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.field} data-testid={`replace-row-${row.field}`}>
                <th scope="row">{t(`publish.field.${row.field}`)}</th>
                <td>{shown(row.onPod, t('publish.diffUnreadable'), t)}</td>
                <td>{shown(row.lastPublished, t('publish.diffUnknown'), t)}</td>
                <td>{shown(row.inStudio, '', t)}</td>
                <td>{row.action === 'send' ? t('publish.diffSend') : t('publish.diffKeep')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
