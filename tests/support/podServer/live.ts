// Runs in Node (test tooling). The fake Pod's live resources, from Esup-Pod's live app (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/live/rest_views.py):
// buildings, broadcasters looked up by SLUG (`url` = API link, `broadcaster_url` = the stream, PATCH
// `status`), events with `slug = %04d-slugify(title)`, defaults (now, now + 1 h, is_draft true) and DRF's
// field validation — and, like real Pod's REST, no start-before-end check (that lives in the web form).
import { InputReader, parseBoolean, resolveHyperlink, type RouteCall } from './call';
import { slugify, type PodState } from './state';
import type { PodRouteModule } from './server';

export interface BuildingRecord {
  id: number;
  name: string;
  headband: string | null;
  gmapurl: string | null;
  sites: number[];
}

export interface BroadcasterRecord {
  id: number;
  name: string;
  slug: string;
  building: number;
  description: string;
  poster: string | null;
  broadcasterUrl: string;
  status: boolean;
  isRestricted: boolean;
  manageGroups: number[];
  pilotingImplementation: '' | 'Wowza' | 'SMP';
  /** JSON as a string, as Pod stores it. */
  pilotingConf: string;
}

export interface EventRecord {
  id: number;
  title: string;
  slug: string;
  owner: number;
  additionalOwners: number[];
  description: string;
  startDate: string;
  endDate: string;
  broadcaster: number;
  type: number;
  isDraft: boolean;
  isRestricted: boolean;
  isAutoStart: boolean;
  enableTranscription: boolean;
}

export class LiveData {
  buildings: BuildingRecord[] = [
    { id: 3, name: 'Bâtiment Sciences', headband: null, gmapurl: null, sites: [1] },
    { id: 4, name: 'Amphithéâtres Droit', headband: null, gmapurl: null, sites: [1] },
  ];
  broadcasters: BroadcasterRecord[] = [
    {
      id: 5, name: 'Amphi A', slug: 'amphi-a', building: 3, description: '', poster: null,
      broadcasterUrl: 'https://live.example.edu/hls/amphi-a.m3u8', status: false, isRestricted: false, manageGroups: [],
      pilotingImplementation: '', pilotingConf: '',
    },
    {
      id: 6, name: 'Salle Wowza', slug: 'salle-wowza', building: 3, description: 'Piloted by Wowza', poster: null,
      broadcasterUrl: 'https://wowza.example.edu/live/salle.stream/playlist.m3u8', status: false, isRestricted: true, manageGroups: [],
      pilotingImplementation: 'Wowza', pilotingConf: '{"server_url": "https://wowza.example.edu:8087", "application": "live", "livestream": "salle.stream"}',
    },
    {
      id: 7, name: 'Amphi Droit 1', slug: 'amphi-droit-1', building: 4, description: '', poster: null,
      broadcasterUrl: 'https://video.example.edu/player/droit1', status: true, isRestricted: false, manageGroups: [],
      pilotingImplementation: '', pilotingConf: '',
    },
  ];
  events: EventRecord[] = [];
  nextEventId = 88;

  broadcasterBySlug(slug: string): BroadcasterRecord | undefined {
    return this.broadcasters.find((broadcaster) => broadcaster.slug === slug);
  }
}

