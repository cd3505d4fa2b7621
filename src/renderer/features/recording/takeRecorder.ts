// Runs in the renderer. Records one take of one grain: MediaRecorder writes WebM in half-second
// chunks and every chunk goes to the main side as it arrives (appendChunk, in order, one at a time),
// so the renderer never holds the recording. Events are stamped on the media clock and saved as they
// happen; while paused a keep-alive tells the main side the recorder is still there.
import type { StudioClient } from '../../api/studioClient';
import type { Take, TakeEvent, TakeEventType } from '../../../shared/domain/take';
import type { ChunkReceipt } from '../../../shared/domain/recording';
import { MediaClock } from './logic/mediaClock';
import { TIMESLICE_MS, bitratesFor, chooseMimeType } from './logic/recorderFormat';
import type { PrompterPosition } from './logic/prompterPosition';
import { SideTrackRecorder } from '../screen/sideTrackRecorder';
import type { BackgroundEffect } from '../../../shared/domain/background';

type RecordingApi = Pick<
  StudioClient,
  'beginTake' | 'beginScreenTake' | 'beginProcessedTake' | 'appendChunk' | 'appendScreenChunk' | 'appendProcessedChunk' | 'appendTakeEvents' | 'finishTake' | 'abortTake'
>;

/** The camera's key-frame interval in a take (see startRecorder). */
export const KEY_FRAME_INTERVAL_MS = 2000;

export interface TakeRecorderOptions {
  api: RecordingApi;
  stream: MediaStream;
  capsuleId: string;
  grainId: string;
  /** Screen grains (issue #15): the shared screen, recorded beside the camera into the take's second file. */
  screen?: MediaStream | null;
  /** Virtual background (issue #15): the camera with the effect, recorded beside the camera as filmed (`stream`). */
  processed?: { stream: MediaStream; background: BackgroundEffect } | null;
  /** Called when the take stops by itself: the disk is full, the device was unplugged, the link broke. */
  onFailure(error: unknown): void;
  onChunk?(receipt: ChunkReceipt): void;
  now?: () => number;
  /** How long the recorders may take to start (RECORDER_START_TIMEOUT_MS; shorter in tests). */
  startTimeoutMs?: number;
}

/**
 * A recorder that has not started after this long will not (a wedged device or encoder). The take is
 * given up with a clear error instead of leaving the Record step waiting, its keys blocked, for ever.
 */
export const RECORDER_START_TIMEOUT_MS = 20_000;
/** Stopping recorders that never started is waited for this long at most before the take is removed. */
const RECORDER_CLEANUP_TIMEOUT_MS = 5000;

