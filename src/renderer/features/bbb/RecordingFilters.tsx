// Runs in the renderer. The bar above a server's recordings: the text filter (state and playback format
// under "Advanced"), Refresh, and when the list shown was fetched.
import { BBB_RECORDING_STATES } from '../../../shared/domain/bbb';
import { useT } from '../../i18n/useT';
import type { BbbRecordings } from './hooks/useBbbRecordings';

export function RecordingFilters({ recordings, onRefresh }: { recordings: BbbRecordings; onRefresh(): void }) {
  const t = useT();
  const { filter, setFilter, formats, refreshing, list } = recordings;
  return (
    <div className="bbb-filters" style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center' }}>
      <input aria-label={t('bbb.filter')} placeholder={t('bbb.filter')} value={filter.text} onChange={(e) => setFilter({ ...filter, text: e.target.value })} />
      <details className="bbb-advanced-filters">
        <summary>{t('bbb.advanced')}</summary>
        <select aria-label={t('bbb.stateFilter')} value={filter.state} onChange={(e) => setFilter({ ...filter, state: e.target.value })}>
          <option value="">{t('bbb.allStates')}</option>
          {BBB_RECORDING_STATES.map((s) => (
            <option key={s} value={s}>
              {t(`bbb.state.${s}`)}
            </option>
          ))}
        </select>
        <select aria-label={t('bbb.formatFilter')} value={filter.format} onChange={(e) => setFilter({ ...filter, format: e.target.value })}>
          <option value="">{t('bbb.allFormats')}</option>
          {formats.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </details>
      <button type="button" data-testid="bbb-refresh" disabled={refreshing} onClick={onRefresh}>
        {refreshing ? t('bbb.refreshing') : t('bbb.refresh')}
      </button>
      {list?.fetchedAt ? <span className="muted">{t('bbb.fromCache', { time: new Date(list.fetchedAt).toLocaleString(t.language) })}</span> : null}
    </div>
  );
}
