// Runs in the renderer. Draws one camera frame with its background changed: the person (from the
// segmentation mask) over the same frame blurred, or over a plain colour. The person's pixels are the
// camera's own, untouched; only what lies outside the mask changes.
import type { BackgroundEffect } from '../../../shared/domain/background';

/** The blur radius for a picture of this height (the setting is given for 720p). */
export function blurRadius(effect: Pick<BackgroundEffect, 'blurPx'>, height: number): number {
  return Math.max(1, Math.round((effect.blurPx * height) / 720));
}

export function composeFrame(context: CanvasRenderingContext2D, frame: CanvasImageSource, mask: CanvasImageSource, effect: BackgroundEffect, width: number, height: number): void {
  context.save();
  context.clearRect(0, 0, width, height);
  if (effect.mode === 'none') {
    context.drawImage(frame, 0, 0, width, height);
    context.restore();
    return;
  }
  // The mask first, then the frame kept only where the mask is (source-in), then the background under it.
  context.globalCompositeOperation = 'copy';
  context.drawImage(mask, 0, 0, width, height);
  context.globalCompositeOperation = 'source-in';
  context.drawImage(frame, 0, 0, width, height);
  context.globalCompositeOperation = 'destination-over';
  if (effect.mode === 'blur') {
    context.filter = `blur(${blurRadius(effect, height)}px)`;
    context.drawImage(frame, 0, 0, width, height);
    context.filter = 'none';
  } else {
    context.fillStyle = /^#[0-9a-f]{6}$/i.test(effect.colour) ? effect.colour : '#000000';
    context.fillRect(0, 0, width, height);
  }
  context.restore();
}
