// Runs in the renderer. Records a second picture of a take beside the camera as filmed — the shared
// screen of a screen grain, or the camera with its virtual background: its own MediaRecorder, whose
// chunks go to the main side as they arrive (appendScreenChunk / appendProcessedChunk, in order, one at
// a time), into the take's side file, with the same crash safety as the camera's chunks.
import { TIMESLICE_MS } from '../recording/logic/recorderFormat';

export type AppendSideChunk = (takeId: string, seq: number, bytes: Uint8Array) => Promise<unknown>;

/** VP9 keeps small text sharp at a modest bitrate; VP8 where VP9 is not offered. */
const SCREEN_MIME_TYPES = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'];

/** Text on a screen needs more bits than a face: 1080p screen at ~4 Mbit/s, scaled by area. */
export function screenBitrate(width: number, height: number): number {
  return Math.round(Math.min(8_000_000, Math.max(1_500_000, (width * height * 4_000_000) / (1920 * 1080))));
}

export function chooseScreenMimeType(isSupported: (mime: string) => boolean): string | null {
  return SCREEN_MIME_TYPES.find((mime) => isSupported(mime)) ?? null;
}

export class SideTrackRecorder {
  private recorder: MediaRecorder | null = null;
  private seq = 0;
  private sending: Promise<void> = Promise.resolve();
  private stopped: Promise<void> | null = null;
  private sendFailed = false;
  readonly mimeType: string;

  private readonly stream: MediaStream;

  /** `source`'s video only (the voice is in the camera file). */
  constructor(
    private readonly append: AppendSideChunk,
    source: MediaStream,
    private readonly onFailure: (error: unknown) => void,
  ) {
    this.stream = new MediaStream(source.getVideoTracks());
    const mime = chooseScreenMimeType((candidate) => MediaRecorder.isTypeSupported(candidate));
    if (!mime) throw Object.assign(new Error('This browser cannot record the screen as WebM.'), { code: 'RECORDING_UNSUPPORTED' });
    this.mimeType = mime;
  }

  /** Starts recording into take `takeId` (begun with beginScreenTake or beginProcessedTake); resolves once it records. */
  async start(takeId: string): Promise<void> {
    const settings = this.stream.getVideoTracks()[0]?.getSettings();
    const recorder = new MediaRecorder(this.stream, { mimeType: this.mimeType, videoBitsPerSecond: screenBitrate(settings?.width ?? 1920, settings?.height ?? 1080) });
    this.recorder = recorder;
    recorder.ondataavailable = (event) => this.send(takeId, event.data);
    this.stopped = new Promise((resolve) => recorder.addEventListener('stop', () => resolve(), { once: true }));
    const started = new Promise<void>((resolve, reject) => {
      recorder.addEventListener('start', () => resolve(), { once: true });
      recorder.addEventListener('error', (event) => reject((event as Event & { error?: DOMException }).error ?? new Error('MediaRecorder failed')), { once: true });
    });
    recorder.start(TIMESLICE_MS);
    await started;
  }

  pause(): void {
    if (this.recorder?.state === 'recording') this.recorder.pause();
  }

  resume(): void {
    if (this.recorder?.state === 'paused') this.recorder.resume();
  }

  /** Stops and waits until the last chunk is on disk. */
  async stop(): Promise<void> {
    if (this.recorder && this.recorder.state !== 'inactive') this.recorder.stop();
    await this.stopped;
    await this.sending;
  }

  private send(takeId: string, blob: Blob): void {
    if (blob.size === 0) return;
    const seq = this.seq++;
    this.sending = this.sending.then(async () => {
      if (this.sendFailed) return;
      try {
        await this.append(takeId, seq, new Uint8Array(await blob.arrayBuffer()));
      } catch (error) {
        this.sendFailed = true;
        this.onFailure(error);
      }
    });
  }
}
