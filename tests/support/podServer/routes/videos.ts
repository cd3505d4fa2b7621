// Runs in Node (test tooling). Fake Pod videos: multipart create and PATCH (DRF validation texts of
// https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py, https://www.django-rest-framework.org/api-guide/exceptions/), launch_encode_view and an encoding that moves one step per poll (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video_encode_transcript/rest_views.py, https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video_encode_transcript/encode.py),
// user_videos (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py), encoded files, and the 4.x read bugs (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py) behind knobs. Title and description
// live in one column per language (modeltranslation): a request writes, searches and reads its own language's.
import { InputReader, parseBoolean, resolveHyperlink, type RouteCall } from '../call';
import type { PodRouteModule } from '../server';
import { CURSUS, LANGUAGES, LICENCES, localized, slugify, videoSlug, type PodState, type VideoRecord } from '../state';
import type { PodLanguage } from '../i18n';
import type { StoredFile } from '../multipart';

const TERMINAL = 100;

const STEPS = ['0: start', '1: remove old data', '2: start standard encoding', '3: store encoding info', '0: end of encoding'];

function hhmmss(seconds: number): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}

/** A 4.x video with at least one tagulous tag (one added in the web UI, or all of them by knob). */
export function videoIsTagged(state: PodState, video: VideoRecord): boolean {
  return !state.isV3 && (state.knobs.videoHasTags || video.tagNames.length > 0);
}

/** True when reading this video through VideoSerializer crashes on the real 4.x (tags, or thumbnail without podfile). */
export function detailIsBroken(state: PodState, video: VideoRecord): boolean {
  if (state.isV3) return false;
  return videoIsTagged(state, video) || (!state.knobs.usePodfile && video.thumbnail !== null);
}

/** Thrown while serializing a page that holds a video VideoSerializer cannot read: the whole answer is a 500. */
export class SerializerCrash extends Error {}

/** The title and description a request reads: its language's column, with modeltranslation's fallbacks. */
export function videoTitle(video: VideoRecord, language: PodLanguage): string {
  return localized(video.title, { fr: video.titleFr, en: video.titleEn }, language);
}

export function videoDescription(video: VideoRecord, language: PodLanguage): string {
  return localized(video.description, { fr: video.descriptionFr, en: video.descriptionEn }, language);
}

/** Writes the title/description columns of the request's language (and the original column, as modeltranslation does). */
function writeTranslated(video: VideoRecord, language: PodLanguage, title: string | undefined, description: string | undefined): void {
  if (title !== undefined) {
    video.title = title;
    if (language === 'fr') video.titleFr = title;
    else video.titleEn = title;
  }
  if (description !== undefined) {
    video.description = description;
    if (language === 'fr') video.descriptionFr = description;
    else video.descriptionEn = description;
  }
}

/**
 * One poll of a video: the simulated encoder moves on after `pollsPerStep` polls, or, with the
 * `stepEveryMs` knob, by the time elapsed since the launch.
 */
export function pollEncoding(state: PodState, video: VideoRecord): void {
  if (state.knobs.stepEveryMs !== null) {
    const due = state.knobs.stepEveryMs <= 0 ? Number.POSITIVE_INFINITY : Math.floor((Date.now() - video.launchedAt) / state.knobs.stepEveryMs);
    while (video.encodingIndex >= 0 && video.encodingIndex < TERMINAL && video.encodingIndex < due && advanceEncoding(state, video)) {
      // each pass moves one step
    }
    return;
  }
  if (video.encodingIndex < 0 || video.encodingIndex >= TERMINAL || video.encoderDead) return;
  video.pollsAtStep += 1;
  if (video.pollsAtStep < state.knobs.pollsPerStep) return;
  video.pollsAtStep = 0;
  advanceEncoding(state, video);
}

