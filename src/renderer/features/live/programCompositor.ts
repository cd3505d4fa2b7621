// Runs in the renderer. Composes the live program on a canvas at 25 fps: the current slide (or a shared
// screen instead) and the camera, placed by THE layout maths the montage uses (computeLayoutGeometry),
// and mixes the microphone (plus the screen's own sound) into one MediaStream for MediaRecorder.
import type { LayoutSettings } from '../../../shared/domain/layout';
import type { SlideContent } from '../../../shared/logic/cameraPlacement';
import { computeLayoutGeometry, type Rect, type Size } from '../../../shared/logic/layoutGeometry';
import { applyColorKey } from './logic/colorKey';
import { PROGRAM_FPS } from './logic/programFormat';

export interface ProgramSources {
  camera: HTMLVideoElement | null;
  /** A shared screen shown instead of the slide. */
  screen: HTMLVideoElement | null;
  slide: HTMLImageElement | null;
}

export class ProgramCompositor {
  readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D;
  private timer: number | null = null;
  private audio: AudioContext | null = null;
  private destination: MediaStreamAudioDestinationNode | null = null;
  private readonly audioInputs = new Map<MediaStream, MediaStreamAudioSourceNode>();
  private sources: ProgramSources = { camera: null, screen: null, slide: null };
  private layout: LayoutSettings;
  /** The current grain's measured slide content: the camera goes where the encoder puts it. */
  private content: SlideContent | null = null;
  /** Scratch canvas where a green-screen camera is keyed before it is drawn. */
  private keyCanvas: HTMLCanvasElement | null = null;
  /** Frames drawn, for tests and the preview's own sanity check. */
  framesDrawn = 0;
  /** Pen (issue 15): drawn over the composed picture every frame, given where the slide is. */
  private overlay: ((context: CanvasRenderingContext2D, slide: Rect) => void) | null = null;
  /** Pen (issue 15): where the slide (or shared screen) was last drawn, in program pixels. */
  slideRect: Rect | null = null;

  constructor(
    readonly size: Size,
    layout: LayoutSettings,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.width = size.width;
    this.canvas.height = size.height;
    const context = this.canvas.getContext('2d', { alpha: false });
    if (!context) throw new Error('This browser cannot draw on a canvas.');
    this.context = context;
    this.layout = layout;
  }

  setLayout(layout: LayoutSettings): void {
    this.layout = layout;
  }

  setSlideContent(content: SlideContent | null): void {
    this.content = content;
  }

  /** Pen (issue 15): what to draw over the program (src/renderer/features/pen/LivePen.tsx). */
  setOverlay(overlay: ((context: CanvasRenderingContext2D, slide: Rect) => void) | null): void {
    this.overlay = overlay;
  }

  setSources(sources: Partial<ProgramSources>): void {
    this.sources = { ...this.sources, ...sources };
  }

  /**
   * Starts drawing. A timer, not requestAnimationFrame: rAF stops in a hidden window, and the program
   * must keep flowing while the operator looks at another window.
   */
  start(): void {
    // The program always has a sound track, silent until a microphone joins: MediaRecorder's tracks are
    // fixed when it starts, so a mic that opens a moment after "Go live" must still be heard.
    if (!this.audio) {
      this.audio = new AudioContext({ sampleRate: 48000 });
      this.destination = this.audio.createMediaStreamDestination();
    }
    if (this.timer !== null) return;
    this.draw();
    this.timer = window.setInterval(() => this.draw(), 1000 / PROGRAM_FPS);
  }

  /** Adds a sound source (the mic, a shared screen's audio) to the program's mix. */
  addAudio(stream: MediaStream): void {
    if (stream.getAudioTracks().length === 0 || this.audioInputs.has(stream) || !this.audio || !this.destination) return;
    const source = this.audio.createMediaStreamSource(stream);
    source.connect(this.destination);
    this.audioInputs.set(stream, source);
  }

  removeAudio(stream: MediaStream): void {
    this.audioInputs.get(stream)?.disconnect();
    this.audioInputs.delete(stream);
  }

