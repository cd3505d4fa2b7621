// Runs in Node (test tooling). Fake Pod chapters (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/chapter/rest_views.py) and caption tracks (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/completion/rest_views.py):
// integer seconds, unique (title, time_start, video), no `?video=` filter on chapters; tracks need podfile files.
import { InputReader, resolveHyperlink, type RouteCall } from '../call';
import type { PodRouteModule } from '../server';
import type { ChapterRecord, TrackRecord } from '../state';

function serializeChapter(call: RouteCall, chapter: ChapterRecord) {
  return { id: chapter.id, url: call.abs(`/rest/chapters/${chapter.id}/`), video: call.abs(`/rest/videos/${chapter.video}/`), title: chapter.title, time_start: chapter.timeStart };
}

function serializeTrack(call: RouteCall, track: TrackRecord) {
  return { id: track.id, url: call.abs(`/rest/tracks/${track.id}/`), video: call.abs(`/rest/videos/${track.video}/`), kind: track.kind, lang: track.lang, src: call.abs(`/rest/files/${track.src}/`) };
}

export const completionRoutes: PodRouteModule = {
  name: 'completion',
  routes: [
    {
      method: 'GET',
      path: /^\/rest\/chapters\/$/,
      handle: (call) => call.paginate([...call.state.chapters].sort((a, b) => a.video - b.video || a.timeStart - b.timeStart), (chapter) => serializeChapter(call, chapter)),
    },
    {
      method: 'POST',
      path: /^\/rest\/chapters\/$/,
      handle: async (call) => {
        const reader = new InputReader(await call.input());
        const errors: Record<string, string[]> = {};
        const add = (field: string, message: string) => (errors[field] ??= []).push(message);
        let video: number | undefined;
        if (!reader.has('video')) add('video', 'This field is required.');
        else {
          const result = resolveHyperlink(reader.value('video'), 'videos', (key) => call.state.videos.some((item) => item.id === Number(key)));
          if (result.ok) video = result.id as number;
          else add('video', result.message);
        }
        const title = reader.value('title');
        if (title === undefined) add('title', 'This field is required.');
        else if (typeof title !== 'string' || title.trim() === '') add('title', 'This field may not be blank.');
        else if (title.length > 100) add('title', 'Ensure this field has no more than 100 characters.');
        const rawStart = reader.value('time_start');
        const timeStart = typeof rawStart === 'number' ? rawStart : typeof rawStart === 'string' && /^-?\d+$/.test(rawStart.trim()) ? Number(rawStart) : NaN;
        if (rawStart !== undefined && (!Number.isInteger(timeStart))) add('time_start', 'A valid integer is required.');
        else if (timeStart < 0) add('time_start', 'Ensure this value is greater than or equal to 0.');
        if (Object.keys(errors).length > 0) return call.fieldErrors(errors);
        const start = rawStart === undefined ? 0 : timeStart;
        if (call.state.chapters.some((chapter) => chapter.video === video && chapter.title === title && chapter.timeStart === start)) {
          return call.fieldErrors({ non_field_errors: ['The fields title, time_start, video must make a unique set.'] });
        }
        const chapter: ChapterRecord = { id: call.state.nextId('chapter'), video: video!, title: title as string, timeStart: start };
        call.state.chapters.push(chapter);
        call.json(201, serializeChapter(call, chapter));
      },
    },
    {
      method: 'DELETE',
      path: /^\/rest\/chapters\/(\d+)\/$/,
      handle: (call) => {
        const before = call.state.chapters.length;
        call.state.chapters = call.state.chapters.filter((chapter) => chapter.id !== Number(call.param(1)));
        if (call.state.chapters.length === before) return call.notFound('Chapter');
        call.res.writeHead(204);
        call.res.end();
      },
    },
    {
      method: 'GET',
      path: /^\/rest\/tracks\/$/,
      handle: (call) => {
        const video = call.url.searchParams.get('video');
        call.paginate(
          call.state.tracks.filter((track) => video === null || track.video === Number(video)),
          (track) => serializeTrack(call, track),
        );
      },
    },
    {
      method: 'POST',
      path: /^\/rest\/tracks\/$/,
      handle: async (call) => {
        const reader = new InputReader(await call.input());
        const errors: Record<string, string[]> = {};
        const add = (field: string, message: string) => (errors[field] ??= []).push(message);
        const link = (field: string, route: string, exists: (id: number) => boolean): number | undefined => {
          if (!reader.has(field)) {
            add(field, 'This field is required.');
            return undefined;
          }
          const result = resolveHyperlink(reader.value(field), route, (key) => exists(Number(key)));
          if (!result.ok) add(field, result.message);
          return result.ok ? (result.id as number) : undefined;
        };
        const video = link('video', 'videos', (id) => call.state.videos.some((item) => item.id === id));
        const src = link('src', 'files', (id) => call.state.knobs.usePodfile && call.state.files.some((item) => item.id === id));
        const kind = reader.value('kind') ?? 'subtitles';
        if (kind !== 'subtitles' && kind !== 'captions') add('kind', `"${String(kind)}" is not a valid choice.`);
        const lang = reader.value('lang') ?? 'fr';
        if (typeof lang !== 'string' || !/^[a-z]{2}$/.test(lang)) add('lang', `"${String(lang)}" is not a valid choice.`);
        if (Object.keys(errors).length > 0) return call.fieldErrors(errors);
        const track: TrackRecord = { id: call.state.nextId('track'), video: video!, kind: kind as string, lang: lang as string, src: src! };
        call.state.tracks.push(track);
        call.json(201, serializeTrack(call, track));
      },
    },
    {
      method: 'DELETE',
      path: /^\/rest\/tracks\/(\d+)\/$/,
      handle: (call) => {
        const before = call.state.tracks.length;
        call.state.tracks = call.state.tracks.filter((track) => track.id !== Number(call.param(1)));
        if (call.state.tracks.length === before) return call.notFound('Track');
        call.res.writeHead(204);
        call.res.end();
      },
    },
  ],
};
