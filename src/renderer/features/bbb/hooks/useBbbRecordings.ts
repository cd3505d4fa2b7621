// Runs in the renderer. The recordings of the chosen BigBlueButton server: the cached list at once, the
// fresh one when the main side has it (`bbb.recordingsUpdated`), a failed refresh said beside the cached
// list, and the text, state and format filters with the recordings they leave, grouped by meeting.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { BbbRecording, BbbRecordingList } from '../../../../shared/domain/bbb';
import type { StudioClient } from '../../../api/studioClient';
import type { ShownError } from '../../../components/InlineError';
import type { ErrorNotice } from '../../../hooks/useErrorNotice';
import { filterRecordings, groupByMeeting, type MeetingGroup, type RecordingFilterState } from '../logic';

export interface BbbRecordings {
  list: BbbRecordingList | null;
  refreshing: boolean;
  /** A background refresh that failed: the list shown is the cached one. */
  refreshError: ShownError;
  /** Reads the list again (from the server when `refresh`, else the cache first). */
  load(profileId: string, refresh: boolean): Promise<void>;
  filter: RecordingFilterState;
  setFilter(filter: RecordingFilterState): void;
  /** The recordings the filter leaves, and the same grouped by meeting. */
  shown: BbbRecording[];
  meetings: MeetingGroup[];
  /** Every playback format of the list, for the format filter. */
  formats: string[];
}

export function useBbbRecordings(studio: StudioClient, profileId: string | null, notice: ErrorNotice): BbbRecordings {
  const { run } = notice;
  const [list, setList] = useState<BbbRecordingList | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<ShownError>(null);
  const [filter, setFilter] = useState<RecordingFilterState>({ text: '', state: '', format: '' });

  const load = useCallback(
    async (id: string, refresh: boolean) => {
      setRefreshing(true);
      const answer = await run(() => studio.bbbListRecordings(id, { refresh }));
      if (answer) setList(answer);
      // A list from the cache is refreshed behind: the event below ends the refresh.
      if (!answer?.fromCache) setRefreshing(false);
    },
    [studio, run],
  );

  useEffect(() => {
    setList(null);
    setRefreshError(null);
    if (profileId) void load(profileId, false);
  }, [profileId, load]);

  useEffect(
    () =>
      studio.on('bbb.recordingsUpdated', (payload) => {
        if (payload.profileId !== profileId) return;
        setRefreshing(false);
        if (payload.list) setList(payload.list);
        setRefreshError(payload.error);
      }),
    [studio, profileId],
  );

  const shown = useMemo(() => filterRecordings(list?.recordings ?? [], filter), [list, filter]);
  const meetings = useMemo(() => groupByMeeting(shown), [shown]);
  const formats = useMemo(() => [...new Set((list?.recordings ?? []).flatMap((r) => r.formats.map((f) => f.type)))], [list]);
  return { list, refreshing, refreshError, load, filter, setFilter, shown, meetings, formats };
}
