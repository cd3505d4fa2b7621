// Runs in the renderer. Pod live: with a Pod server profile (from the Publish step), the buildings and
// broadcasters with their on-air status and a switch, the RTMP URL Pod suggests for a broadcaster, and
// the broadcaster's events (create one with start and end, end one now).
import { useEffect, useState, type FormEvent } from 'react';
import type { PodBroadcaster, PodBuilding, PodLiveEvent } from '../../../shared/domain/live';
import type { StudioClient } from '../../api/studioClient';
import { InlineError } from '../../components/InlineError';
import type { StudioErrorInfo } from '../../../shared/errors';
import { useErrorNotice } from '../../hooks/useErrorNotice';
import { useT } from '../../i18n/useT';
import { isoToLocalInput, localInputToIso, localOffsetAt } from './logic/eventDates';
import { podLiveErrorKey, type PodLiveCall } from './logic/podLiveErrors';

interface PodProfileItem {
  id: string;
  name: string;
}

/** The Pod profiles come from the publishing panel's API; this reads them without depending on its types. */
function podProfileLister(studio: StudioClient): (() => Promise<PodProfileItem[]>) | null {
  const lister = (studio as unknown as { listPodProfiles?: () => Promise<PodProfileItem[]> }).listPodProfiles;
  return typeof lister === 'function' ? () => lister.call(studio) : null;
}

export interface PodBinding {
  profileId: string;
  slug: string;
  url: string;
}

