// Runs in the renderer. Encodes the composed program once with MediaRecorder and sends its chunks, in
// order, to the main side (`liveAppend`), where FFmpeg pushes them to the RTMP targets.
import type { Infer } from '../../../shared/validate';
import type { startLiveRequest } from '../../../shared/api/live';
import type { LiveResolution, LiveSessionInfo, LiveStopResult } from '../../../shared/domain/live';
import type { StudioClient } from '../../api/studioClient';
import { chooseProgramMimeType, LIVE_TIMESLICE_MS, programBitrates } from './logic/programFormat';

export type StartRequest = Omit<Infer<typeof startLiveRequest>, 'mime'>;

export class LiveStreamer {
  private recorder: MediaRecorder | null = null;
  private session: LiveSessionInfo | null = null;
  private seq = 0;
  private chain: Promise<void> = Promise.resolve();
  private failed: unknown = null;

  constructor(
    private readonly studio: StudioClient,
    private readonly onError: (error: unknown) => void,
  ) {}

  get sessionId(): string | null {
    return this.session?.sessionId ?? null;
  }

  async start(program: MediaStream, request: StartRequest, resolution: LiveResolution): Promise<LiveSessionInfo> {
    const mime = chooseProgramMimeType((type) => MediaRecorder.isTypeSupported(type));
    if (!mime) throw new Error('This browser cannot encode video (MediaRecorder with WebM).');
    const session = await this.studio.startLive({ ...request, mime, encoding: { ...(request.encoding ?? {}), resolution } });
    this.session = session;
    this.seq = 0;
    this.failed = null;
    const recorder = new MediaRecorder(program, { mimeType: mime, ...programBitrates(resolution) });
    recorder.ondataavailable = (event) => {
      if (event.data.size === 0) return;
      const data = event.data;
      const seq = this.seq++;
      this.chain = this.chain.then(async () => {
        if (this.failed) return;
        try {
          await this.studio.liveAppend(session.sessionId, seq, new Uint8Array(await data.arrayBuffer()));
        } catch (error) {
          // The main side refused a chunk (FFmpeg stopped): say it once, stop sending.
          this.failed = error;
          this.onError(error);
        }
      });
    };
    recorder.onerror = (event) => this.onError((event as Event & { error?: unknown }).error ?? new Error('MediaRecorder failed'));
    recorder.start(LIVE_TIMESLICE_MS);
    this.recorder = recorder;
    return session;
  }

  /** Stops the encoder, lets its last chunk reach FFmpeg, then stops the push. */
  async stop(): Promise<LiveStopResult | null> {
    const session = this.session;
    const recorder = this.recorder;
    this.recorder = null;
    if (!session) return null;
    if (recorder && recorder.state !== 'inactive') {
      await new Promise<void>((resolve) => {
        recorder.addEventListener('stop', () => resolve(), { once: true });
        recorder.stop();
      });
    }
    await this.chain;
    this.session = null;
    return this.studio.stopLive(session.sessionId);
  }
}
