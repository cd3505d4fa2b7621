// Runs in the renderer. The live program's compositor and what feeds it: shown in the preview element,
// the current slide's picture and measured content (so the camera sits where the montage puts it), the
// layout, the camera and microphone, and a shared screen (which replaces the slide, its sound mixed in).
import { useEffect, useMemo, type RefObject } from 'react';
import { DEFAULT_LAYOUT, type LayoutSettings } from '../../../../shared/domain/layout';
import type { LiveResolution } from '../../../../shared/domain/live';
import type { Slide } from '../../../../shared/domain/capsule';
import type { SlideContent } from '../../../../shared/logic/cameraPlacement';
import type { StudioClient } from '../../../api/studioClient';
import { programSize } from '../logic/programFormat';
import { ProgramCompositor } from '../programCompositor';
import type { LiveDevices } from './useLiveDevices';

export interface ProgramInputs {
  studio: StudioClient;
  resolution: LiveResolution;
  layout: LayoutSettings;
  slide: Slide | null;
  slideContent: SlideContent | null;
  devices: LiveDevices | null;
  screenStream: MediaStream | null;
  /** The shared screen ended from the browser's own bar. */
  onScreenEnded(): void;
  previewRef: RefObject<HTMLDivElement | null>;
  previewLabel: string;
}

export function useProgramCompositor({ studio, resolution, layout, slide, slideContent, devices, screenStream, onScreenEnded, previewRef, previewLabel }: ProgramInputs): ProgramCompositor {
  // The compositor lives as long as the resolution (which cannot change while live); the layout is
  // applied by the effect below, right after it is made.
  const compositor = useMemo(() => new ProgramCompositor(programSize(resolution), DEFAULT_LAYOUT), [resolution]);

  useEffect(() => {
    const container = previewRef.current;
    compositor.canvas.setAttribute('data-testid', 'live-program');
    compositor.canvas.style.width = '100%';
    compositor.canvas.style.height = 'auto';
    container?.appendChild(compositor.canvas);
    compositor.start();
    return () => {
      compositor.stop();
      compositor.canvas.remove();
    };
  }, [compositor, previewRef]);
  useEffect(() => compositor.canvas.setAttribute('aria-label', previewLabel), [compositor, previewLabel]);
  useEffect(() => compositor.setLayout(layout), [compositor, layout]);
  useEffect(() => compositor.setSlideContent(slideContent), [compositor, slideContent]);

  useEffect(() => {
    if (!devices) return;
    compositor.setSources({ camera: devices.camera });
    compositor.addAudio(devices.stream);
    return () => compositor.removeAudio(devices.stream);
  }, [compositor, devices]);

  useEffect(() => {
    if (!slide) {
      compositor.setSources({ slide: null });
      return;
    }
    const image = new Image();
    image.crossOrigin = 'anonymous';
    image.src = studio.platform.mediaUrl(slide.image);
    compositor.setSources({ slide: image });
  }, [compositor, slide, studio]);

  useEffect(() => {
    if (!screenStream) {
      compositor.setSources({ screen: null });
      return;
    }
    const video = document.createElement('video');
    video.muted = true;
    video.srcObject = screenStream;
    // A muted video may always play; a refusal would only delay the screen's first frame.
    void video.play().catch(() => undefined);
    compositor.setSources({ screen: video });
    compositor.addAudio(screenStream);
    const track = screenStream.getVideoTracks()[0];
    track?.addEventListener('ended', onScreenEnded);
    return () => {
      compositor.removeAudio(screenStream);
      track?.removeEventListener('ended', onScreenEnded);
    };
  }, [compositor, screenStream, onScreenEnded]);

  return compositor;
}