export function PodLivePanel(props: { studio: StudioClient; onUseUrl(binding: PodBinding): void }) {
  const t = useT();
  const { studio } = props;
  const [profiles, setProfiles] = useState<PodProfileItem[] | null>(null);
  const [profileId, setProfileId] = useState('');
  const [buildings, setBuildings] = useState<PodBuilding[]>([]);
  const [broadcasters, setBroadcasters] = useState<PodBroadcaster[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [events, setEvents] = useState<PodLiveEvent[]>([]);
  const notice = useErrorNotice();
  const showError = notice.show;
  /** Which call failed: Pod's 404 means something else for the broadcasters list than for a video. */
  const [errorContext, setErrorContext] = useState<PodLiveCall>('other');
  const [title, setTitle] = useState('');
  const [start, setStart] = useState(() => isoToLocalInput(new Date()));
  const [end, setEnd] = useState(() => isoToLocalInput(new Date(Date.now() + 3600_000)));

  useEffect(() => {
    const lister = podProfileLister(studio);
    if (!lister) {
      setProfiles([]);
      return;
    }
    lister()
      .then((list) => {
        setProfiles(list);
        if (list[0]) setProfileId(list[0].id);
      })
      .catch(showError);
  }, [studio, showError]);

  const guard = async (work: () => Promise<void>, context: PodLiveCall = 'other') => {
    setErrorContext(context);
    await notice.run(work);
  };

  // Pod answers 404 when its live module is off or the address is not the API root: say that, not
  // "Pod no longer has this video".
  const describe = (shown: StudioErrorInfo): string | null => {
    const key = podLiveErrorKey(shown, errorContext);
    return key ? t(key) : null;
  };

  const load = () =>
    guard(async () => {
      const [buildingList, broadcasterList] = await Promise.all([studio.listPodBuildings(profileId), studio.listPodBroadcasters(profileId)]);
      setBuildings(buildingList);
      setBroadcasters(broadcasterList);
    }, 'broadcasters');

  const loadEvents = (slug: string) =>
    guard(async () => {
      setSelected(slug);
      setEvents(await studio.listPodLiveEvents(profileId, slug));
    }, 'events');

  const switchStatus = (broadcaster: PodBroadcaster) =>
    guard(async () => {
      const updated = await studio.setPodBroadcasterStatus(profileId, broadcaster.slug, !broadcaster.status);
      setBroadcasters((list) => (list ?? []).map((item) => (item.slug === updated.slug ? updated : item)));
    });

  const createEvent = (event: FormEvent) => {
    event.preventDefault();
    if (!selected) return;
    void guard(async () => {
      const startIso = localInputToIso(start, localOffsetAt(start)) ?? start;
      const endIso = localInputToIso(end, localOffsetAt(end)) ?? end;
      await studio.createPodLiveEvent(profileId, { title, broadcasterSlug: selected, startDate: startIso, endDate: endIso });
      setTitle('');
      setEvents(await studio.listPodLiveEvents(profileId, selected));
    });
  };

  const endEvent = (item: PodLiveEvent) =>
    guard(async () => {
      await studio.endPodLiveEvent(profileId, item.id);
      if (selected) setEvents(await studio.listPodLiveEvents(profileId, selected));
    });

  const buildingName = (url: string) => buildings.find((building) => building.url === url)?.name ?? '';

  return (
    <section aria-labelledby="live-pod-title" className="live-pod-panel">
      <h3 id="live-pod-title">{t('live.pod')}</h3>
      {profiles !== null && profiles.length === 0 ? <p className="muted">{t('live.noPodProfiles')}</p> : null}
      {profiles && profiles.length > 0 ? (
        <div>
          <label className="field">
            <span>{t('live.podProfile')}</span>
            <select value={profileId} onChange={(event) => setProfileId(event.target.value)}>
              {profiles.map((profile) => (
                <option key={profile.id} value={profile.id}>
                  {profile.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => void load()}>
            {t('live.loadBroadcasters')}
          </button>
        </div>
      ) : null}
      <InlineError error={notice.error} describe={describe} testId="live-pod-error" />
      {broadcasters ? (
        <table className="data-table">
          <thead>
            <tr>
              <th>{t('live.building')}</th>
              <th>{t('live.broadcaster')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {broadcasters.map((broadcaster) => (
              <tr key={broadcaster.slug} data-slug={broadcaster.slug}>
                <td>{buildingName(broadcaster.building)}</td>
                <td>
                  <button type="button" className="link-button" onClick={() => void loadEvents(broadcaster.slug)}>
                    {broadcaster.name}
                  </button>{' '}
                  <span className={broadcaster.status ? 'live-on-air' : 'muted'} data-testid="broadcaster-status">
                    {broadcaster.status ? t('live.onAir') : t('live.offAir')}
                  </span>
                </td>
                <td>
                  <button type="button" onClick={() => void switchStatus(broadcaster)}>
                    {broadcaster.status ? t('live.switchOff', { name: broadcaster.name }) : t('live.switchOn', { name: broadcaster.name })}
                  </button>{' '}
                  {broadcaster.suggestedRtmpUrl ? (
                    <button type="button" onClick={() => props.onUseUrl({ profileId, slug: broadcaster.slug, url: broadcaster.suggestedRtmpUrl! })}>
                      {t('live.useRtmpUrl', { url: broadcaster.suggestedRtmpUrl })}
                    </button>
                  ) : (
                    <small className="muted">{t('live.noRtmpUrl')}</small>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {selected ? (
        <div className="live-events">
          <h4>{t('live.events')}</h4>
          {events.length === 0 ? <p className="muted">{t('live.noEvents')}</p> : null}
          <ul>
            {events.map((item) => (
              <li key={item.id}>
                {item.title} — {t('live.eventDates', { start: new Date(item.startDate).toLocaleString(t.language), end: new Date(item.endDate).toLocaleString(t.language) })}{' '}
                <a href={item.pageUrl} target="_blank" rel="noreferrer">
                  {t('live.eventLink')}
                </a>{' '}
                {Date.parse(item.endDate) > Date.now() ? (
                  <button type="button" onClick={() => void endEvent(item)}>
                    {t('live.endEvent')}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
          <form onSubmit={createEvent}>
            <label className="field">
              <span>{t('live.eventTitle')}</span>
              <input type="text" value={title} required maxLength={250} onChange={(event) => setTitle(event.target.value)} />
            </label>
            <label className="field">
              <span>{t('live.eventStart')}</span>
              <input type="datetime-local" value={start} required onChange={(event) => setStart(event.target.value)} />
            </label>
            <label className="field">
              <span>{t('live.eventEnd')}</span>
              <input type="datetime-local" value={end} required onChange={(event) => setEnd(event.target.value)} />
            </label>
            <button type="submit">{t('live.createEvent')}</button>
          </form>
        </div>
      ) : null}
    </section>
  );
}
