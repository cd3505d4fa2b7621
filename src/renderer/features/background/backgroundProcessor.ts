// Runs in the renderer. Applies the virtual background to the live camera: each new camera frame goes
// through the segmenter and the compositor onto a canvas whose stream (with the microphone's tracks)
// replaces the camera in the preview and in the recorder. It counts the frames it makes, so the
// studio can show (and the benchmark measure) what the effect costs on this machine.
import type { BackgroundEffect } from '../../../shared/domain/background';
import { composeFrame, type BackdropPicture } from './backgroundCompositor';
import { PersonSegmenter } from './segmenter';

export class BackgroundProcessor {
  readonly stream: MediaStream;
  private readonly video = document.createElement('video');
  private readonly canvas = document.createElement('canvas');
  private readonly context: CanvasRenderingContext2D;
  private running = true;
  private frames = 0;
  private readonly startedAt = performance.now();
  private loop: Promise<void> = Promise.resolve();
  /** Wakes the loop waiting for a camera frame (stop() calls it: a stopped camera sends none). */
  private wake: (() => void) | null = null;
  /** The teacher's decoded image, for an image effect whose label names a file. */
  private picture: BackdropPicture | null = null;

  private constructor(
    private readonly camera: MediaStream,
    private readonly segmenter: PersonSegmenter,
    private effect: BackgroundEffect,
    private readonly onError: (error: unknown) => void,
  ) {
    const settings = camera.getVideoTracks()[0]?.getSettings();
    this.canvas.width = settings?.width ?? 1280;
    this.canvas.height = settings?.height ?? 720;
    this.context = this.canvas.getContext('2d')!;
    // Frames are pushed one by one (requestFrame) as they are composed: a rate-driven capture of a canvas
    // drawn from async model callbacks delivered black frames in headless Chromium.
    const output = this.canvas.captureStream(0);
    for (const track of camera.getAudioTracks()) output.addTrack(track);
    this.stream = output;
    this.video.muted = true;
    this.video.playsInline = true;
    this.video.srcObject = camera;
    // Kept in the page but out of sight: a detached video may stop decoding and a detached canvas may
    // stop feeding its captured stream.
    for (const element of [this.video, this.canvas]) {
      element.setAttribute('aria-hidden', 'true');
      element.style.cssText = 'position:fixed;left:-10000px;top:0;width:1px;height:1px;opacity:0;pointer-events:none';
      document.body.append(element);
    }
  }

  static async start(camera: MediaStream, effect: BackgroundEffect, onError: (error: unknown) => void): Promise<BackgroundProcessor> {
    const segmenter = await PersonSegmenter.open();
    const processor = new BackgroundProcessor(camera, segmenter, effect, onError);
    await processor.video.play();
    processor.loop = processor.run();
    return processor;
  }

  setEffect(effect: BackgroundEffect, picture: BackdropPicture | null = null): void {
    this.effect = effect;
    this.picture = picture;
  }

  /** Frames made per second since the start (the preview's real rate with the effect on). */
  fps(now = performance.now()): number {
    const seconds = (now - this.startedAt) / 1000;
    return seconds > 0 ? this.frames / seconds : 0;
  }

  get frameCount(): number {
    return this.frames;
  }

  private async run(): Promise<void> {
    while (this.running) {
      await this.nextCameraFrame();
      if (!this.running) break;
      try {
        const mask = await this.segmenter.mask(this.video);
        if (!this.running) break;
        composeFrame(this.context, this.video, mask, this.effect, this.canvas.width, this.canvas.height, this.picture);
        (this.stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack | undefined)?.requestFrame();
        this.frames += 1;
      } catch (error) {
        this.running = false;
        this.onError(error);
      }
    }
  }

  private nextCameraFrame(): Promise<void> {
    // A new frame of the camera, not a repaint: the model never runs twice on the same picture.
    return new Promise((resolve) => {
      this.wake = resolve;
      if (typeof this.video.requestVideoFrameCallback === 'function') this.video.requestVideoFrameCallback(() => resolve());
      else requestAnimationFrame(() => resolve());
    });
  }

  /** Stops the loop and the model; the camera's own tracks are left to their owner. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    this.video.srcObject = null;
    await this.loop;
    for (const track of this.stream.getVideoTracks()) track.stop();
    this.video.remove();
    this.canvas.remove();
    await this.segmenter.close();
  }
}
