// Runs in Node (unit tests). The layout preview places the slide and the camera exactly where the
// shared layout maths (and so the encoder) puts them, scaled to the preview width.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, mergeLayout } from '../../src/shared/domain/layout';
import { computeLayoutGeometry } from '../../src/shared/logic/layoutGeometry';
import { LayoutPreview } from '../../src/renderer/features/montage/LayoutPreview';

function styleOf(html: string, testId: string): Record<string, string> {
  const match = new RegExp(`data-testid="${testId}"[^>]*style="([^"]*)"`).exec(html) ?? new RegExp(`style="([^"]*)"[^>]*data-testid="${testId}"`).exec(html);
  if (!match) throw new Error(`no ${testId} in ${html}`);
  return Object.fromEntries(match[1]!.split(';').filter(Boolean).map((rule) => rule.split(':').map((part) => part.trim()) as [string, string]));
}

describe('LayoutPreview', () => {
  it('draws the camera at the encoder rectangle, scaled (960 px wide = half of 1920)', () => {
    const layout = mergeLayout(DEFAULT_LAYOUT, { pip: { ...DEFAULT_LAYOUT.pip, corner: 'top_left', size: 'large', mask: 'circle' } });
    const html = renderToStaticMarkup(<LayoutPreview layout={layout} slideUrl="slide.png" slideSize={{ width: 1920, height: 1080 }} cameraUrl="take.webm" cameraSize={{ width: 1280, height: 720 }} width={960} />);
    const geometry = computeLayoutGeometry(layout, { width: 1920, height: 1080 }, { width: 1280, height: 720 }, { width: 1920, height: 1080 });
    const camera = styleOf(html, 'layout-preview-camera');
    expect(camera.left).toBe(`${geometry.camera!.x / 2}px`);
    expect(camera.top).toBe(`${geometry.camera!.y / 2}px`);
    expect(camera.width).toBe(`${geometry.camera!.width / 2}px`);
    expect(camera['border-radius']).toBe('50%');
    const slide = styleOf(html, 'layout-preview-slide');
    expect(slide.width).toBe('960px');
  });

  it('shows no camera for slides only, and letterboxes a 4:3 slide', () => {
    const html = renderToStaticMarkup(<LayoutPreview layout={mergeLayout(DEFAULT_LAYOUT, { mode: 'slides_only' })} slideUrl="s.png" slideSize={{ width: 1024, height: 768 }} cameraUrl={null} cameraSize={null} width={480} />);
    expect(html).not.toContain('layout-preview-camera');
    expect(styleOf(html, 'layout-preview-slide').left).toBe('60px');
  });
});
