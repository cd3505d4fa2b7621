// Runs everywhere (shared, pure). StudioApi methods of the recording studio: takes written chunk by
// chunk to disk as MediaRecorder delivers them, their events, their repair after a crash.
import { v } from '../validate';
import { method } from './method';
import type { Take } from '../domain/take';
import type { ChunkReceipt, RecordingPreferences, RecordingStatus } from '../domain/recording';
import { MAX_BACKDROP_LABEL } from '../domain/background';

/** One MediaRecorder chunk is about a second of media; 64 MB leaves room for 4K at high bitrates. */
export const MAX_CHUNK_BYTES = 64 * 1024 * 1024;

export const takeEventValidator = v.object({
  type: v.oneOf('start', 'next_slide', 'prev_slide', 'next_sentence', 'prev_sentence', 'pause', 'resume', 'end'),
  atMs: v.number({ min: 0, max: 24 * 3600 * 1000 }),
  slideIndex: v.number({ integer: true, min: 0, max: 10_000 }),
  sentenceIndex: v.number({ integer: true, min: 0, max: 100_000 }),
});

const takeEvents = v.array(takeEventValidator, { max: 100_000 });

const resolution = v.object({ width: v.number({ integer: true, min: 1, max: 16384 }), height: v.number({ integer: true, min: 1, max: 16384 }) });

export const recordingPreferencesPatch = v.object({
  videoDeviceId: v.optional(v.nullable(v.string({ max: 512 }))),
  audioDeviceId: v.optional(v.nullable(v.string({ max: 512 }))),
  mode: v.optional(v.oneOf('camera', 'camera_off', 'audio_only')),
  resolution: v.optional(v.nullable(resolution)),
  probedResolutions: v.optional(v.record(v.array(resolution, { max: 32 }))),
  mirrorPreview: v.optional(v.boolean()),
  countdown: v.optional(v.boolean()),
  beep: v.optional(v.boolean()),
  keepFirstTakeActive: v.optional(v.boolean()),
  prompter: v.optional(
    v.object({
      mode: v.optional(v.oneOf('lines', 'scroll')),
      fontSize: v.optional(v.number({ min: 8, max: 400 })),
      speed: v.optional(v.number({ min: 0, max: 2000 })),
      mirror: v.optional(v.boolean()),
    }),
  ),
});

export const recordingMethods = {
  /** Opens a new take (the next attempt) of a grain; `mime` is what MediaRecorder records. Once finished, it becomes the grain's active take (unless the `keepFirstTakeActive` preference is set). */
  beginTake: method<Take>()(v.id(), v.id(), v.string({ min: 1, max: 200 })),
  /**
   * Opens a new take of a screen grain (issue #15): like beginTake (`mime`: the camera's), plus a second
   * file for the screen, `screenMime` being what its MediaRecorder records; its chunks go to appendScreenChunk.
   */
  beginScreenTake: method<Take>()(v.id(), v.id(), v.string({ min: 1, max: 200 }), v.string({ min: 1, max: 200 })),
  /** Appends chunk `seq` (0, 1, 2, …) of a take to its file. Chunks must arrive in order. */
  appendChunk: method<ChunkReceipt>()(v.id(), v.number({ integer: true, min: 0 }), v.bytes({ max: MAX_CHUNK_BYTES })),
  /**
   * Opens a take recorded with a virtual background (issue #15): the camera as filmed (`mime`, appendChunk)
   * and the camera with the effect (`processedMime`, appendProcessedChunk), the effect stored with the
   * take; `screenMime` as in beginScreenTake, or null.
   */
  beginProcessedTake: method<Take>()(
    v.id(),
    v.id(),
    v.string({ min: 1, max: 200 }),
    v.string({ min: 1, max: 200 }),
    v.object({
      mode: v.oneOf('none', 'blur', 'colour', 'image'),
      blurPx: v.number({ min: 0, max: 200 }),
      colour: v.string({ max: 16 }),
      // A label (`builtin:<id>` or `file:<name>`), never the image itself: background_json stays small.
      image: v.optional(v.string({ min: 1, max: MAX_BACKDROP_LABEL })),
    }),
    v.nullable(v.string({ min: 1, max: 200 })),
  ),
  appendProcessedChunk: method<ChunkReceipt>()(v.id(), v.number({ integer: true, min: 0 }), v.bytes({ max: MAX_CHUNK_BYTES })),
  /** Applies (true) or turns off (false) the virtual background a take was recorded with; no file changes. */
  setTakeBackground: method<Take>()(v.id(), v.boolean()),
  /** Appends chunk `seq` of the screen track of a take begun with `screenMime` (same rules as appendChunk). */
  appendScreenChunk: method<ChunkReceipt>()(v.id(), v.number({ integer: true, min: 0 }), v.bytes({ max: MAX_CHUNK_BYTES })),
  /** Adds events as they happen, so a crash keeps them. */
  appendTakeEvents: method<void>()(v.id(), takeEvents),
  /** Ends a take: stores its events and the time the recorder measured, remuxes and probes the file. */
  finishTake: method<Take>()(v.id(), takeEvents, v.number({ min: 0, max: 24 * 3600 * 1000 })),
  /** Cancels a take in progress and removes it (for example during the countdown, or a false start). */
  abortTake: method<void>()(v.id()),
  /**
   * Attaches an existing recording to a grain as a new take: copied into the capsule, remuxed and
   * probed like a recorded one. A renderer passes a read-video grant; only main-side code (the CLI) a path.
   */
  addTakeFromFile: method<Take>()(
    v.id(),
    v.id(),
    v.object({
      path: v.optional(v.string({ min: 1, max: 4096 })),
      grant: v.optional(v.id()),
      events: v.optional(takeEvents),
      recordedMs: v.optional(v.number({ min: 0, max: 24 * 3600 * 1000 })),
    }),
  ),
  listTakes: method<Take[]>()(v.id()),
  listCapsuleTakes: method<Take[]>()(v.id()),
  /** Makes a finished take the grain's active one (a retake becomes active by itself when it finishes; this goes back). */
  setActiveTake: method<Take>()(v.id()),
  deleteTake: method<void>()(v.id()),
  /** Takes repaired after an interruption that the user has not kept or discarded yet. */
  listRecoveredTakes: method<Take[]>()(v.optional(v.id())),
  acknowledgeRecoveredTake: method<void>()(v.id(), v.oneOf('keep', 'discard')),
  /** Free and total space of the library's disk, to warn before a take fills it. */
  getRecordingSpace: method<{ freeBytes: number; totalBytes: number }>()(),
  getRecordingPreferences: method<RecordingPreferences>()(),
  updateRecordingPreferences: method<RecordingPreferences>()(recordingPreferencesPatch),
};

export interface RecordingEvents {
  'recording.status': RecordingStatus;
  /** An interrupted take was repaired and is offered back to the user. */
  'take.recovered': Take;
  /** A take was added, finished, changed, made active or deleted. */
  'take.changed': { capsuleId: string; grainId: string; takeId: string };
}
