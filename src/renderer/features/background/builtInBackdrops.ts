// Runs in the renderer. The backdrops the studio paints itself (soft gradients), so a teacher without an
// image of their own still has a calm background to choose; drawn at the picture's size, no file needed.
import type { BuiltInBackdrop } from '../../../shared/domain/background';

interface GradientStop {
  at: number;
  colour: string;
}

/** Top-left to bottom-right colour stops of each backdrop (muted, so the person stands out). */
export const BACKDROP_GRADIENTS: Record<BuiltInBackdrop, readonly GradientStop[]> = {
  dawn: [
    { at: 0, colour: '#f6d5b8' },
    { at: 0.55, colour: '#e9b7c4' },
    { at: 1, colour: '#9fb4d9' },
  ],
  slate: [
    { at: 0, colour: '#4a5d73' },
    { at: 1, colour: '#1c2633' },
  ],
};

export function paintBuiltInBackdrop(context: CanvasRenderingContext2D, backdrop: BuiltInBackdrop, width: number, height: number): void {
  const gradient = context.createLinearGradient(0, 0, width, height);
  for (const stop of BACKDROP_GRADIENTS[backdrop]) gradient.addColorStop(stop.at, stop.colour);
  context.fillStyle = gradient;
  context.fillRect(0, 0, width, height);
}
