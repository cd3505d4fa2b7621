// Runs in Node (main side). Pod live calls (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/live/rest_views.py) over the Pod REST client: buildings,
// broadcasters (looked up by slug, `status` switched by PATCH), and events (created with checked dates,
// ended by moving `end_date` to now).
import type { PodBroadcaster, PodBuilding, PodLiveEvent, PodLiveEventInput } from '../../shared/domain/live';
import { StudioError } from '../../shared/errors';
import { eventPageUrl, suggestRtmpUrl, validateEventDates } from '../../shared/logic/podLive';
import { relationPath } from '../../shared/logic/podUrls';
import type { PodClient } from '../pod/podClient';

interface RawBuilding {
  id: number;
  url: string;
  name: string;
}

interface RawBroadcaster {
  id: number;
  url: string;
  name: string;
  slug: string;
  building: string;
  description?: string;
  broadcaster_url?: string;
  status: boolean;
  is_restricted?: boolean;
  piloting_implementation?: string;
  piloting_conf?: string;
}

interface RawEvent {
  id: number;
  url: string;
  title: string;
  slug: string;
  broadcaster: string | null;
  start_date: string;
  end_date: string;
  is_draft: boolean;
  is_restricted: boolean;
  is_auto_start: boolean;
}

const SLUG = /^[-\w]+$/;

function checkSlug(slug: string): string {
  if (!SLUG.test(slug)) throw new StudioError('BAD_ARGS', 'A broadcaster is named by its slug (letters, digits, hyphens).');
  return slug;
}

function slugFromRelation(link: string | null): string | null {
  if (!link) return null;
  const match = /\/broadcasters\/([-\w]+)\/?$/.exec(relationPath(link));
  return match?.[1] ?? null;
}

export function toBroadcaster(raw: RawBroadcaster): PodBroadcaster {
  const suggestion = suggestRtmpUrl({
    slug: raw.slug,
    broadcasterUrl: raw.broadcaster_url ?? '',
    pilotingImplementation: raw.piloting_implementation ?? '',
    pilotingConf: raw.piloting_conf ?? '',
  });
  return {
    id: raw.id,
    url: raw.url,
    name: raw.name,
    slug: raw.slug,
    building: raw.building,
    description: raw.description ?? '',
    broadcasterUrl: raw.broadcaster_url ?? '',
    status: raw.status === true,
    isRestricted: raw.is_restricted === true,
    pilotingImplementation: raw.piloting_implementation ?? '',
    suggestedRtmpUrl: suggestion?.url ?? null,
    rtmpUrlSource: suggestion?.source ?? null,
  };
}

function toEvent(client: PodClient, raw: RawEvent): PodLiveEvent {
  return {
    id: raw.id,
    url: raw.url,
    title: raw.title,
    slug: raw.slug,
    broadcaster: slugFromRelation(raw.broadcaster),
    startDate: raw.start_date,
    endDate: raw.end_date,
    isDraft: raw.is_draft,
    isRestricted: raw.is_restricted,
    isAutoStart: raw.is_auto_start,
    pageUrl: eventPageUrl(client.baseUrl, raw.slug),
  };
}

export async function listBuildings(client: PodClient, signal?: AbortSignal): Promise<PodBuilding[]> {
  const raw = await client.listAll<RawBuilding>('/rest/buildings/', 'listing the buildings', { signal });
  return raw.map((building) => ({ id: building.id, url: building.url, name: building.name }));
}

export async function listBroadcasters(client: PodClient, signal?: AbortSignal): Promise<PodBroadcaster[]> {
  const raw = await client.listAll<RawBroadcaster>('/rest/broadcasters/', 'listing the broadcasters', { signal });
  return raw.map(toBroadcaster);
}

export async function getBroadcaster(client: PodClient, slug: string): Promise<PodBroadcaster> {
  return toBroadcaster(await client.get<RawBroadcaster>(`/rest/broadcasters/${checkSlug(slug)}/`, `reading the broadcaster ${slug}`));
}

/** Switches the broadcaster's "on air" badge (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/live/rest_views.py): true once the push runs, false when it stops. */
export async function setBroadcasterStatus(client: PodClient, slug: string, status: boolean): Promise<PodBroadcaster> {
  const answer = await client.request<RawBroadcaster>('PATCH', `/rest/broadcasters/${checkSlug(slug)}/`, {
    json: { status },
    what: status ? `switching the broadcaster ${slug} on` : `switching the broadcaster ${slug} off`,
  });
  return toBroadcaster(answer.body);
}

/** Events of one broadcaster (Pod offers no filter on events: the list is read whole and filtered here). */
export async function listEvents(client: PodClient, broadcasterSlug: string | null, signal?: AbortSignal): Promise<PodLiveEvent[]> {
  const raw = await client.listAll<RawEvent>('/rest/events/', 'listing the live events', { signal });
  const events = raw.map((event) => toEvent(client, event));
  return broadcasterSlug ? events.filter((event) => event.broadcaster === broadcasterSlug) : events;
}

/** Creates an event; its dates are checked here because Pod's REST API does not (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py). */
export async function createEvent(client: PodClient, input: PodLiveEventInput, ownerUrl: string, nowMs = Date.now()): Promise<PodLiveEvent> {
  const title = input.title.trim();
  if (!title) throw new StudioError('LIVE_EVENT_TITLE', 'A live event needs a title.', { field: 'title' });
  if (title.length > 250) throw new StudioError('LIVE_EVENT_TITLE', 'The title of a live event has at most 250 characters.', { field: 'title' });
  const { start, end } = validateEventDates(input.startDate, input.endDate, nowMs);
  const answer = await client.request<RawEvent>('POST', '/rest/events/', {
    json: {
      title,
      owner: relationPath(ownerUrl),
      broadcaster: `/rest/broadcasters/${checkSlug(input.broadcasterSlug)}/`,
      description: input.description ?? '',
      start_date: start.toISOString(),
      end_date: end.toISOString(),
      is_draft: input.isDraft ?? false,
      is_restricted: input.isRestricted ?? false,
      is_auto_start: input.isAutoStart ?? false,
    },
    what: 'creating the live event',
  });
  return toEvent(client, answer.body);
}

/** Ends an event now (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/live/rest_views.py "Stop"). */
export async function endEvent(client: PodClient, eventId: number, now = new Date()): Promise<PodLiveEvent> {
  const answer = await client.request<RawEvent>('PATCH', `/rest/events/${eventId}/`, { json: { end_date: now.toISOString() }, what: 'ending the live event' });
  return toEvent(client, answer.body);
}

/** The event owner: the profile's resolved user, else the user its username names (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/authentication/rest_views.py). */
export async function resolveOwnerUrl(client: PodClient, owner: { ownerUrl: string | null; username: string }): Promise<string> {
  if (owner.ownerUrl) return owner.ownerUrl;
  if (!owner.username.trim()) throw new StudioError('POD_NO_USERNAME', 'This Pod profile has no username: an event needs an owner. Enter your Pod login in the profile.', { field: 'username' });
  const users = await client.get<{ results?: { url: string; username: string }[] }>('/rest/users/', 'looking up the event owner', { query: { username: owner.username.trim() } });
  const match = users.results?.find((user) => user.username === owner.username.trim());
  if (!match) throw new StudioError('POD_UNKNOWN_USER', `Pod knows no user "${owner.username.trim()}".`, { field: 'username' });
  return match.url;
}
