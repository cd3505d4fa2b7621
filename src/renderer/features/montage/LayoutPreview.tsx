// Runs in the renderer. Live preview of a layout: the slide and a frame of the take placed by the
// SAME layout maths as the encoder (src/shared/logic/layoutGeometry.ts), with the same measured slide
// content (so a 4:3 deck moves aside and the camera takes the free strip), scaled to the preview width.
import type { CSSProperties } from 'react';
import type { LayoutSettings } from '../../../shared/domain/layout';
import type { SlideContent } from '../../../shared/logic/cameraPlacement';
import { computeLayoutGeometry, type Rect, type Size } from '../../../shared/logic/layoutGeometry';
import { useT } from '../../i18n/useT';

export interface LayoutPreviewProps {
  layout: LayoutSettings;
  /** URL of the slide image (a media reference turned into a URL by the client). */
  slideUrl: string | null;
  slideSize: Size;
  /** URL of the take (video) shown at `cameraTimeSec`, or null when there is no take yet. */
  cameraUrl: string | null;
  /** Picture size of the take; 16:9 is assumed when unknown. */
  cameraSize: Size | null;
  cameraTimeSec?: number;
  /** Preview width in CSS pixels; the frame is 1920×1080 scaled down. */
  width?: number;
  /** What the main side measured on the grain's slides (getGrainSlideContent): where the page's content is. */
  content?: SlideContent | null;
}

const FRAME: Size = { width: 1920, height: 1080 };

function box(rect: Rect, scale: number): CSSProperties {
  return { position: 'absolute', left: rect.x * scale, top: rect.y * scale, width: rect.width * scale, height: rect.height * scale };
}

export function LayoutPreview({ layout, slideUrl, slideSize, cameraUrl, cameraSize, cameraTimeSec = 1, width = 480, content = null }: LayoutPreviewProps) {
  const t = useT();
  const camera = cameraSize ?? { width: 1280, height: 720 };
  const geometry = computeLayoutGeometry(layout, FRAME, layout.mode === 'audio_only' ? null : camera, slideSize, content);
  const scale = width / FRAME.width;
  const crop = geometry.cameraCrop;
  const cameraStyle: CSSProperties | null = geometry.camera
    ? {
        ...box(geometry.camera, scale),
        overflow: 'hidden',
        opacity: geometry.cameraOpacity,
        borderRadius: geometry.cameraMask === 'circle' ? '50%' : geometry.cameraMask === 'rounded' ? geometry.cameraCornerRadius * scale : 0,
        outline: geometry.chromaKey ? `2px dashed ${geometry.chromaKey.color}` : undefined,
      }
    : null;
  // The video element is sized so that the crop window (the centred square for a circle) fills the camera box.
  const factor = geometry.camera && crop ? (geometry.camera.width / crop.width) * scale : 0;
  const videoStyle: CSSProperties | null =
    geometry.camera && crop
      ? { position: 'absolute', width: camera.width * factor, height: camera.height * factor, left: -crop.x * factor, top: -crop.y * factor, objectFit: 'fill' }
      : null;
  // The page inside the slide picture (without its plain side bars), for the eye and for tests.
  const page =
    geometry.slide && content
      ? { ...geometry.slide, x: geometry.slide.x + geometry.slide.width * content.sides.left, width: geometry.slide.width * (1 - content.sides.left - content.sides.right) }
      : null;
  return (
    <figure className="layout-preview" aria-label={t('montage.preview')} data-mode={layout.mode} data-camera-placement={geometry.cameraPlacement ?? 'none'} style={{ margin: 0 }}>
      <div style={{ position: 'relative', width, height: FRAME.height * scale, background: geometry.background, overflow: 'hidden' }}>
        {geometry.slide && slideUrl && <img src={slideUrl} alt="" data-testid="layout-preview-slide" style={box(geometry.slide, scale)} draggable={false} />}
        {page && <div data-testid="layout-preview-page" aria-hidden="true" style={{ ...box(page, scale), pointerEvents: 'none' }} />}
        {cameraStyle && (
          <div data-testid="layout-preview-camera" style={cameraStyle}>
            {cameraUrl && videoStyle ? (
              <video src={`${cameraUrl}#t=${cameraTimeSec}`} muted playsInline preload="metadata" style={videoStyle} />
            ) : (
              <div style={{ width: '100%', height: '100%', background: 'repeating-linear-gradient(45deg, #557, #557 8px, #668 8px, #668 16px)' }} />
            )}
          </div>
        )}
      </div>
      {geometry.cameraPlacement === 'margin' || geometry.cameraPlacement === 'least_ink' ? (
        <p className="hint" data-testid="camera-placement">
          {t(geometry.cameraPlacement === 'margin' ? 'montage.placedInMargin' : 'montage.placedInEmptiestCorner')}
        </p>
      ) : null}
      {(geometry.chromaKey || !cameraUrl) && (
        <figcaption className="hint">{geometry.chromaKey ? t('montage.previewKeyed') : layout.mode !== 'slides_only' && layout.mode !== 'audio_only' ? t('montage.noTake') : null}</figcaption>
      )}
    </figure>
  );
}
