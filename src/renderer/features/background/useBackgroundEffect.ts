// Runs in the renderer. The camera stream the Record step previews and records: the camera itself, or,
// with a virtual background chosen, the processed stream (see backgroundProcessor.ts). The choice is
// remembered on this machine; the preview's frame rate is measured while the effect runs. A picked image
// lives only in this window (decoded here): after a restart the image effect falls back to a built-in backdrop.
import { useCallback, useEffect, useRef, useState } from 'react';
import { DEFAULT_BACKDROP_LABEL, fileBackdropLabel, NO_BACKGROUND_EFFECT, type BackgroundEffect } from '../../../shared/domain/background';
import { BackgroundProcessor } from './backgroundProcessor';

const STORAGE_KEY = 'capsule-studio.background';

function storedEffect(): BackgroundEffect {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    const effect = raw ? { ...NO_BACKGROUND_EFFECT, ...(JSON.parse(raw) as Partial<BackgroundEffect>) } : NO_BACKGROUND_EFFECT;
    // The pixels of a picked file were not kept: say so honestly with a backdrop the studio can draw.
    return effect.image?.startsWith('file:') ? { ...effect, image: DEFAULT_BACKDROP_LABEL } : effect;
  } catch (error) {
    // A damaged entry only loses the remembered choice.
    console.warn('the remembered background effect could not be read', error);
    return NO_BACKGROUND_EFFECT;
  }
}

export interface BackgroundEffectState {
  effect: BackgroundEffect;
  setEffect(effect: BackgroundEffect): void;
  /** What to preview and record: the processed stream while the effect runs, else the camera. */
  stream: MediaStream | null;
  /** The effect is on but its model is still loading: recording waits. */
  loading: boolean;
  /** Frames per second the effect delivers (null while it is off). */
  fps: number | null;
  /** Decodes an image file the teacher picked and puts it behind them; rejects when it is not a readable image. */
  choosePicture(file: File): Promise<void>;
  /** The label (`file:<name>`) of the image picked in this window, to choose it again; null before any. */
  pictureLabel: string | null;
}

export function useBackgroundEffect(camera: MediaStream | null, onError: (error: unknown) => void): BackgroundEffectState {
  const [effect, setEffectState] = useState<BackgroundEffect>(storedEffect);
  const [processor, setProcessor] = useState<BackgroundProcessor | null>(null);
  const [fps, setFps] = useState<number | null>(null);
  const [picture, setPicture] = useState<{ bitmap: ImageBitmap; label: string } | null>(null);
  /** Pictures replaced by a newer one, closed once the processor has let go of them. */
  const retired = useRef<ImageBitmap[]>([]);
  const active = effect.mode !== 'none' && camera !== null && camera.getVideoTracks().length > 0;

  const setEffect = useCallback((next: BackgroundEffect) => {
    setEffectState(next);
    localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  }, []);

  const choosePicture = useCallback(
    async (file: File) => {
      // createImageBitmap rejects what is not an image; the current background is then kept.
      const bitmap = await createImageBitmap(file);
      const label = fileBackdropLabel(file.name);
      setPicture((previous) => {
        if (previous) retired.current.push(previous.bitmap);
        return { bitmap, label };
      });
      setEffect({ ...effect, mode: 'image', image: label });
    },
    [effect, setEffect],
  );

  // One processor per camera stream while an effect is on; switching between effects keeps it.
  useEffect(() => {
    if (!active || !camera) return;
    let stopped = false;
    let started: BackgroundProcessor | null = null;
    BackgroundProcessor.start(camera, storedEffect(), onError).then(
      (made) => {
        if (stopped) return void made.stop();
        started = made;
        setProcessor(made);
      },
      (error: unknown) => {
        if (!stopped) onError(error);
      },
    );
    return () => {
      stopped = true;
      setProcessor(null);
      setFps(null);
      void started?.stop();
    };
  }, [active, camera, onError]);

  useEffect(() => {
    processor?.setEffect(effect, picture?.bitmap ?? null);
    // Only now: closed while the processor still drew it, a bitmap would make drawImage throw and stop the effect.
    for (const bitmap of retired.current.splice(0)) bitmap.close();
  }, [processor, effect, picture]);

  // The last picture is released with the Record step (its processor stopped first: it draws no more).
  const shown = useRef<ImageBitmap | null>(null);
  shown.current = picture?.bitmap ?? null;
  useEffect(() => {
    const holder = shown;
    return () => holder.current?.close();
  }, []);

  useEffect(() => {
    if (!processor) return;
    const timer = setInterval(() => setFps(processor.fps()), 1000);
    return () => clearInterval(timer);
  }, [processor]);

  return { effect, setEffect, stream: active ? (processor?.stream ?? null) : camera, loading: active && processor === null, fps, choosePicture, pictureLabel: picture?.label ?? null };
}
