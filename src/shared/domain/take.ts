// Runs everywhere (shared, pure). A take is one recording of one grain; a grain keeps every take.
import type { BackgroundEffect } from './background';

export type TakeState = 'recording' | 'interrupted' | 'complete' | 'ready' | 'failed';

export type TakeEventType = 'start' | 'next_slide' | 'prev_slide' | 'next_sentence' | 'prev_sentence' | 'pause' | 'resume' | 'end';

/**
 * One moment of a take's timeline. `atMs` is on the MEDIA clock (time in the recorded file:
 * paused spans are removed, as MediaRecorder removes them), so the montage can cut on it directly.
 */
export interface TakeEvent {
  type: TakeEventType;
  atMs: number;
  /** 0-based index of the slide inside the grain, after the event. */
  slideIndex: number;
  /** 0-based index of the prompter sentence inside that slide, after the event. */
  sentenceIndex: number;
}

/**
 * The screen recorded beside the camera in a screen grain's take: a second WebM file written chunk
 * by chunk like the camera's, remuxed and probed by the same job. Its media time starts with the take's.
 */
export interface TakeScreenTrack {
  /** Opaque media reference (`screen/<takeId>`). */
  media: string;
  /** Absolute path (main side only). */
  path: string;
  bytes: number;
  durationMs: number | null;
  width: number | null;
  height: number | null;
}

/** The virtual background a take was recorded with, and whether the montage applies it (undoable). */
export interface TakeBackground {
  effect: BackgroundEffect;
  applied: boolean;
}

export interface Take {
  id: string;
  grainId: string;
  capsuleId: string;
  attempt: number;
  state: TakeState;
  mime: string;
  /** Absolute path of the take's media file (main side only). */
  path: string;
  media: string;
  bytes: number;
  durationMs: number | null;
  /** Time the recorder measured (wall clock minus pauses), to compare with the file's duration. */
  recordedMs: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
  width: number | null;
  height: number | null;
  /** Whether the file holds an audio / a video stream (null until probed). An audio-only take has no video. */
  hasAudio: boolean | null;
  hasVideo: boolean | null;
  events: TakeEvent[];
  error: string | null;
  /**
   * 'pending': the take was interrupted (crash, disconnect, full disk), repaired, and waits for the
   * user to keep or discard it; 'kept': the user kept it; null: an ordinary take.
   */
  recovery: 'pending' | 'kept' | null;
  /**
   * Virtual background (issue #15): the camera file (`path`) stays as filmed; the picture with the
   * effect, made live in the renderer, is this second file, and `background` the effect chosen. The
   * montage uses the processed picture unless the effect is turned off (setTakeBackground).
   */
  processed?: { media: string; path: string; bytes: number } | null;
  background?: TakeBackground | null;
  /** The screen recorded with this take (screen grains); missing or null for a camera-only take. */
  screen?: TakeScreenTrack | null;
  createdAt: string;
  isActive: boolean;
  /** Whether the take's pen strokes are shown in its preview and in the video (issue 15). */
  inkShown?: boolean;
}