const DATETIME_ERROR = 'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].';
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** DRF DateTimeField input: ISO 8601; a naive time is in the server's zone (UTC here). Output: ISO with Z. */
function parseDatetime(value: unknown): string | null {
  if (typeof value !== 'string' || !ISO_DATETIME.test(value.trim())) return null;
  const text = value.trim().replace(' ', 'T');
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`;
  const time = Date.parse(withZone);
  return Number.isNaN(time) ? null : isoOut(new Date(time));
}

function isoOut(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

function serializeBuilding(call: RouteCall, building: BuildingRecord) {
  return {
    id: building.id,
    url: call.abs(`/rest/buildings/${building.id}/`),
    name: building.name,
    headband: building.headband,
    gmapurl: building.gmapurl,
    sites: building.sites.map((id) => call.abs(`/rest/sites/${id}/`)),
  };
}

function serializeBroadcaster(call: RouteCall, broadcaster: BroadcasterRecord) {
  return {
    id: broadcaster.id,
    url: call.abs(`/rest/broadcasters/${broadcaster.slug}/`),
    name: broadcaster.name,
    slug: broadcaster.slug,
    building: call.abs(`/rest/buildings/${broadcaster.building}/`),
    description: broadcaster.description,
    poster: broadcaster.poster,
    broadcaster_url: broadcaster.broadcasterUrl,
    status: broadcaster.status,
    is_restricted: broadcaster.isRestricted,
    manage_groups: broadcaster.manageGroups.map((id) => call.abs(`/rest/groups/${id}/`)),
    piloting_implementation: broadcaster.pilotingImplementation,
    piloting_conf: broadcaster.pilotingConf,
  };
}

function serializeEvent(call: RouteCall, data: LiveData, event: EventRecord) {
  const broadcaster = data.broadcasters.find((item) => item.id === event.broadcaster);
  return {
    id: event.id,
    url: call.abs(`/rest/events/${event.id}/`),
    title: event.title,
    owner: call.abs(`/rest/users/${event.owner}/`),
    additional_owners: event.additionalOwners.map((id) => call.abs(`/rest/users/${id}/`)),
    slug: event.slug,
    description: event.description,
    start_date: event.startDate,
    end_date: event.endDate,
    broadcaster: broadcaster ? call.abs(`/rest/broadcasters/${broadcaster.slug}/`) : null,
    type: call.abs(`/rest/types/${event.type}/`),
    is_draft: event.isDraft,
    is_restricted: event.isRestricted,
    is_auto_start: event.isAutoStart,
    videos: [],
    thumbnail: null,
    video_on_hold: null,
    enable_transcription: event.enableTranscription,
  };
}

function eventSlug(id: number, title: string): string {
  return `${String(id).padStart(4, '0')}-${slugify(title)}`;
}

/** Validates an event body like DRF's ModelSerializer (partial for PATCH) and applies it. */
function applyEvent(state: PodState, data: LiveData, reader: InputReader, target: EventRecord, partial: boolean): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);
  const present = (name: string) => reader.has(name);
  const required = (name: string) => {
    if (!partial && !present(name)) add(name, 'This field is required.');
  };

  required('title');
  if (present('title')) {
    const title = reader.value('title');
    if (typeof title !== 'string' || title.trim() === '') add('title', 'This field may not be blank.');
    else if (title.length > 250) add('title', 'Ensure this field has no more than 250 characters.');
    else target.title = title.trim();
  }
  required('owner');
  if (present('owner')) {
    const result = resolveHyperlink(reader.value('owner'), 'users', (key) => state.userById(Number(key)) !== undefined);
    if (result.ok) target.owner = result.id as number;
    else add('owner', result.message);
  }
  required('broadcaster');
  if (present('broadcaster')) {
    const result = resolveHyperlink(reader.value('broadcaster'), 'broadcasters', (key) => data.broadcasterBySlug(key) !== undefined, true);
    if (result.ok) target.broadcaster = data.broadcasterBySlug(result.id as string)!.id;
    else add('broadcaster', result.message);
  }
  if (present('type')) {
    const result = resolveHyperlink(reader.value('type'), 'types', (key) => state.types.some((type) => type.id === Number(key)));
    if (result.ok) target.type = result.id as number;
    else add('type', result.message);
  }
  for (const [field, key] of [['start_date', 'startDate'], ['end_date', 'endDate']] as const) {
    if (!present(field)) continue;
    const parsed = parseDatetime(reader.value(field));
    if (parsed === null) add(field, DATETIME_ERROR);
    else target[key] = parsed;
  }
  if (present('description')) {
    const description = reader.value('description');
    target.description = typeof description === 'string' ? description : '';
  }
  for (const [field, key] of [['is_draft', 'isDraft'], ['is_restricted', 'isRestricted'], ['is_auto_start', 'isAutoStart'], ['enable_transcription', 'enableTranscription']] as const) {
    if (!present(field)) continue;
    const parsed = parseBoolean(reader.value(field));
    if (parsed === null) add(field, 'Must be a valid boolean.');
    else target[key] = parsed;
  }
  return errors;
}

/** The live route module over `data` (seeded with building 3 and broadcaster `amphi-a`). */
export function liveRoutes(data: LiveData = new LiveData()): PodRouteModule & { data: LiveData } {
  return {
    name: 'live',
    data,
    prefixes: () => ['buildings', 'broadcasters', 'events'],
    routes: [
      {
        method: 'GET',
        path: /^\/rest\/buildings\/$/,
        handle: (call) => call.paginate([...data.buildings].sort((a, b) => a.name.localeCompare(b.name)), (building) => serializeBuilding(call, building)),
      },
      {
        method: 'GET',
        path: /^\/rest\/buildings\/(\d+)\/$/,
        handle: (call) => {
          const building = data.buildings.find((item) => item.id === Number(call.param(1)));
          if (!building) return call.notFound('Building');
          call.json(200, serializeBuilding(call, building));
        },
      },
      {
        method: 'GET',
        path: /^\/rest\/broadcasters\/$/,
        handle: (call) => {
          const buildingName = (id: number) => data.buildings.find((building) => building.id === id)?.name ?? '';
          // Ordered by building (its name, the model's ordering), then name.
          const sorted = [...data.broadcasters].sort((a, b) => buildingName(a.building).localeCompare(buildingName(b.building)) || a.name.localeCompare(b.name));
          call.paginate(sorted, (broadcaster) => serializeBroadcaster(call, broadcaster));
        },
      },
      {
        method: 'GET',
        path: /^\/rest\/broadcasters\/([-\w]+)\/$/,
        handle: (call) => {
          const broadcaster = data.broadcasterBySlug(call.param(1));
          if (!broadcaster) return call.notFound('Broadcaster');
          call.json(200, serializeBroadcaster(call, broadcaster));
        },
      },
      {
        method: 'PATCH',
        path: /^\/rest\/broadcasters\/([-\w]+)\/$/,
        handle: async (call) => {
          const input = await call.input();
          const broadcaster = data.broadcasterBySlug(call.param(1));
          if (!broadcaster) return call.notFound('Broadcaster');
          const reader = new InputReader(input);
          const errors: Record<string, string[]> = {};
          const next = { ...broadcaster };
          if (reader.has('status')) {
            const status = parseBoolean(reader.value('status'));
            if (status === null) errors.status = ['Must be a valid boolean.'];
            else next.status = status;
          }
          if (reader.has('is_restricted')) {
            const restricted = parseBoolean(reader.value('is_restricted'));
            if (restricted === null) errors.is_restricted = ['Must be a valid boolean.'];
            else next.isRestricted = restricted;
          }
          if (reader.has('description')) next.description = String(reader.value('description') ?? '');
          if (reader.has('broadcaster_url')) {
            const value = reader.value('broadcaster_url');
            if (typeof value !== 'string' || !/^https?:\/\/\S+$/.test(value)) errors.broadcaster_url = ['Enter a valid URL.'];
            else if (data.broadcasters.some((item) => item.id !== broadcaster.id && item.broadcasterUrl === value)) errors.broadcaster_url = ['Broadcaster with this URL already exists.'];
            else next.broadcasterUrl = value;
          }
          if (reader.has('name')) {
            const name = reader.value('name');
            if (typeof name !== 'string' || name.trim() === '') errors.name = ['This field may not be blank.'];
            else if (data.broadcasters.some((item) => item.id !== broadcaster.id && item.name === name)) errors.name = ['Broadcaster with this name already exists.'];
            else {
              next.name = name;
              next.slug = slugify(name); // read-only, recomputed on each save
            }
          }
          if (Object.keys(errors).length > 0) return call.fieldErrors(errors);
          Object.assign(broadcaster, next);
          call.json(200, serializeBroadcaster(call, broadcaster));
        },
      },
      {
        method: 'GET',
        path: /^\/rest\/events\/$/,
        handle: (call) => {
          const sorted = [...data.events].sort((a, b) => a.startDate.localeCompare(b.startDate));
          call.paginate(sorted, (event) => serializeEvent(call, data, event));
        },
      },
      {
        method: 'GET',
        path: /^\/rest\/events\/(\d+)\/$/,
        handle: (call) => {
          const event = data.events.find((item) => item.id === Number(call.param(1)));
          if (!event) return call.notFound('Event');
          call.json(200, serializeEvent(call, data, event));
        },
      },
      {
        method: 'POST',
        path: /^\/rest\/events\/$/,
        handle: async (call) => {
          const reader = new InputReader(await call.input());
          const now = new Date();
          const draft: EventRecord = {
            id: 0, title: '', slug: '', owner: 0, additionalOwners: [], description: '',
            startDate: isoOut(now), endDate: isoOut(new Date(now.getTime() + 3600_000)),
            broadcaster: 0, type: 1, isDraft: true, isRestricted: false, isAutoStart: false, enableTranscription: false,
          };
          const errors = applyEvent(call.state, data, reader, draft, false);
          if (Object.keys(errors).length > 0) return call.fieldErrors(errors);
          draft.id = data.nextEventId++;
          draft.slug = eventSlug(draft.id, draft.title);
          data.events.push(draft);
          call.json(201, serializeEvent(call, data, draft));
        },
      },
      {
        method: 'PATCH',
        path: /^\/rest\/events\/(\d+)\/$/,
        handle: async (call) => {
          const input = await call.input();
          const event = data.events.find((item) => item.id === Number(call.param(1)));
          if (!event) return call.notFound('Event');
          const next = { ...event };
          const errors = applyEvent(call.state, data, new InputReader(input), next, true);
          if (Object.keys(errors).length > 0) return call.fieldErrors(errors);
          next.slug = eventSlug(next.id, next.title);
          Object.assign(event, next);
          call.json(200, serializeEvent(call, data, event));
        },
      },
      {
        method: 'DELETE',
        path: /^\/rest\/events\/(\d+)\/$/,
        handle: (call) => {
          const index = data.events.findIndex((item) => item.id === Number(call.param(1)));
          if (index < 0) return call.notFound('Event');
          data.events.splice(index, 1);
          call.send(204, '', 'application/json');
        },
      },
    ],
  };
}