/** Moves one encoding step; false when the encoder is stuck. */
function advanceEncoding(state: PodState, video: VideoRecord): boolean {
  if (video.encoderDead) return false;
  if (state.knobs.encoding === 'stuck' && video.encodingIndex === 2) return false;
  const next = video.encodingIndex + 1;
  if (state.knobs.encoding === 'failWrongPath' && next === 1) {
    // The source is missing: the flag was already set and is never reset (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video_encode_transcript/encode.py).
    video.encodingStep = `-1: Wrong file or path:\n/var/pod/media/videos/${state.userById(video.owner)?.hashkey ?? 'x'}/${video.file.filename}`;
    video.encodingIndex = TERMINAL;
    return true;
  }
  if (state.knobs.encoding === 'fail' && next === 2) {
    video.encodingStep = `-1: Error during video \`${video.id}\` encoding. See log at:\nhttp://pod.localhost:8000/media/videos/${video.id}/encoding.log`;
    video.encodingInProgress = false;
    video.encodingIndex = TERMINAL;
    return true;
  }
  video.encodingIndex = next;
  video.encodingStep = STEPS[next] ?? '';
  if (next === 1) video.encoded = false;
  if (next === 3) {
    video.encodingInProgress = false;
    video.encoded = true;
    video.duration = state.knobs.encodedDuration;
    video.thumbnail = state.nextId('image');
  }
  if (next === 4) video.encodingIndex = TERMINAL;
  return true;
}

export function serializeVideo(call: RouteCall, video: VideoRecord) {
  if (detailIsBroken(call.state, video)) throw new SerializerCrash(`video ${video.id}`);
  const owner = call.state.userById(video.owner);
  return {
    id: video.id,
    url: call.abs(`/rest/videos/${video.id}/`),
    video: call.abs(`/media/videos/${owner?.hashkey ?? 'x'}/${video.file.filename}`),
    title: videoTitle(video, call.language),
    slug: video.slug,
    description: videoDescription(video, call.language),
    allow_downloading: video.allowDownloading,
    is_360: video.is360,
    owner: call.abs(`/rest/users/${video.owner}/`),
    additional_owners: video.additionalOwners.map((id) => call.abs(`/rest/users/${id}/`)),
    date_added: video.dateAdded,
    date_evt: video.dateEvt,
    cursus: video.cursus,
    main_lang: video.mainLang,
    is_draft: video.isDraft,
    is_restricted: video.isRestricted,
    restrict_access_to_groups: [],
    password: video.password,
    tags: call.state.isV3 ? video.tags : [],
    thumbnail: video.thumbnail === null ? null : call.abs(`/rest/images/${video.thumbnail}/`),
    type: call.abs(`/rest/types/${video.type}/`),
    discipline: video.disciplines.map((id) => call.abs(`/rest/discipline/${id}/`)),
    channel: video.channels.map((id) => call.abs(`/rest/channels/${id}/`)),
    theme: video.themes.map((id) => call.abs(`/rest/themes/${id}/`)),
    licence: video.licence,
    encoding_in_progress: video.encodingInProgress,
    duration: video.duration,
    sites: video.sites.map((id) => call.abs(`/rest/sites/${id}/`)),
    disable_comment: video.disableComment,
    get_encoding_step: video.encodingStep,
    get_version: 'O',
    encoded: video.encoded,
    duration_in_time: hhmmss(video.duration),
  };
}

function serializeUserVideo(call: RouteCall, video: VideoRecord) {
  const owner = call.state.userById(video.owner);
  const type = call.state.types.find((item) => item.id === video.type);
  const host = new URL(call.base).host;
  const files = video.encoded
    ? {
        mp4: call.state.renditions.map((rendition, index) => ({
          id: 5000 + video.id * 10 + index,
          type: 'video/mp4',
          src: call.abs(`/media/videos/${owner?.hashkey ?? 'x'}/${video.id}/video_${video.id}_${rendition.resolution.split('x')[1]}.mp4`),
          height: Number(rendition.resolution.split('x')[1]),
          extension: '.mp4',
          label: `${rendition.resolution.split('x')[1]}p`,
        })),
      }
    : '';
  return {
    id: video.id,
    url: call.abs(`/rest/videos/${video.id}/`),
    get_version: 'O',
    type: video.type,
    date_added: video.dateAdded,
    is_draft: video.isDraft,
    is_restricted: video.isRestricted,
    encoding_in_progress: video.encodingInProgress,
    encoded: video.encoded,
    video_data: {
      id: video.id,
      title: videoTitle(video, call.language),
      owner: owner?.username ?? '',
      owner_full_name: owner ? `${owner.firstName} ${owner.lastName}` : '',
      date_added: video.dateAdded.slice(0, 19),
      date_evt: video.dateEvt ? `${video.dateEvt}T00:00:00` : null,
      description: videoDescription(video, call.language),
      thumbnail: `//${host}/media/cache/thumb-${video.id}.jpg`,
      duration: String(video.duration),
      // get_json_to_index lists tag names and slugs: the way to see tags while VideoSerializer 500s (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py).
      tags: videoIsTagged(call.state, video) ? (video.tagNames.length > 0 ? video.tagNames : ['tag']).map((name) => ({ name, slug: slugify(name) })) : [],
      type: { title: type ? localized(type.title, type.titles ?? {}, call.language) : '', slug: type?.slug ?? '' },
      disciplines: video.disciplines.map((id) => call.state.disciplines.find((item) => item.id === id)).map((item) => ({ title: item?.title, slug: item?.slug })),
      channels: [],
      themes: [],
      contributors: [],
      chapters: call.state.chapters.filter((chapter) => chapter.video === video.id).map((chapter) => ({ title: chapter.title, time_start: chapter.timeStart })),
      overlays: [],
      full_url: `//${host}/video/${video.slug}/`,
      is_restricted: video.isRestricted,
      password: video.password !== '', // Pod's quirk: null counts as "has a password"
      duration_in_time: hhmmss(video.duration),
      mediatype: 'video',
      cursus: CURSUS.find(([value]) => value === video.cursus)?.[1] ?? '',
      main_lang: LANGUAGES.find(([value]) => value === video.mainLang)?.[1] ?? '',
      encoded: video.encoded,
      encoding_in_progress: video.encodingInProgress,
      get_encoding_step: video.encodingStep,
      video_files: files,
    },
  };
}

