// Runs in the renderer. The screen shared for a screen grain: opened when the teacher asks (the
// browser requires a click for getDisplayMedia), kept while the Record step stays on screen grains,
// stopped when it is left; a capture the system ends (the "Stop sharing" bar) is noticed.
import { useCallback, useEffect, useRef, useState } from 'react';
import { openScreenCapture } from './screenCapture';

export interface ScreenCaptureState {
  stream: MediaStream | null;
  /** The sharing ended without the teacher choosing it here (system bar, window closed). */
  ended: boolean;
  choose(): Promise<void>;
  stop(): void;
}

export function useScreenCapture(active: boolean, onError: (error: unknown) => void): ScreenCaptureState {
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [ended, setEnded] = useState(false);
  const current = useRef<MediaStream | null>(null);

  const stop = useCallback(() => {
    for (const track of current.current?.getTracks() ?? []) track.stop();
    current.current = null;
    setStream(null);
  }, []);

  const choose = useCallback(async () => {
    try {
      const next = await openScreenCapture();
      stop();
      current.current = next;
      setEnded(false);
      next.getVideoTracks()[0]?.addEventListener(
        'ended',
        () => {
          if (current.current !== next) return;
          current.current = null;
          setStream(null);
          setEnded(true);
        },
        { once: true },
      );
      setStream(next);
    } catch (error) {
      onError(error);
    }
  }, [onError, stop]);

  // Leaving screen grains (or the Record step) stops sharing: nothing is captured behind the teacher's back.
  useEffect(() => {
    if (!active) stop();
  }, [active, stop]);
  useEffect(() => stop, [stop]);

  return { stream, ended, choose, stop };
}
