// Runs everywhere (shared, pure). Rules of Pod live (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/live/rest_views.py): which RTMP URL feeds a broadcaster,
// what makes an event's dates acceptable, and the public pages of events and broadcasters.
import { StudioError } from '../errors';

export interface BroadcasterConfig {
  slug: string;
  /** The playback URL (`broadcaster_url`), usually `https://live.example.edu/hls/<name>.m3u8`. */
  broadcasterUrl: string;
  pilotingImplementation: string;
  /** Pod's `piloting_conf`: JSON as a string (Wowza: server_url, application, livestream). */
  pilotingConf: string;
}

export interface SuggestedRtmpUrl {
  url: string;
  source: 'piloting_conf' | 'broadcaster_url';
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  if (!text.trim()) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    // Pod stores whatever an administrator typed; an unreadable configuration simply suggests nothing.
    return null;
  }
}

/**
 * The RTMP URL an encoder pushes to, where Pod's data says it:
 * - a Wowza piloting configuration names the server, the application and the stream;
 * - otherwise Pod's documented set-up (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/live/rest_views.py) serves `https://<host>/hls/<name>.m3u8` from an nginx-rtmp
 *   `application live` on the same host, with the stream name equal to the broadcaster's slug.
 * Anything else (a player page, another layout) gives null: the operator types the URL.
 */
export function suggestRtmpUrl(broadcaster: BroadcasterConfig): SuggestedRtmpUrl | null {
  const conf = parseJsonObject(broadcaster.pilotingConf);
  if (conf && typeof conf.server_url === 'string' && typeof conf.application === 'string' && typeof conf.livestream === 'string') {
    try {
      const host = new URL(conf.server_url).hostname;
      if (host && conf.application && conf.livestream) return { url: `rtmp://${host}/${conf.application}/${conf.livestream}`, source: 'piloting_conf' };
    } catch {
      // Not a URL: fall through to the playback URL.
    }
  }
  try {
    const playback = new URL(broadcaster.broadcasterUrl);
    const match = /\/hls\/([^/]+?)(?:\/index)?\.m3u8$/.exec(playback.pathname);
    if (match?.[1]) return { url: `rtmp://${playback.hostname}/live/${match[1]}`, source: 'broadcaster_url' };
  } catch {
    return null;
  }
  return null;
}

export function eventPageUrl(baseUrl: string, eventSlug: string): string {
  return `${baseUrl}/live/event/${encodeURIComponent(eventSlug)}/`;
}

export function broadcasterPageUrl(baseUrl: string, broadcasterSlug: string): string {
  return `${baseUrl}/live/direct/${encodeURIComponent(broadcasterSlug)}/`;
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Pod's REST API checks only the format of an event's dates (its start-before-end rule lives in the web
 * form, https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/live/forms.py), so the client checks them: ISO with a zone (a time without one would be read in the
 * server's zone), a start before the end, an end not already past, and a length of at most 24 h.
 */
export function validateEventDates(startDate: string, endDate: string, nowMs: number): { start: Date; end: Date } {
  const bad = (field: 'startDate' | 'endDate', message: string) => new StudioError('LIVE_EVENT_DATES', message, { field });
  if (!ISO_WITH_ZONE.test(startDate) || Number.isNaN(Date.parse(startDate))) throw bad('startDate', 'The start date is not a date and time with a time zone (for example 2025-03-14T10:00:00+01:00).');
  if (!ISO_WITH_ZONE.test(endDate) || Number.isNaN(Date.parse(endDate))) throw bad('endDate', 'The end date is not a date and time with a time zone (for example 2025-03-14T11:30:00+01:00).');
  const start = new Date(startDate);
  const end = new Date(endDate);
  if (end.getTime() <= start.getTime()) throw bad('endDate', 'The event must end after it starts.');
  if (end.getTime() <= nowMs) throw bad('endDate', 'The end of the event is already past.');
  if (end.getTime() - start.getTime() > 24 * 3600 * 1000) throw bad('endDate', 'A live event lasts at most 24 hours.');
  return { start, end };
}
