// Runs in Node (main side). What Pod already holds for the migration: each owner's videos, read once per run
// through `user_videos` (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py), indexed by
// the BBB record ID marked in their description. This is how a rerun with a fresh library never uploads twice.
import { StudioError, toErrorInfo } from '../../shared/errors';
import { videoPageUrl } from '../../shared/logic/podUrls';
import type { PodClient } from '../pod/podClient';
import { resolveOwner } from '../pod/connectionTest';
import { POD_ERROR } from '../pod/podErrors';
import { slugFromFullUrl, type UserVideoAnswer } from '../pod/videoState';
import { markedRecordIds } from './marker';

export interface MigratedVideo {
  videoId: number;
  pageUrl: string;
  encoded: boolean;
  encodingInProgress: boolean;
  /** Pod's chapters of the video, null when the answer does not list them: every migrated recording gets at least one, last-but-one step of a publication. */
  chapterCount: number | null;
}

export interface PodOwner {
  username: string;
  /** `/rest/users/N/`, or null when Pod has no such account. */
  url: string | null;
  name: string | null;
}

export class PodVideoIndex {
  private readonly byOwner = new Map<string, Map<string, MigratedVideo>>();
  private readonly owners = new Map<string, PodOwner>();

  constructor(private readonly client: PodClient) {}

  /** Whether Pod has this account (asked once per username and run). A network failure is thrown, never read as "unknown". */
  async owner(username: string, signal?: AbortSignal): Promise<PodOwner> {
    const known = this.owners.get(username);
    if (known) return known;
    let owner: PodOwner;
    try {
      const found = await resolveOwner(this.client, username, signal);
      owner = { username, url: found.url, name: found.name };
    } catch (error) {
      if (toErrorInfo(error).code !== POD_ERROR.unknownUser) throw error;
      owner = { username, url: null, name: null };
    }
    this.owners.set(username, owner);
    return owner;
  }

  /** The owner's video that carries this record ID, if any (the oldest, should a person have copied the marker). */
  async find(username: string, recordId: string, signal?: AbortSignal): Promise<MigratedVideo | null> {
    return (await this.videosOf(username, signal)).get(recordId) ?? null;
  }

  /** A video this run published: later lookups see it without reading Pod again. */
  remember(username: string, recordId: string, video: MigratedVideo): void {
    this.byOwner.get(username)?.set(recordId, video);
  }

  private async videosOf(username: string, signal?: AbortSignal): Promise<Map<string, MigratedVideo>> {
    const cached = this.byOwner.get(username);
    if (cached) return cached;
    const list = await this.client.listAll<UserVideoAnswer>('/rest/videos/user_videos/', `listing the videos of ${username} on Pod`, { query: { username }, signal });
    const index = new Map<string, MigratedVideo>();
    for (const item of [...list].sort((a, b) => a.id - b.id)) {
      if (typeof item.id !== 'number' || !item.video_data) throw new StudioError(POD_ERROR.badResponse, `Pod listed a video of ${username} without its id or data.`);
      const slug = slugFromFullUrl(item.video_data.full_url) ?? String(item.id);
      const chapters = (item.video_data as { chapters?: unknown }).chapters;
      const video: MigratedVideo = {
        videoId: item.id,
        pageUrl: videoPageUrl(this.client.baseUrl, slug),
        encoded: !!item.encoded,
        encodingInProgress: !!item.encoding_in_progress,
        chapterCount: Array.isArray(chapters) ? chapters.length : null,
      };
      for (const recordId of markedRecordIds(item.video_data.description)) if (!index.has(recordId)) index.set(recordId, video);
    }
    this.byOwner.set(username, index);
    return index;
  }
}
