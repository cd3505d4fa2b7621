// Runs everywhere (shared, pure). The live model: stream profiles (RTMP targets), a live session and its
// health, and the Pod live resources (buildings, broadcasters, events) as the renderer and the CLI see them.

/** A saved RTMP target. The stream key stays on the main side, in the secret store. */
export interface StreamProfile {
  id: string;
  name: string;
  /** Server part of the RTMP URL, without the stream key: `rtmp://live.example.edu/live`. */
  serverUrl: string;
  /** True when a stream key is stored for this profile. */
  hasStreamKey: boolean;
  /** The Pod profile and broadcaster this target feeds, when it was filled from Pod. */
  podProfileId: string | null;
  broadcasterSlug: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface StreamProfileInput {
  id?: string;
  name: string;
  serverUrl: string;
  /** A new stream key; undefined keeps the stored one, an empty string removes it. */
  streamKey?: string;
  podProfileId?: string | null;
  broadcasterSlug?: string | null;
}

export type LiveResolution = '1280x720' | '1920x1080';

/** Encoding settings of the program output. Defaults are `DEFAULT_LIVE_ENCODING`. */
export interface LiveEncoding {
  resolution: LiveResolution;
  fps: number;
  videoKbps: number;
  audioKbps: number;
  audioSampleRate: 44100 | 48000;
  /** Seconds between keyframes (2 s is what HLS segmenters and platforms expect). */
  keyframeSec: number;
}

export const DEFAULT_LIVE_ENCODING: LiveEncoding = {
  resolution: '1280x720',
  fps: 25,
  videoKbps: 2500,
  audioKbps: 128,
  audioSampleRate: 48000,
  keyframeSec: 2,
};

/**
 * Where the stream stands, as the operator sees it:
 * - `connecting`: FFmpeg started, nothing confirmed yet;
 * - `live` (green): every target receives the stream;
 * - `reconnecting` (red): a target dropped; FFmpeg retries by itself;
 * - `refused` (red): the server answers but does not accept the stream (wrong application or key);
 * - `failed` (red): FFmpeg stopped on an error;
 * - `stopped`: the operator stopped the stream.
 */
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'refused' | 'failed' | 'stopped';

export interface LiveTargetHealth {
  /** The target's URL with its stream key masked. */
  url: string;
  state: 'connecting' | 'live' | 'reconnecting' | 'refused';
  reconnects: number;
  lastError: string | null;
}

export interface LiveHealth {
  sessionId: string;
  state: LiveState;
  /** True when the operator should look: red states. */
  alarm: boolean;
  /** Measured bitrate of the encoded program (video over the last seconds + audio), kbit/s; 0 while no target receives. */
  bitrateKbps: number;
  fps: number;
  /** Frames that never reached the server: dropped by FFmpeg or encoded while every target was down. */
  droppedFrames: number;
  /** How many times a target came back after a drop. */
  reconnects: number;
  uptimeSec: number;
  /** Encoding speed as a multiple of real time (below ~0.9 the machine cannot keep up). */
  speed: number | null;
  /** Bytes of program stream received from the renderer (or the CLI input). */
  inputBytes: number;
  targets: LiveTargetHealth[];
  /** Plain-language reason of a red state, for the health panel. */
  message: string | null;
  /** Error code of a failed session (stable, translated by the renderer). */
  errorCode: string | null;
}

export interface LiveSessionInfo {
  sessionId: string;
  startedAt: string;
  encoding: LiveEncoding;
  /** Target URLs with their stream keys masked. */
  targets: string[];
  recording: boolean;
  /** The mime type the program stream arrives in (renderer), or the CLI input description. */
  input: string;
}

export interface LiveStopResult {
  sessionId: string;
  health: LiveHealth;
  /** The capsule that holds the local recording, when one was made. */
  recordingCapsuleId: string | null;
}

// ------------------------------------------------------------------ Pod live (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/live/rest_views.py)

export interface PodBuilding {
  id: number;
  url: string;
  name: string;
}

export interface PodBroadcaster {
  id: number;
  url: string;
  name: string;
  slug: string;
  /** The building's API URL. */
  building: string;
  description: string;
  /** The playback URL (usually HLS), Pod's model field `url`. */
  broadcasterUrl: string;
  /** "Currently sending a stream": the live badge. */
  status: boolean;
  isRestricted: boolean;
  pilotingImplementation: string;
  /** An RTMP URL to push to, derived from Pod's configuration when it says enough; the operator may edit it. */
  suggestedRtmpUrl: string | null;
  /** Where the suggestion comes from. */
  rtmpUrlSource: 'piloting_conf' | 'broadcaster_url' | null;
}

export interface PodLiveEvent {
  id: number;
  url: string;
  title: string;
  slug: string;
  /** Broadcaster slug. */
  broadcaster: string | null;
  startDate: string;
  endDate: string;
  isDraft: boolean;
  isRestricted: boolean;
  isAutoStart: boolean;
  /** The public page of the event. */
  pageUrl: string;
}

export interface PodLiveEventInput {
  title: string;
  broadcasterSlug: string;
  /** ISO datetimes with an offset or `Z`. */
  startDate: string;
  endDate: string;
  description?: string;
  isDraft?: boolean;
  isRestricted?: boolean;
  isAutoStart?: boolean;
}
