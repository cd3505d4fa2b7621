// Runs in the renderer. Draws one camera frame with its background changed: the person (from the
// segmentation mask) over the same frame blurred, a plain colour, or an image ("cover"-scaled: the teacher's
// own picture, or a gradient the studio paints). The person's pixels are the camera's own, untouched; only
// what lies outside the mask changes.
import { builtInBackdropOf, BUILT_IN_BACKDROPS, type BackgroundEffect } from '../../../shared/domain/background';
import { paintBuiltInBackdrop } from './builtInBackdrops';
import { coverRect } from './coverRect';

/** A decoded image the teacher picked (an ImageBitmap in the app; any sized canvas source works). */
export type BackdropPicture = CanvasImageSource & { width: number; height: number };

/** The blur radius for a picture of this height (the setting is given for 720p). */
export function blurRadius(effect: Pick<BackgroundEffect, 'blurPx'>, height: number): number {
  return Math.max(1, Math.round((effect.blurPx * height) / 720));
}

/**
 * Draws `frame` with its background changed. `picture` is the teacher's image for an effect whose label
 * names a file; without it (or with a built-in label) the named gradient is painted instead.
 */
export function composeFrame(
  context: CanvasRenderingContext2D,
  frame: CanvasImageSource,
  mask: CanvasImageSource,
  effect: BackgroundEffect,
  width: number,
  height: number,
  picture: BackdropPicture | null = null,
): void {
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
  } else if (effect.mode === 'image') {
    const builtIn = builtInBackdropOf(effect.image);
    // A closed bitmap measures 0x0 (and drawImage would throw on it): the gradient stands in.
    if (picture && picture.width > 0 && picture.height > 0 && !builtIn) {
      const { sx, sy, sw, sh } = coverRect(picture.width, picture.height, width, height);
      context.drawImage(picture, sx, sy, sw, sh, 0, 0, width, height);
    } else {
      paintBuiltInBackdrop(context, builtIn ?? BUILT_IN_BACKDROPS[0], width, height);
    }
  } else {
    context.fillStyle = /^#[0-9a-f]{6}$/i.test(effect.colour) ? effect.colour : '#000000';
    context.fillRect(0, 0, width, height);
  }
  context.restore();
}