/** `work`, or `late()` thrown once `ms` have passed without it settling. */
function within<T>(work: Promise<T>, ms: number, late: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** While paused, the main side hears from us this often (it gives up on a silent take after 10 s). */
const KEEP_ALIVE_MS = 2000;

export class TakeRecorder {
  readonly clock = new MediaClock();
  readonly events: TakeEvent[] = [];
  private recorder: MediaRecorder | null = null;
  private take: Take | null = null;
  private seq = 0;
  private sending: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  /** Once an append failed (full disk, lost link), later chunks are not sent: the main side stopped the take. */
  private sendFailed = false;
  private keepAlive: ReturnType<typeof setInterval> | null = null;
  private stopped: Promise<void> | null = null;
  private readonly now: () => number;
  private sideRecorders: SideTrackRecorder[] = [];

  constructor(private readonly options: TakeRecorderOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  get takeId(): string | null {
    return this.take?.id ?? null;
  }

  get failed(): unknown {
    return this.failure;
  }

  /** Opens the take on the main side and starts the recorder; resolves once it really records. */
  async start(position: PrompterPosition): Promise<Take> {
    const { stream, api } = this.options;
    const audioOnly = stream.getVideoTracks().length === 0;
    const mimeType = chooseMimeType((mime) => MediaRecorder.isTypeSupported(mime), audioOnly);
    if (!mimeType) throw Object.assign(new Error('This browser cannot record WebM.'), { code: 'RECORDING_UNSUPPORTED' });
    const height = stream.getVideoTracks()[0]?.getSettings().height ?? null;
    // Screen grains: a second recorder for the screen, started with the camera's (same media clock).
    const onSideFailure = (error: unknown) => this.fail(error);
    const { capsuleId, grainId, processed: effect } = this.options;
    const screen = this.options.screen ? new SideTrackRecorder((...chunk) => api.appendScreenChunk(...chunk), this.options.screen, onSideFailure) : null;
    // Virtual background: a third recorder for the camera with the effect; the camera file stays as filmed.
    const processed = effect ? new SideTrackRecorder((...chunk) => api.appendProcessedChunk(...chunk), effect.stream, onSideFailure) : null;
    if (processed && effect) this.take = await api.beginProcessedTake(capsuleId, grainId, mimeType, processed.mimeType, effect.background, screen?.mimeType ?? null);
    else if (screen) this.take = await api.beginScreenTake(capsuleId, grainId, mimeType, screen.mimeType);
    else this.take = await api.beginTake(capsuleId, grainId, mimeType);
    const sides = [screen, processed].filter((side): side is SideTrackRecorder => side !== null);
    try {
      const takeId = this.take.id;
      const starting = Promise.all([this.startRecorder(stream, mimeType, audioOnly ? null : height), ...sides.map((side) => side.start(takeId))]);
      await within(starting, this.options.startTimeoutMs ?? RECORDER_START_TIMEOUT_MS, () =>
        Object.assign(new Error('The recorder did not start.'), { code: 'RECORDER_NOT_STARTED' }),
      );
      this.sideRecorders = sides;
    } catch (error) {
      if (this.recorder && this.recorder.state !== 'inactive') this.recorder.stop();
      await within(Promise.all(sides.map((side) => side.stop())), RECORDER_CLEANUP_TIMEOUT_MS, () => new Error('the side recorders did not stop')).catch((stopError: unknown) =>
        console.warn('removing the take without waiting for its recorders', stopError),
      );
      // The recorder never ran: remove the empty take rather than leave it to be "recovered".
      const takeId = this.take.id;
      this.take = null;
      await api.abortTake(takeId).catch((abortError: unknown) => console.warn('could not remove an empty take', abortError));
      throw error;
    }
    // The media clock starts when the recorder does, not when we asked it to (Polymny's pitfall).
    this.clock.start(this.now());
    this.mark('start', position);
    this.keepAlive = setInterval(() => {
      if (this.clock.paused && this.take) api.appendTakeEvents(this.take.id, []).catch((error: unknown) => this.fail(error));
    }, KEEP_ALIVE_MS);
    return this.take;
  }

  private async startRecorder(stream: MediaStream, mimeType: string, height: number | null): Promise<void> {
    // A key frame every 2 s (https://w3c.github.io/mediacapture-record/#dom-mediarecorderoptions-videokeyframeintervalduration):
    // the montage cuts a grain into pieces and seeks into the take for each, decoding from the key frame
    // before; without it, a browser may give one key frame per take. Browsers without the option ignore it.
    const options: MediaRecorderOptions & { videoKeyFrameIntervalDuration?: number } = { mimeType, ...bitratesFor(height), videoKeyFrameIntervalDuration: KEY_FRAME_INTERVAL_MS };
    const recorder = new MediaRecorder(stream, options);
    this.recorder = recorder;
    recorder.ondataavailable = (event) => this.send(event.data);
    this.stopped = new Promise((resolve) => recorder.addEventListener('stop', () => resolve(), { once: true }));
    const started = new Promise<void>((resolve, reject) => {
      recorder.addEventListener('start', () => resolve(), { once: true });
      recorder.addEventListener('error', (event) => reject((event as Event & { error?: DOMException }).error ?? new Error('MediaRecorder failed')), { once: true });
    });
    for (const track of stream.getTracks()) {
      track.addEventListener('ended', () => this.fail(Object.assign(new Error('The camera or the microphone was disconnected.'), { code: 'DEVICE_LOST' })), { once: true });
    }
    recorder.start(TIMESLICE_MS);
    await started;
  }

  /** Records a prompter event at the current media time (and saves it at once). */
  mark(type: TakeEventType, position: PrompterPosition): TakeEvent | null {
    if (!this.take) return null;
    const event: TakeEvent = { type, atMs: this.clock.elapsed(this.now()), slideIndex: position.slideIndex, sentenceIndex: position.sentenceIndex };
    this.events.push(event);
    this.options.api.appendTakeEvents(this.take.id, [event]).catch((error: unknown) => this.fail(error));
    return event;
  }

  pause(position: PrompterPosition): void {
    if (!this.recorder || this.recorder.state !== 'recording') return;
    this.mark('pause', position);
    this.recorder.pause();
    for (const side of this.sideRecorders) side.pause();
    this.clock.pause(this.now());
  }

  resume(position: PrompterPosition): void {
    if (!this.recorder || this.recorder.state !== 'paused') return;
    this.recorder.resume();
    for (const side of this.sideRecorders) side.resume();
    this.clock.resume(this.now());
    this.mark('resume', position);
  }

  /** Stops, waits for the last chunk to be on disk, and has the main side finish the take. */
  async stop(position: PrompterPosition): Promise<Take> {
    if (!this.take) throw new Error('The take never started.');
    if (this.clock.paused) this.resume(position);
    // The end mark and the take's length are one reading of the clock (two could differ by a millisecond).
    const recordedMs = this.mark('end', position)?.atMs ?? this.clock.elapsed(this.now());
    await this.halt();
    return this.options.api.finishTake(this.take.id, this.events, recordedMs);
  }

  /** Stops and throws the take away (a false start, a retake during the take). */
  async abort(): Promise<void> {
    await this.halt();
    if (this.take) await this.options.api.abortTake(this.take.id);
  }

  /** The media time of the take so far (frozen while paused). */
  elapsed(): number {
    return this.clock.elapsed(this.now());
  }

  private async halt(): Promise<void> {
    if (this.keepAlive) clearInterval(this.keepAlive);
    this.keepAlive = null;
    if (this.recorder && this.recorder.state !== 'inactive') this.recorder.stop();
    // 'stop' follows the final dataavailable, whose chunk is then queued behind the others.
    await Promise.all([this.stopped, ...this.sideRecorders.map((side) => side.stop())]);
    await this.sending;
  }

  private send(blob: Blob): void {
    if (blob.size === 0 || !this.take) return;
    const seq = this.seq++;
    const takeId = this.take.id;
    this.sending = this.sending.then(async () => {
      if (this.sendFailed) return;
      try {
        const bytes = new Uint8Array(await blob.arrayBuffer());
        const receipt = await this.options.api.appendChunk(takeId, seq, bytes);
        this.options.onChunk?.(receipt);
      } catch (error) {
        this.sendFailed = true;
        this.fail(error);
      }
    });
  }

  private fail(error: unknown): void {
    if (this.failure) return;
    this.failure = error;
    if (this.recorder && this.recorder.state !== 'inactive') this.recorder.stop();
    for (const side of this.sideRecorders) side.pause();
    this.options.onFailure(error);
  }
}
