// Runs everywhere (shared, pure). StudioApi methods of the live panel: stream profiles, the program
// stream going to FFmpeg chunk by chunk, the stream's health, and Pod live (broadcasters and events).
import { v } from '../validate';
import { method } from './method';
import type {
  LiveHealth,
  LiveSessionInfo,
  LiveStopResult,
  PodBroadcaster,
  PodBuilding,
  PodLiveEvent,
  StreamProfile,
} from '../domain/live';

/** A program chunk is a fraction of a second to a second of 1080p WebM: 16 MB is far above it. */
export const MAX_LIVE_CHUNK_BYTES = 16 * 1024 * 1024;

const rtmpUrl = v.string({ min: 8, max: 2048 });

export const streamProfileInput = v.object({
  id: v.optional(v.id()),
  name: v.string({ min: 1, max: 200 }),
  serverUrl: v.string({ min: 8, max: 2048 }),
  streamKey: v.optional(v.string({ max: 1024 })),
  podProfileId: v.optional(v.nullable(v.id())),
  broadcasterSlug: v.optional(v.nullable(v.string({ max: 255 }))),
});

export const liveEncodingPatch = v.object({
  resolution: v.optional(v.oneOf('1280x720', '1920x1080')),
  fps: v.optional(v.number({ integer: true, min: 10, max: 60 })),
  videoKbps: v.optional(v.number({ integer: true, min: 300, max: 20_000 })),
  audioKbps: v.optional(v.number({ integer: true, min: 32, max: 320 })),
  audioSampleRate: v.optional(v.oneOf(44100, 48000)),
  keyframeSec: v.optional(v.number({ min: 0.5, max: 10 })),
});

export const startLiveRequest = v.object({
  /** Saved targets (their stream keys are read on the main side). */
  profileIds: v.optional(v.array(v.id(), { max: 8 })),
  /** One-off full RTMP URLs. */
  urls: v.optional(v.array(rtmpUrl, { max: 8 })),
  /** What MediaRecorder records, e.g. `video/webm;codecs=h264,opus`. */
  mime: v.string({ min: 1, max: 200 }),
  encoding: v.optional(liveEncodingPatch),
  /** Record the program locally; the recording becomes a capsule when the stream stops. */
  record: v.optional(v.boolean()),
  /** Title of that capsule. */
  title: v.optional(v.string({ max: 300 })),
});

export const podLiveEventInput = v.object({
  title: v.string({ max: 250 }),
  broadcasterSlug: v.string({ min: 1, max: 255 }),
  startDate: v.string({ min: 1, max: 64 }),
  endDate: v.string({ min: 1, max: 64 }),
  description: v.optional(v.string({ max: 10_000 })),
  isDraft: v.optional(v.boolean()),
  isRestricted: v.optional(v.boolean()),
  isAutoStart: v.optional(v.boolean()),
});

export const liveMethods = {
  listStreamProfiles: method<StreamProfile[]>()(),
  saveStreamProfile: method<StreamProfile>()(streamProfileInput),
  deleteStreamProfile: method<void>()(v.id()),

  /** Starts FFmpeg; the renderer then sends the program with `liveAppend` (chunks 0, 1, 2, …). */
  startLive: method<LiveSessionInfo>()(startLiveRequest),
  liveAppend: method<void>()(v.id(), v.number({ integer: true, min: 0 }), v.bytes({ max: MAX_LIVE_CHUNK_BYTES })),
  getLiveHealth: method<LiveHealth>()(v.id()),
  /** Ends the program stream; with a local recording, returns the capsule it became. */
  stopLive: method<LiveStopResult>()(v.id()),
  listLiveSessions: method<LiveSessionInfo[]>()(),

  listPodBuildings: method<PodBuilding[]>()(v.id()),
  listPodBroadcasters: method<PodBroadcaster[]>()(v.id()),
  setPodBroadcasterStatus: method<PodBroadcaster>()(v.id(), v.string({ min: 1, max: 255 }), v.boolean()),
  listPodLiveEvents: method<PodLiveEvent[]>()(v.id(), v.nullable(v.string({ min: 1, max: 255 }))),
  createPodLiveEvent: method<PodLiveEvent>()(v.id(), podLiveEventInput),
  endPodLiveEvent: method<PodLiveEvent>()(v.id(), v.number({ integer: true, min: 1 })),
};

export interface LiveEvents {
  /** About once a second while a stream runs, and once when it ends. */
  'live.health': LiveHealth;
}
