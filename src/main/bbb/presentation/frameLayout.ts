// Runs in Node (main side; pure). Where things go in the output frame: the slide area, the webcam
// strip and the chat panel (BBB's own `video` format puts the presentation on the left, 960×720,
// and a 320 px strip on the right), and how a viewBox maps slide coordinates into the slide area.
import type { ViewBox } from './presentationModel';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FrameLayout {
  width: number;
  height: number;
  slideArea: Rect;
  webcamArea: Rect | null;
  chatArea: Rect | null;
}

export const FRAME_WIDTH = 1280;
export const FRAME_HEIGHT = 720;
const SIDEBAR_WIDTH = 320;
const WEBCAM_HEIGHT = 240;

export function computeFrameLayout(options: { webcams: boolean; chat: boolean }): FrameLayout {
  if (!options.webcams && !options.chat) {
    return { width: FRAME_WIDTH, height: FRAME_HEIGHT, slideArea: { x: 0, y: 0, width: FRAME_WIDTH, height: FRAME_HEIGHT }, webcamArea: null, chatArea: null };
  }
  const sidebarX = FRAME_WIDTH - SIDEBAR_WIDTH;
  const webcamArea = options.webcams ? { x: sidebarX, y: 0, width: SIDEBAR_WIDTH, height: WEBCAM_HEIGHT } : null;
  const chatTop = webcamArea ? WEBCAM_HEIGHT : 0;
  return {
    width: FRAME_WIDTH,
    height: FRAME_HEIGHT,
    slideArea: { x: 0, y: 0, width: sidebarX, height: FRAME_HEIGHT },
    webcamArea,
    chatArea: options.chat ? { x: sidebarX, y: chatTop, width: SIDEBAR_WIDTH, height: FRAME_HEIGHT - chatTop } : null,
  };
}

/** The affine map from slide coordinates to frame pixels: the viewBox is fitted (contain, centred) into the area. */
export interface SlideTransform {
  scale: number;
  offsetX: number;
  offsetY: number;
}

export function viewBoxTransform(viewBox: ViewBox, area: Rect): SlideTransform {
  const [vx, vy, vw, vh] = viewBox;
  const scale = Math.min(area.width / Math.max(vw, 1e-6), area.height / Math.max(vh, 1e-6));
  return {
    scale,
    offsetX: area.x + (area.width - vw * scale) / 2 - vx * scale,
    offsetY: area.y + (area.height - vh * scale) / 2 - vy * scale,
  };
}

export function toFrame(transform: SlideTransform, x: number, y: number): [number, number] {
  return [transform.offsetX + x * transform.scale, transform.offsetY + y * transform.scale];
}

/** Size of `content` fitted inside `box` (contain), both rounded to even numbers for yuv420p. */
export function fitEven(contentWidth: number, contentHeight: number, boxWidth: number, boxHeight: number): { width: number; height: number } {
  const scale = Math.min(boxWidth / contentWidth, boxHeight / contentHeight);
  const even = (value: number) => Math.max(2, Math.floor(value / 2) * 2);
  return { width: even(contentWidth * scale), height: even(contentHeight * scale) };
}