type Values = Partial<Omit<VideoRecord, 'file'>> & { file?: StoredFile };

/** DRF validation of VideoSerializer: every field's exact message; `partial` for PATCH. */
function validateVideo(call: RouteCall, reader: InputReader, partial: boolean): { errors: Record<string, string[]>; values: Values } {
  const state = call.state;
  const errors: Record<string, string[]> = {};
  const values: Values = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);
  const present = (name: string) => reader.has(name);

  const file = reader.file('video');
  if (file === undefined) {
    if (!partial) add('video', 'No file was submitted.');
  } else if (file === 'not_a_file') add('video', 'The submitted data was not a file. Check the encoding type on the form.');
  else if (file.size === 0) add('video', 'The submitted file is empty.');
  else values.file = file;

  if (present('title')) {
    const title = reader.value('title');
    if (typeof title !== 'string') add('title', 'Not a valid string.');
    else if (title.trim() === '') add('title', 'This field may not be blank.');
    else if (title.length > 250) add('title', 'Ensure this field has no more than 250 characters.');
    else values.title = title.trim();
  } else if (!partial) add('title', 'This field is required.');

  if (present('description')) values.description = String(reader.value('description') ?? '');

  for (const [field, key] of [
    ['allow_downloading', 'allowDownloading'],
    ['is_360', 'is360'],
    ['is_draft', 'isDraft'],
    ['is_restricted', 'isRestricted'],
    ['disable_comment', 'disableComment'],
  ] as const) {
    if (!present(field)) continue;
    const parsed = parseBoolean(reader.value(field));
    if (parsed === null) add(field, 'Must be a valid boolean.');
    else values[key] = parsed;
  }

  const single = (field: string, route: string, exists: (id: number) => boolean, required: boolean): number | undefined => {
    if (!present(field)) {
      if (required && !partial) add(field, 'This field is required.');
      return undefined;
    }
    const result = resolveHyperlink(reader.value(field), route, (key) => exists(Number(key)));
    if (!result.ok) {
      add(field, result.message);
      return undefined;
    }
    return result.id as number;
  };
  const many = (field: string, route: string, exists: (id: number) => boolean, allowEmpty: boolean): number[] | undefined => {
    const list = reader.list(field);
    if (list === undefined || (reader.input.kind === 'form' && partial && !present(field))) {
      if (!allowEmpty && !partial) add(field, reader.input.kind === 'json' ? 'This field is required.' : 'This list may not be empty.');
      return undefined;
    }
    const items = list.filter((item) => item !== '');
    if (items.length === 0 && !allowEmpty) {
      add(field, 'This list may not be empty.');
      return undefined;
    }
    const ids: number[] = [];
    for (const item of items) {
      const result = resolveHyperlink(item, route, (key) => exists(Number(key)));
      if (!result.ok) add(field, result.message);
      else ids.push(result.id as number);
    }
    return ids;
  };

  values.owner = single('owner', 'users', (id) => !!state.userById(id), true);
  values.type = single('type', 'types', (id) => state.types.some((item) => item.id === id), true);
  values.additionalOwners = many('additional_owners', 'users', (id) => !!state.userById(id), true);
  values.disciplines = many('discipline', 'discipline', (id) => state.disciplines.some((item) => item.id === id), true);
  values.channels = many('channel', 'channels', (id) => state.channels.some((item) => item.id === id), true);
  values.themes = many('theme', 'themes', (id) => state.themes.some((item) => item.id === id), true);
  values.sites = many('sites', 'sites', (id) => state.sites.some((item) => item.id === id), false);

  if (present('date_evt')) {
    const raw = reader.value('date_evt');
    if (raw === '' || raw === null) values.dateEvt = null;
    else if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(raw))) add('date_evt', 'Date has wrong format. Use one of these formats instead: YYYY-MM-DD.');
    else values.dateEvt = raw;
  }
  const choice = (field: string, choices: [string, string][], nullable: boolean): string | null | undefined => {
    if (!present(field)) return undefined;
    const raw = reader.value(field);
    if ((raw === '' || raw === null) && nullable) return null;
    if (typeof raw !== 'string' || !choices.some(([value]) => value === raw)) {
      add(field, `"${String(raw)}" is not a valid choice.`);
      return undefined;
    }
    return raw;
  };
  const cursus = choice('cursus', CURSUS, false);
  if (typeof cursus === 'string') values.cursus = cursus;
  const mainLang = choice('main_lang', LANGUAGES, false);
  if (typeof mainLang === 'string') values.mainLang = mainLang;
  const licence = choice('licence', LICENCES, true);
  if (licence !== undefined) values.licence = licence;

  if (present('thumbnail')) {
    // A nullable hyperlink to a podfile image (only routed with USE_PODFILE).
    const raw = reader.value('thumbnail');
    if (raw === null || raw === '') values.thumbnail = null;
    else {
      const exists = (id: number) => state.knobs.usePodfile && (state.images.some((image) => image.id === id) || state.videos.some((video) => video.thumbnail === id));
      const result = resolveHyperlink(raw, 'images', (key) => exists(Number(key)));
      if (result.ok) values.thumbnail = result.id as number;
      else add('thumbnail', result.message);
    }
  }

  if (present('password')) {
    const password = reader.value('password');
    if (password === null || password === '') values.password = null;
    else if (typeof password !== 'string' || password.length > 50) add('password', 'Ensure this field has no more than 50 characters.');
    else values.password = password;
  }
  if (present('tags')) {
    if (state.isV3) values.tags = String(reader.value('tags') ?? '');
    else {
      const tags = (reader.list('tags') ?? []).filter((item) => item !== '');
      if (tags.length > 0) add('tags', 'Invalid hyperlink - No URL match.');
    }
  }
  return { errors, values };
}

