// Runs in Node (main side). Reading back a video Pod holds, through the endpoint that works on this
// server: the detail (VideoSerializer) first, `user_videos` when 4.x read bugs make the detail an HTML
// 500 (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py). Decisions about a video (replace, encoding, draft) rest on these re-reads.
import { StudioError, toErrorInfo } from '../../shared/errors';
import type { PodMetadata } from '../../shared/domain/pod';
import { plainTextOfDescription } from '../../shared/logic/podMetadata';
import { relationPath } from '../../shared/logic/podUrls';
import type { PodClient } from './podClient';
import { POD_ERROR } from './podErrors';
import type { EncodingSnapshot } from './encodingState';

export interface VideoDetailAnswer {
  id: number;
  slug: string;
  title?: string;
  description?: string;
  date_evt?: string | null;
  type?: string;
  discipline?: string[];
  channel?: string[];
  theme?: string[];
  licence?: string | null;
  main_lang?: string;
  is_draft?: boolean;
  is_restricted?: boolean;
  allow_downloading?: boolean;
  encoding_in_progress: boolean;
  encoded: boolean;
  get_encoding_step: string;
  duration: number;
}

export interface UserVideoAnswer {
  id: number;
  date_added: string;
  is_draft?: boolean;
  is_restricted?: boolean;
  encoding_in_progress: boolean;
  encoded: boolean;
  video_data: { title: string; description?: string; full_url?: string; duration?: string | number; get_encoding_step?: string };
}

export interface VideoState {
  snapshot: EncodingSnapshot;
  slug: string | null;
  duration: number;
  /** null when the endpoint read does not say. */
  isDraft: boolean | null;
  /** Pod's current metadata, as far as this read shows it. */
  values: Partial<PodMetadata>;
  /** The detail read failed with Pod's HTML 500 (4.x bugs): writes answer 500 too, after saving. */
  detailBroken: boolean;
}

export function slugFromFullUrl(fullUrl: string | undefined): string | null {
  const match = /\/video\/([^/]+)\/?$/.exec(fullUrl ?? '');
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

function fromDetail(video: VideoDetailAnswer): VideoState {
  const values: Partial<PodMetadata> = {};
  if (typeof video.title === 'string') values.title = video.title;
  if (typeof video.description === 'string') values.description = plainTextOfDescription(video.description);
  if (video.date_evt !== undefined) values.dateEvt = video.date_evt ? video.date_evt.slice(0, 10) : null;
  if (typeof video.type === 'string') values.type = relationPath(video.type);
  if (Array.isArray(video.discipline)) values.disciplines = video.discipline.map(relationPath);
  if (Array.isArray(video.channel)) values.channels = video.channel.map(relationPath);
  if (Array.isArray(video.theme)) values.themes = video.theme.map(relationPath);
  if (video.licence !== undefined) values.licence = video.licence;
  if (typeof video.main_lang === 'string') values.mainLang = video.main_lang;
  if (typeof video.is_draft === 'boolean') values.isDraft = video.is_draft;
  if (typeof video.is_restricted === 'boolean') values.isRestricted = video.is_restricted;
  if (typeof video.allow_downloading === 'boolean') values.allowDownloading = video.allow_downloading;
  return {
    snapshot: { inProgress: !!video.encoding_in_progress, encoded: !!video.encoded, step: String(video.get_encoding_step ?? '') },
    slug: video.slug ?? null,
    duration: Number(video.duration) || 0,
    isDraft: typeof video.is_draft === 'boolean' ? video.is_draft : null,
    values,
    detailBroken: false,
  };
}

/** The owner's video `id` in `user_videos`: first with the title as a filter, then every page (the title may have changed on Pod). */
export async function findUserVideo(client: PodClient, username: string, id: number, titleHint: string | null, signal?: AbortSignal): Promise<UserVideoAnswer | null> {
  const what = 'reading the video state';
  if (titleHint) {
    const matching = await client.listAll<UserVideoAnswer>('/rest/videos/user_videos/', what, { query: { username, search_title: titleHint }, signal });
    const found = matching.find((item) => item.id === id);
    if (found) return found;
  }
  return (await client.listAll<UserVideoAnswer>('/rest/videos/user_videos/', what, { query: { username }, signal })).find((item) => item.id === id) ?? null;
}

/**
 * Reads a video. `detailKnownBroken` skips the detail (already seen failing). A video that is gone is
 * POD_NOT_FOUND; other failures are thrown as they came.
 */
export async function readVideoState(client: PodClient, username: string, id: number, options: { titleHint: string | null; detailKnownBroken?: boolean; signal?: AbortSignal }): Promise<VideoState> {
  if (!options.detailKnownBroken) {
    try {
      return fromDetail(await client.get<VideoDetailAnswer>(`/rest/videos/${id}/`, 'reading the video', { signal: options.signal }));
    } catch (error) {
      // 4.x read bugs (tags, thumbnail without podfile) make the detail an HTML 500; user_videos still works (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py).
      if (toErrorInfo(error).code !== POD_ERROR.serverError) throw error;
    }
  }
  const video = await findUserVideo(client, username, id, options.titleHint, options.signal);
  if (!video) throw new StudioError(POD_ERROR.notFound, `The video ${id} is no longer on Pod (deleted?).`, { videoId: id });
  const values: Partial<PodMetadata> = { title: video.video_data.title };
  if (typeof video.video_data.description === 'string') values.description = plainTextOfDescription(video.video_data.description);
  if (typeof video.is_draft === 'boolean') values.isDraft = video.is_draft;
  if (typeof video.is_restricted === 'boolean') values.isRestricted = video.is_restricted;
  return {
    snapshot: { inProgress: !!video.encoding_in_progress, encoded: !!video.encoded, step: String(video.video_data?.get_encoding_step ?? '') },
    slug: slugFromFullUrl(video.video_data?.full_url),
    duration: Number(video.video_data?.duration ?? 0) || 0,
    isDraft: typeof video.is_draft === 'boolean' ? video.is_draft : null,
    values,
    detailBroken: true,
  };
}
