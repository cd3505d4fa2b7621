// Runs in the renderer. One take from the first key to the kept file: the 3-2-1 countdown (and its
// beep), the TakeRecorder started on the stream it is given, pause/resume, the marks of slide and
// sentence changes, stop (or the failure that stops it), the bytes saved, the clock on screen and the
// question before closing the tab mid-take. The phase is also kept in a ref set at once, so an action
// that runs right after an await (retake, next grain) sees the phase it left, not the last render's.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BackgroundEffect } from '../../../shared/domain/background';
import type { TakeEventType } from '../../../shared/domain/take';
import { toErrorInfo } from '../../../shared/errors';
import type { StudioClient } from '../../api/studioClient';
import { useLatest } from '../../hooks/useLatest';
import { useUiStore } from '../../stores/uiStore';
import { playCountdownBeep } from './countdownBeep';
import { START, type PrompterPosition } from './logic/prompterPosition';
import type { RecordingPhase } from './prompterChannel';
import { TakeRecorder } from './takeRecorder';

export interface TakeSessionOptions {
  studio: StudioClient;
  capsuleId: string;
  /** Where the prompter is now: pause, resume and stop are marked there. */
  position(): PrompterPosition;
  /** A take ended, kept or not: the takes and the free space are read again. */
  onEnded(): void;
}

/** What a take records besides the camera as filmed (issue #15). */
export interface SideTracks {
  /** The camera with its virtual background, recorded beside the camera as filmed. */
  processed: { stream: MediaStream; background: BackgroundEffect } | null;
  /** A screen grain's shared screen. */
  screen: MediaStream | null;
}

export const NO_SIDE_TRACKS: SideTracks = { processed: null, screen: null };

export interface TakeToRecord {
  grainId: string;
  /** What is recorded, read when the countdown ends (null: the devices closed meanwhile, nothing starts). */
  stream(): MediaStream | null;
  /** Read at the same moment as the stream. */
  sideTracks?(): SideTracks;
  countdown: boolean;
  beep: boolean;
}

export interface TakeSession {
  phase: RecordingPhase;
  /** The number shown during the countdown. */
  countdown: number;
  /** Bytes of the running take already on disk. */
  savedBytes: number;
  /** Media time of the running take, in total and on the current slide (0 when none runs). */
  totalMs: number;
  slideMs: number;
  /** The running take's recorder (its id and media clock, for what is stamped on it: pen strokes); null between takes. */
  recorder: TakeRecorder | null;
  /** The phase now, even before React renders it. */
  currentPhase(): RecordingPhase;
  /** Counts down (when asked), then records from the prompter's start; resolves once it runs, was cancelled or failed. */
  start(take: TakeToRecord): Promise<void>;
  cancelCountdown(): void;
  pause(): void;
  resume(): void;
  /** Saves a prompter move in the running take (a new slide restarts the slide clock). */
  mark(event: TakeEventType, position: PrompterPosition, newSlide: boolean): void;
  /** Stops and keeps the take; resolves once the main side has it (or said why not). */
  stop(): Promise<void>;
}

const COUNTDOWN_FROM = 3;
const CLOCK_REFRESH_MS = 250;

export function useTakeSession(options: TakeSessionOptions): TakeSession {
  const { studio, capsuleId } = options;
  const latest = useLatest(options);
  const notify = useUiStore((state) => state.notify);
  const notifyError = useUiStore((state) => state.notifyError);
  const [phase, setPhaseState] = useState<RecordingPhase>('idle');
  const phaseNow = useRef<RecordingPhase>('idle');
  const [countdown, setCountdown] = useState(0);
  const [savedBytes, setSavedBytes] = useState(0);
  const [, setTick] = useState(0);
  const recorder = useRef<TakeRecorder | null>(null);
  const slideStartedAt = useRef(0);
  const countdownCancelled = useRef(false);

  const setPhase = useCallback((next: RecordingPhase) => {
    phaseNow.current = next;
    setPhaseState(next);
  }, []);
  const currentPhase = useCallback(() => phaseNow.current, []);

  const stop = useCallback(async () => {
    const current = recorder.current;
    if (!current || phaseNow.current === 'finishing') return;
    setPhase('finishing');
    try {
      await current.stop(latest.current.position());
    } catch (error) {
      notifyError(error);
    } finally {
      recorder.current = null;
      setPhase('idle');
      setSavedBytes(0);
      latest.current.onEnded();
    }
  }, [latest, notifyError, setPhase]);

  const record = useCallback(
    async ({ grainId, stream: streamNow, sideTracks }: TakeToRecord) => {
      const stream = streamNow();
      const sides = sideTracks?.() ?? NO_SIDE_TRACKS;
      if (!stream) {
        setPhase('idle');
        return;
      }
      const next = new TakeRecorder({
        api: studio,
        stream,
        processed: sides.processed,
        screen: sides.screen,
        capsuleId,
        grainId,
        onChunk: (receipt) => setSavedBytes(receipt.bytes),
        onFailure: (error) => {
          notify({ tone: 'error', message: { key: 'recording.stoppedByError' }, error: toErrorInfo(error) });
          void stop();
        },
      });
      recorder.current = next;
      slideStartedAt.current = 0;
      try {
        await next.start(START);
        setPhase('recording');
      } catch (error) {
        recorder.current = null;
        setPhase('idle');
        notifyError(error);
      }
    },
    [studio, capsuleId, notify, notifyError, stop, setPhase],
  );

  const start = useCallback(
    async (take: TakeToRecord) => {
      if (phaseNow.current !== 'idle') return;
      if (take.countdown) {
        setPhase('countdown');
        countdownCancelled.current = false;
        for (let value = COUNTDOWN_FROM; value >= 1; value -= 1) {
          setCountdown(value);
          if (take.beep) playCountdownBeep();
          await new Promise((resolve) => setTimeout(resolve, 1000));
          if (countdownCancelled.current) {
            setPhase('idle');
            return;
          }
        }
      }
      setPhase('finishing'); // blocks keys until the recorder really runs
      await record(take);
    },
    [record, setPhase],
  );

  const cancelCountdown = useCallback(() => {
    countdownCancelled.current = true;
  }, []);

  const pause = useCallback(() => {
    if (phaseNow.current !== 'recording') return;
    recorder.current?.pause(latest.current.position());
    setPhase('paused');
  }, [latest, setPhase]);

  const resume = useCallback(() => {
    if (phaseNow.current !== 'paused') return;
    recorder.current?.resume(latest.current.position());
    setPhase('recording');
  }, [latest, setPhase]);

  const mark = useCallback((event: TakeEventType, position: PrompterPosition, newSlide: boolean) => {
    const saved = recorder.current?.mark(event, position);
    if (saved && newSlide) slideStartedAt.current = saved.atMs;
  }, []);

  const taking = phase === 'recording' || phase === 'paused';

  // The clock on screen: a few refreshes a second while a take runs.
  useEffect(() => {
    if (!taking) return;
    const timer = setInterval(() => setTick((value) => value + 1), CLOCK_REFRESH_MS);
    return () => clearInterval(timer);
  }, [taking]);

  // Closing the tab mid-take asks first (the take would be repaired, but cut short).
  useEffect(() => {
    if (!taking) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [taking]);

  const totalMs = recorder.current?.elapsed() ?? 0;
  return {
    phase,
    countdown,
    savedBytes,
    totalMs,
    slideMs: Math.max(0, totalMs - slideStartedAt.current),
    recorder: recorder.current,
    currentPhase,
    start,
    cancelCountdown,
    pause,
    resume,
    mark,
    stop,
  };
}