function findVideo(call: RouteCall): VideoRecord | undefined {
  return call.state.videos.find((video) => video.id === Number(call.param(1)));
}

export const videoRoutes: PodRouteModule = {
  name: 'videos',
  routes: [
    {
      method: 'OPTIONS',
      path: /^\/rest\/videos\/$/,
      handle: (call) => {
        const choice = (list: [string, string][]) => list.map(([value, display_name]) => ({ value, display_name }));
        const field = (type: string, required: boolean, label: string, extra: Record<string, unknown> = {}) => ({ type, required, read_only: false, label, ...extra });
        call.json(200, {
          name: 'Video List',
          description: '',
          renders: ['application/json', 'text/html'],
          parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
          actions: {
            POST: {
              id: { type: 'integer', required: false, read_only: true, label: 'ID' },
              video: field('file', true, 'Video'),
              title: field('string', true, 'Title', { max_length: 250 }),
              owner: field('field', true, 'Owner'),
              sites: field('field', true, 'Sites'),
              type: field('field', true, 'Type'),
              is_draft: field('boolean', false, 'Draft'),
              licence: field('choice', false, 'Licence', { choices: choice(LICENCES) }),
              main_lang: field('choice', false, 'Main language', { choices: choice(LANGUAGES) }),
              cursus: field('choice', false, 'University course', { choices: choice(CURSUS) }),
              encoding_in_progress: { type: 'boolean', required: false, read_only: true, label: 'Encoding in progress' },
            },
          },
        });
      },
    },
    {
      method: 'GET',
      path: /^\/rest\/videos\/$/,
      handle: (call) => {
        const params = call.url.searchParams;
        const videos = call.state.videos
          .filter((video) => params.get('owner') === null || video.owner === Number(params.get('owner')))
          .filter((video) => params.get('type') === null || video.type === Number(params.get('type')))
          .filter((video) => params.get('is_draft') === null || video.isDraft === parseBoolean(params.get('is_draft')))
          .filter((video) => params.get('encoding_in_progress') === null || video.encodingInProgress === parseBoolean(params.get('encoding_in_progress')))
          .sort((a, b) => b.dateAdded.localeCompare(a.dateAdded) || b.id - a.id);
        for (const video of videos) pollEncoding(call.state, video);
        // One tagged video on the page and the whole list is a 500 (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py).
        try {
          call.paginate(videos, (video) => serializeVideo(call, video));
        } catch (error) {
          if (!(error instanceof SerializerCrash)) throw error;
          call.serverErrorHtml();
        }
      },
    },
    {
      method: 'POST',
      path: /^\/rest\/videos\/$/,
      handle: async (call) => {
        const input = await call.input();
        const { errors, values } = validateVideo(call, new InputReader(input), false);
        if (Object.keys(errors).length > 0) {
          call.fieldErrors(errors);
          return;
        }
        const state = call.state;
        const id = state.nextId('video');
        const file = values.file!;
        const video: VideoRecord = {
          id,
          title: '',
          titleFr: null,
          titleEn: null,
          slug: videoSlug(id, values.title!),
          description: '',
          descriptionFr: null,
          descriptionEn: null,
          owner: values.owner!,
          additionalOwners: values.additionalOwners ?? [],
          dateAdded: new Date().toISOString(),
          dateEvt: values.dateEvt === undefined ? new Date().toISOString().slice(0, 10) : values.dateEvt,
          cursus: values.cursus ?? '0',
          mainLang: values.mainLang ?? state.knobs.languageCode, // default=get_language() at import: LANGUAGE_CODE
          // DRF reads a boolean missing from a form body as false (html.is_html_input → default_empty_html), so a
          // multipart create without is_draft is public; a JSON body without it gets the model default, true (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py).
          isDraft: values.isDraft ?? (input.kind === 'json'),
          isRestricted: values.isRestricted ?? false,
          password: values.password ?? null,
          type: values.type!,
          disciplines: values.disciplines ?? [],
          channels: values.channels ?? [],
          themes: values.themes ?? [],
          licence: values.licence ?? null,
          sites: values.sites ?? [],
          allowDownloading: values.allowDownloading ?? false,
          disableComment: values.disableComment ?? false,
          is360: values.is360 ?? false,
          tags: values.tags ?? '',
          tagNames: [],
          file,
          fileHistory: [file],
          encodingInProgress: false,
          encoded: false,
          encodingStep: '',
          encodingIndex: -1,
          pollsAtStep: 0,
          launches: 0,
          launchedAt: 0,
          encoderDead: false,
          duration: 0,
          thumbnail: values.thumbnail ?? null,
        };
        writeTranslated(video, call.language, values.title, values.description ?? '');
        state.videos.push(video);
        call.json(201, serializeVideo(call, video), { Location: call.abs(`/rest/videos/${id}/`) });
      },
    },
    {
      method: 'GET',
      path: /^\/rest\/videos\/user_videos\/$/,
      handle: (call) => {
        const params = call.url.searchParams;
        // filter(owner__username=…): without `username` nothing matches (an empty page, not a 400), and
        // additional owners do not count.
        const username = params.get('username');
        const owner = call.state.users.find((user) => user.username === username);
        const search = (params.get('search_title') ?? '').toLowerCase();
        // title__icontains is rewritten by modeltranslation to the request language's column, without fallback (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py).
        const column = (video: VideoRecord) => (call.language === 'fr' ? video.titleFr : video.titleEn) ?? '';
        const videos = call.state.videos
          .filter((video) => owner !== undefined && video.owner === owner.id)
          .filter((video) => search === '' || column(video).toLowerCase().includes(search))
          .filter((video) => params.get('encoded') !== 'true' || video.encoded)
          .sort((a, b) => b.dateAdded.localeCompare(a.dateAdded) || b.id - a.id);
        for (const video of videos) pollEncoding(call.state, video);
        // `extensions=mp4,m4a` keeps only those kinds of files in video_files.
        const extensions = params.get('extensions')?.split(',').map((item) => item.trim().replace(/^\./, ''));
        call.paginate(videos, (video) => {
          const item = serializeUserVideo(call, video);
          const files = item.video_data.video_files;
          if (extensions && typeof files === 'object') item.video_data.video_files = Object.fromEntries(Object.entries(files).filter(([kind]) => extensions.includes(kind))) as typeof files;
          return item;
        });
      },
    },
    {
      method: 'GET',
      path: /^\/rest\/videos\/(\d+)\/$/,
      handle: (call) => {
        const video = findVideo(call);
        if (!video) return call.notFound();
        pollEncoding(call.state, video);
        if (detailIsBroken(call.state, video)) return call.serverErrorHtml();
        call.json(200, serializeVideo(call, video));
      },
    },
    {
      method: 'PATCH',
      path: /^\/rest\/videos\/(\d+)\/$/,
      handle: async (call) => {
        const video = findVideo(call);
        if (!video) {
          call.req.resume();
          return call.notFound();
        }
        const { errors, values } = validateVideo(call, new InputReader(await call.input()), true);
        if (Object.keys(errors).length > 0) return call.fieldErrors(errors);
        const { file, title, description, ...rest } = values;
        for (const [key, value] of Object.entries(rest)) if (value !== undefined) (video as unknown as Record<string, unknown>)[key] = value;
        writeTranslated(video, call.language, title, description);
        if (file) {
          // The new source is stored beside the old one (which stays on disk), and nothing else changes: REST sets no
          // launch_encode, and encoding_in_progress is read-only, so a dead encoding stays dead (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video_encode_transcript/rest_views.py, https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video_encode_transcript/encode.py).
          video.file = file;
          video.fileHistory.push(file);
        }
        video.slug = videoSlug(video.id, videoTitle(video, call.language)); // recomputed on every save
        // The change is saved before the answer is serialized: with tags, Pod stores it and still answers 500.
        if (detailIsBroken(call.state, video)) return call.serverErrorHtml();
        call.json(200, serializeVideo(call, video));
      },
    },
    {
      method: 'DELETE',
      path: /^\/rest\/videos\/(\d+)\/$/,
      handle: (call) => {
        const video = findVideo(call);
        if (!video) return call.notFound();
        const state = call.state;
        state.videos = state.videos.filter((item) => item !== video);
        // Cascades of the ForeignKeys to Video (chapters, tracks); podfile files stay.
        state.chapters = state.chapters.filter((chapter) => chapter.video !== video.id);
        state.tracks = state.tracks.filter((track) => track.video !== video.id);
        for (const playlist of state.playlists) playlist.videos = playlist.videos.filter((id) => id !== video.id);
        call.res.writeHead(204, { 'Content-Language': call.language });
        call.res.end();
      },
    },
    {
      method: 'GET',
      path: /^\/rest\/launch_encode_view\/$/,
      handle: (call) => {
        const slug = call.url.searchParams.get('slug');
        const video = call.state.videos.find((item) => item.slug === slug);
        if (!video) return call.notFound();
        // Started before the answer is serialized: with tags the launch happens, then the 500 (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py). A dead
        // encoding (restart) keeps encoding_in_progress true, so this does nothing for it (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video_encode_transcript/encode.py).
        if (!video.encodingInProgress) {
          video.encodingInProgress = true;
          video.encodingIndex = 0;
          video.encodingStep = STEPS[0]!;
          video.pollsAtStep = 0;
          video.launchedAt = Date.now();
          video.launches += 1;
        }
        if (detailIsBroken(call.state, video)) return call.serverErrorHtml();
        call.json(200, serializeVideo(call, video));
      },
    },
    {
      method: 'GET',
      path: /^\/rest\/encodings_video\/video_encodedfiles\/$/,
      handle: (call) => {
        const video = call.state.videos.find((item) => item.id === Number(call.url.searchParams.get('video')));
        const extension = (call.url.searchParams.get('extension') ?? '').toLowerCase();
        if (!video?.encoded || (extension !== '' && !'mp4'.endsWith(extension.replace(/^\./, '')))) return call.json(200, []);
        call.json(
          200,
          call.state.renditions.map((rendition, index) => ({
            id: 5000 + video.id * 10 + index,
            url: call.abs(`/rest/encodings_video/${5000 + video.id * 10 + index}/`),
            name: `${rendition.resolution.split('x')[1]}p`,
            video: call.abs(`/rest/videos/${video.id}/`),
            rendition: call.abs(`/rest/renditions/${rendition.id}/`),
            encoding_format: 'video/mp4',
            source_file: call.abs(`/media/videos/${video.id}/video_${video.id}_${rendition.resolution.split('x')[1]}.mp4`),
          })),
        );
      },
    },
  ],
};