  /** The program: the canvas at 25 fps plus the mixed sound. */
  captureStream(): MediaStream {
    const video = this.canvas.captureStream(PROGRAM_FPS);
    const tracks = [...video.getVideoTracks()];
    if (this.destination) {
      // A suspended context (no user gesture yet) would give silence; the Go live click is a gesture.
      this.audio?.resume().catch(() => undefined);
      tracks.push(...this.destination.stream.getAudioTracks());
    }
    return new MediaStream(tracks);
  }

  stop(): void {
    if (this.timer !== null) window.clearInterval(this.timer);
    this.timer = null;
    for (const source of this.audioInputs.values()) source.disconnect();
    this.audioInputs.clear();
    // Closing an already closed context rejects; there is nothing left to release then.
    this.audio?.close().catch(() => undefined);
    this.audio = null;
    this.destination = null;
  }

  private draw(): void {
    const { context, size } = this;
    const { camera, screen, slide } = this.sources;
    const cameraSize = camera && camera.videoWidth > 0 ? { width: camera.videoWidth, height: camera.videoHeight } : null;
    const picture = screen && screen.videoWidth > 0 ? screen : slide && slide.complete && slide.naturalWidth > 0 ? slide : null;
    const pictureSize = picture instanceof HTMLVideoElement ? { width: picture.videoWidth, height: picture.videoHeight } : picture ? { width: picture.naturalWidth, height: picture.naturalHeight } : null;
    // A shared screen is not the measured slide: its camera stays where the layout says.
    const geometry = computeLayoutGeometry(this.layout, size, cameraSize, pictureSize, picture === slide ? this.content : null);

    context.globalAlpha = 1;
    context.fillStyle = geometry.background;
    context.fillRect(0, 0, size.width, size.height);
    if (picture && geometry.slide) drawRect(context, picture, geometry.slide);
    if (camera && cameraSize && geometry.camera && geometry.cameraCrop) {
      context.save();
      context.globalAlpha = geometry.cameraOpacity;
      const rect = geometry.camera;
      if (geometry.cameraMask === 'circle') {
        context.beginPath();
        context.arc(rect.x + rect.width / 2, rect.y + rect.height / 2, Math.min(rect.width, rect.height) / 2, 0, Math.PI * 2);
        context.clip();
      } else if (geometry.cameraMask === 'rounded' && geometry.cameraCornerRadius > 0) {
        context.beginPath();
        context.roundRect(rect.x, rect.y, rect.width, rect.height, geometry.cameraCornerRadius);
        context.clip();
      }
      const crop = geometry.cameraCrop;
      if (geometry.chromaKey) {
        const keyed = this.keyed(camera, crop, rect, geometry.chromaKey);
        if (keyed) context.drawImage(keyed, rect.x, rect.y);
      } else {
        context.drawImage(camera, crop.x, crop.y, crop.width, crop.height, rect.x, rect.y, rect.width, rect.height);
      }
      context.restore();
    }
    // Pen (issue 15): the ink over the slide, into the program itself.
    this.slideRect = picture && geometry.slide ? geometry.slide : null;
    if (this.overlay && this.slideRect) this.overlay(context, this.slideRect);
    this.framesDrawn += 1;
  }

  /** The camera at its program size with the key colour made transparent (the montage's colorkey). */
  private keyed(camera: HTMLVideoElement, crop: Rect, rect: Rect, key: { color: string; similarity: number; blend: number }): HTMLCanvasElement | null {
    this.keyCanvas ??= document.createElement('canvas');
    const canvas = this.keyCanvas;
    if (canvas.width !== rect.width || canvas.height !== rect.height) {
      canvas.width = rect.width;
      canvas.height = rect.height;
    }
    const scratch = canvas.getContext('2d', { willReadFrequently: true });
    if (!scratch || rect.width === 0 || rect.height === 0) return null;
    scratch.clearRect(0, 0, rect.width, rect.height);
    scratch.drawImage(camera, crop.x, crop.y, crop.width, crop.height, 0, 0, rect.width, rect.height);
    const image = scratch.getImageData(0, 0, rect.width, rect.height);
    applyColorKey(image.data, key.color, key.similarity, key.blend);
    scratch.putImageData(image, 0, 0);
    return canvas;
  }
}

function drawRect(context: CanvasRenderingContext2D, source: CanvasImageSource, rect: Rect): void {
  context.drawImage(source, rect.x, rect.y, rect.width, rect.height);
}
