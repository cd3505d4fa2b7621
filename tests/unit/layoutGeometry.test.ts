// Runs in Node (unit tests). The shared layout maths, per mode and per camera aspect ratio.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, mergeLayout, type LayoutSettings } from '../../src/shared/domain/layout';
import { computeLayoutGeometry, fitRect, pipRect, spillOf, normaliseColor } from '../../src/shared/logic/layoutGeometry';

const HD = { width: 1920, height: 1080 };
const CAM_16_9 = { width: 1280, height: 720 };
const CAM_4_3 = { width: 640, height: 480 };

function layout(patch: Partial<LayoutSettings>): LayoutSettings {
  return mergeLayout(DEFAULT_LAYOUT, patch);
}

describe('fitRect', () => {
  it('letterboxes a 4:3 slide in a 16:9 frame, centred, with even sizes', () => {
    expect(fitRect({ width: 1024, height: 768 }, { x: 0, y: 0, width: 1920, height: 1080 })).toEqual({ x: 240, y: 0, width: 1440, height: 1080 });
  });
  it('keeps a 16:9 slide full frame', () => {
    expect(fitRect({ width: 1920, height: 1080 }, { x: 0, y: 0, width: 1280, height: 720 })).toEqual({ x: 0, y: 0, width: 1280, height: 720 });
  });
});

describe('picture in picture', () => {
  it('matches Polymny-style corner maths for every corner (16:9 take, medium = 25 %)', () => {
    const frame = HD;
    const cases: [LayoutSettings['pip']['corner'], number, number][] = [
      ['top_left', 38, 38],
      ['top_right', 1920 - 480 - 38, 38],
      ['bottom_left', 38, 1080 - 270 - 38],
      ['bottom_right', 1920 - 480 - 38, 1080 - 270 - 38],
    ];
    for (const [corner, x, y] of cases) {
      const rect = pipRect(layout({ pip: { ...DEFAULT_LAYOUT.pip, corner } }), frame, CAM_16_9);
      expect(rect).toEqual({ x, y, width: 480, height: 270 });
    }
  });

  it('follows the take aspect ratio (4:3 take is taller)', () => {
    const g = computeLayoutGeometry(layout({ pip: { ...DEFAULT_LAYOUT.pip, size: 'large', corner: 'top_left', offset: 0 } }), HD, CAM_4_3, HD);
    expect(g.camera).toEqual({ x: 0, y: 0, width: 768, height: 576 });
    expect(g.slide).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
  });

  it('uses the custom width and scales with the output (720p preview = 720p render)', () => {
    const l = layout({ pip: { ...DEFAULT_LAYOUT.pip, size: 'custom', customWidth: 0.3 } });
    const g = computeLayoutGeometry(l, { width: 1280, height: 720 }, CAM_16_9, HD);
    expect(g.camera).toEqual({ x: 1280 - 384 - 26, y: 720 - 216 - 26, width: 384, height: 216 });
  });

  it('a circle mask crops the camera to its centred square and draws a square', () => {
    const g = computeLayoutGeometry(layout({ pip: { ...DEFAULT_LAYOUT.pip, mask: 'circle' } }), HD, CAM_16_9, HD);
    expect(g.cameraCrop).toEqual({ x: 280, y: 0, width: 720, height: 720 });
    expect(g.camera?.width).toBe(480);
    expect(g.camera?.height).toBe(480);
    expect(g.cameraMask).toBe('circle');
  });

  it('a rounded mask has a radius, opacity is clamped', () => {
    const g = computeLayoutGeometry(layout({ pip: { ...DEFAULT_LAYOUT.pip, mask: 'rounded', opacity: 3 } }), HD, CAM_16_9, HD);
    expect(g.cameraCornerRadius).toBe(Math.round(270 * 0.12));
    expect(g.cameraOpacity).toBe(1);
  });
});

describe('other modes', () => {
  it('slides only and audio only hide the camera', () => {
    expect(computeLayoutGeometry(layout({ mode: 'slides_only' }), HD, CAM_16_9, HD).camera).toBeNull();
    expect(computeLayoutGeometry(layout({ mode: 'audio_only' }), HD, CAM_16_9, HD).camera).toBeNull();
  });

  it('falls back to the slide alone when the take has no picture', () => {
    const g = computeLayoutGeometry(layout({ mode: 'camera_only' }), HD, null, HD);
    expect(g.camera).toBeNull();
    expect(g.slide).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
  });

  it('camera only fills the frame and hides the slide; a 4:3 take is pillarboxed', () => {
    const g = computeLayoutGeometry(layout({ mode: 'camera_only' }), HD, CAM_4_3, HD);
    expect(g.slide).toBeNull();
    expect(g.camera).toEqual({ x: 240, y: 0, width: 1440, height: 1080 });
  });

  it('side by side shares the frame, camera on the chosen side', () => {
    const right = computeLayoutGeometry(layout({ mode: 'side_by_side' }), HD, CAM_16_9, HD);
    expect(right.slide).toEqual({ x: 0, y: 270, width: 960, height: 540 });
    expect(right.camera).toEqual({ x: 960, y: 270, width: 960, height: 540 });
    const left = computeLayoutGeometry(layout({ mode: 'side_by_side', sideBySide: { cameraSide: 'left' } }), HD, CAM_4_3, HD);
    expect(left.camera).toEqual({ x: 0, y: 180, width: 960, height: 720 });
    expect(left.slide).toEqual({ x: 960, y: 270, width: 960, height: 540 });
  });

  it('green screen keys the camera with the settings and picks the spill channel', () => {
    const g = computeLayoutGeometry(layout({ mode: 'green_screen', greenScreen: { keyColor: '#0000FF', similarity: 0.2, blend: 0.1, despill: true } }), HD, CAM_16_9, HD);
    expect(g.chromaKey).toEqual({ color: '#0000ff', similarity: 0.2, blend: 0.1, despill: true, spill: 'blue' });
    expect(g.camera).not.toBeNull();
    expect(spillOf('#00b140')).toBe('green');
    expect(normaliseColor('0f0')).toBe('#00ff00');
  });
});
