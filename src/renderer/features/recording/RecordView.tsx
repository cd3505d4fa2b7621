// Runs in the renderer. The recording studio: pick a grain, check the devices, read the prompter and
// record it (3-2-1 countdown, unmistakable REC indicator, elapsed time per slide and in total,
// pause/resume), keep every take, retake one grain without touching the others. Keys come from the
// one shortcut table (clickers send PageDown/PageUp/arrows/Space). In a second browser window opened
// with ?prompter, the same view shows only the prompter, following this one.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CapsuleDetail } from '../../../shared/domain/capsule';
import { toErrorInfo } from '../../../shared/errors';
import type { StudioClient } from '../../api/studioClient';
import type { FeatureViewProps } from '../registry';
import { useShortcuts } from '../../hooks/useShortcuts';
import { useT } from '../../i18n/useT';
import { promptSentences } from '../../logic/prompt';
import type { ShortcutId } from '../../shortcuts';
import { useEditorStore } from '../../stores/editorStore';
import { useTakesStore } from '../../stores/takesStore';
import { useUiStore } from '../../stores/uiStore';
import { grainCoverage, nextGrainToRecord, recordProgress, takesNewestFirst } from '../../logic/grainCoverage';
import { DevicePanel, PrompterSettings } from './DevicePanel';
import { GrainList } from './GrainList';
import { bitratesFor, LOW_SPACE_MINUTES, recordingMinutesLeft } from './logic/recorderFormat';
import { movePrompter, replaceSentence, START, type PrompterMove, type PrompterPosition } from './logic/prompterPosition';
import { Prompter } from './Prompter';
import { PrompterWindow } from './PrompterWindow';
import { isPrompterWindow, type RecordingPhase } from './prompterChannel';
import { RecordControls } from './RecordControls';
import { RecordStatus } from './RecordStatus';
import { RecoveredTakes } from './RecoveredTakes';
import { TakeRecorder } from './takeRecorder';
import { TakePlayback } from './TakePlayback';
import { TakesPanel } from './TakesPanel';
import { useAudioLevel } from './useAudioLevel';
import { useCaptureDevices } from './useCaptureDevices';
import { usePrompterWindowSync } from './usePrompterWindowSync';
import { useRecordingPreferences } from './useRecordingPreferences';
// Screen grains (issue #15): the shared screen replaces the slide on the stage and is recorded with the take.
import { ScreenStage } from '../screen/ScreenStage';
import { useScreenCapture } from '../screen/useScreenCapture';
// Virtual background (issue #15): the processed camera replaces the camera in the preview and the recorder.
import { BackgroundPanel } from '../background/BackgroundPanel';
import { useBackgroundEffect } from '../background/useBackgroundEffect';

export function RecordView({ studio, capsule }: FeatureViewProps) {
  const t = useT();
  if (isPrompterWindow()) return <PrompterWindow />;
  if (!capsule) return <p className="muted">{t('app.noCapsuleSelected')}</p>;
  return <RecordStudio studio={studio} capsule={capsule} />;
}

const MOVES: Partial<Record<ShortcutId, PrompterMove>> = {
  nextSentence: 'nextSentence',
  previousSentence: 'previousSentence',
  nextSlide: 'nextSlide',
  previousSlide: 'previousSlide',
};

function beep(): void {
  try {
    const context = new AudioContext();
    const oscillator = context.createOscillator();
    oscillator.frequency.value = 880;
    oscillator.connect(context.destination);
    oscillator.start();
    oscillator.stop(context.currentTime + 0.15);
    oscillator.onended = () => void context.close();
  } catch (error) {
    // No audio output: the countdown is still shown.
    console.warn('countdown beep failed', error);
  }
}

function RecordStudio({ studio, capsule }: { studio: StudioClient; capsule: CapsuleDetail }) {
  const t = useT();
  const notifyError = useUiStore((state) => state.notifyError);
  const notify = useUiStore((state) => state.notify);
  const drafts = useEditorStore((state) => state.drafts);
  const { prefs, update: updatePrefs } = useRecordingPreferences(studio, notifyError);
  // "Record it" in Produce opens the Record step on that grain.
  const [grainId, setGrainId] = useState<string | null>(() => {
    const requested = useUiStore.getState().takeRecordGrain();
    return capsule.grains.some((item) => item.id === requested) ? requested : (capsule.grains[0]?.id ?? null);
  });
  const [position, setPosition] = useState<PrompterPosition>(START);
  const [phase, setPhase] = useState<RecordingPhase>('idle');
  const [countdown, setCountdown] = useState(0);
  const takes = useTakesStore((state) => (state.capsuleId === capsule.id ? state.takes : []));
  const [playingId, setPlayingId] = useState<string | null>(null);
  const [savedBytes, setSavedBytes] = useState(0);
  const [freeBytes, setFreeBytes] = useState<number | null>(null);
  const [, setTick] = useState(0);
  const recorder = useRef<TakeRecorder | null>(null);
  const slideStartedAt = useRef(0);
  const countdownCancelled = useRef(false);
  const capture = useCaptureDevices(prefs, true);
  const level = useAudioLevel(capture.stream);
  const background = useBackgroundEffect(capture.stream, notifyError); // virtual background (issue #15)

  const grainIndex = Math.max(0, capsule.grains.findIndex((grain) => grain.id === grainId));
  const grain = capsule.grains[grainIndex] ?? null;
  const screenGrain = grain?.kind === 'screen'; // screen grains (issue #15)
  const screen = useScreenCapture(screenGrain, notifyError); // screen grains (issue #15)
  const script = useMemo(() => (grain ? grain.slides.map((slide) => promptSentences(drafts[slide.id] ?? slide.prompt)) : []), [grain, drafts]);
  const grainTakes = useMemo(() => (grain ? takesNewestFirst(takes, grain.id) : []), [takes, grain]);
  const recordStatus = useTakesStore((state) => (state.capsuleId === capsule.id ? state.recordStatus : null));
  const coverage = useMemo(() => grainCoverage(capsule, takes, recordStatus), [capsule, takes, recordStatus]);
  const progress = recordStatus ? recordProgress(recordStatus) : null;
  const stageRef = useRef<HTMLDivElement>(null);

  // Handlers run from keys, timers and the second window: they read the latest state through refs.
  const live = useRef({ phase, position, script, grain, capture, prefs, takes, recordStatus, screen, background });
  live.current = { phase, position, script, grain, capture, prefs, takes, recordStatus, screen, background };

  const loadTakes = useCallback(() => {
    void useTakesStore.getState().load(capsule.id);
    studio
      .getRecordingSpace()
      .then((space) => setFreeBytes(space.freeBytes))
      .catch(notifyError);
  }, [studio, capsule.id, notifyError]);
  // The takes store follows `take.changed` by itself (stores/sync.ts); the free space is read here.
  useEffect(() => {
    loadTakes();
  }, [loadTakes]);

  // If the grain disappears (merged in the editor), fall back to the first one.
  useEffect(() => {
    if (!capsule.grains.some((item) => item.id === grainId)) setGrainId(capsule.grains[0]?.id ?? null);
  }, [capsule.grains, grainId]);

  const stop = useCallback(async () => {
    const current = recorder.current;
    if (!current || live.current.phase === 'finishing') return;
    setPhase('finishing');
    try {
      await current.stop(live.current.position);
    } catch (error) {
      notifyError(error);
    } finally {
      recorder.current = null;
      setPhase('idle');
      setSavedBytes(0);
      loadTakes();
    }
  }, [notifyError, loadTakes]);

  const begin = useCallback(async () => {
    const { capture: devices, grain: currentGrain, screen: shared } = live.current;
    if (!devices.stream || !currentGrain) return;
    const next = new TakeRecorder({
      api: studio,
      stream: devices.stream,
      // Virtual background (issue #15): the camera with the effect is recorded beside the camera as filmed.
      processed: live.current.background.effect.mode !== 'none' && live.current.background.stream && live.current.background.stream !== devices.stream ? { stream: live.current.background.stream, background: live.current.background.effect } : null,
      screen: currentGrain.kind === 'screen' ? shared.stream : null, // screen grains (issue #15)
      capsuleId: capsule.id,
      grainId: currentGrain.id,
      onChunk: (receipt) => setSavedBytes(receipt.bytes),
      onFailure: (error) => {
        notify({ tone: 'error', message: { key: 'recording.stoppedByError' }, error: toErrorInfo(error) });
        void stop();
      },
    });
    recorder.current = next;
    setPosition(START);
    slideStartedAt.current = 0;
    try {
      await next.start(START);
      setPhase('recording');
    } catch (error) {
      recorder.current = null;
      setPhase('idle');
      notifyError(error);
    }
  }, [studio, capsule.id, notify, notifyError, stop]);

  const startFlow = useCallback(async () => {
    if (live.current.phase !== 'idle' || !live.current.capture.stream || !live.current.grain) return;
    setPosition(START);
    setPlayingId(null);
    // The slide being talked about stays in view while the take runs.
    stageRef.current?.scrollIntoView?.({ block: 'start' });
    if (live.current.prefs?.countdown) {
      setPhase('countdown');
      countdownCancelled.current = false;
      for (let value = 3; value >= 1; value -= 1) {
        setCountdown(value);
        if (live.current.prefs?.beep) beep();
        await new Promise((resolve) => setTimeout(resolve, 1000));
        if (countdownCancelled.current) {
          setPhase('idle');
          return;
        }
      }
    }
    setPhase('finishing'); // blocks keys until the recorder really runs
    await begin();
  }, [begin]);

  /** Keeps the current take (if one runs) and goes to the next grain still without a take. */
  const goToNextGrain = useCallback(async () => {
    const { phase: currentPhase, grain: currentGrain, takes: currentTakes } = live.current;
    if (currentPhase === 'countdown' || currentPhase === 'finishing') return;
    const wasRecording = currentPhase === 'recording' || currentPhase === 'paused';
    if (wasRecording) await stop();
    // The take just kept counts as recorded, even before the takes list is reloaded.
    const known = wasRecording && currentGrain ? [...currentTakes, { grainId: currentGrain.id, state: 'ready', recovery: null, attempt: 0 } as (typeof currentTakes)[number]] : currentTakes;
    const next = nextGrainToRecord(capsule, known, currentGrain?.id ?? null, live.current.recordStatus);
    if (!next) return;
    setGrainId(next.id);
    setPosition(START);
    setPlayingId(null);
    if (wasRecording) {
      live.current = { ...live.current, grain: next, phase: 'idle' };
      await startFlow();
    }
  }, [capsule, stop, startFlow]);

  const move = useCallback(
    (kind: PrompterMove) => {
      const { phase: currentPhase, position: current, script: currentScript } = live.current;
      const result = movePrompter(currentScript, current, kind);
      if (currentPhase === 'recording' || currentPhase === 'paused') {
        if (result.event) {
          const event = recorder.current?.mark(result.event, result.position);
          if (event && result.position.slideIndex !== current.slideIndex) slideStartedAt.current = event.atMs;
        }
        // Polymny's clicker workflow: going past the last sentence of the grain ends the take.
        if (result.atEnd && kind === 'nextSentence' && currentPhase === 'recording') {
          void stop();
          return;
        }
      }
      setPosition(result.position);
    },
    [stop],
  );

  const runShortcut = useCallback(
    (id: ShortcutId): boolean => {
      const currentPhase = live.current.phase;
      const moveKind = MOVES[id];
      if (moveKind) {
        if (currentPhase === 'countdown' || currentPhase === 'finishing') return true;
        move(moveKind);
        return true;
      }
      switch (id) {
        case 'startRecording':
          if (currentPhase !== 'idle') return true;
          void startFlow();
          return true;
        case 'pauseResume':
          if (currentPhase === 'recording') {
            recorder.current?.pause(live.current.position);
            setPhase('paused');
          } else if (currentPhase === 'paused') {
            recorder.current?.resume(live.current.position);
            setPhase('recording');
          }
          return true;
        case 'stopRecording':
          if (currentPhase === 'countdown') {
            countdownCancelled.current = true;
            return true;
          }
          if (currentPhase === 'recording' || currentPhase === 'paused') {
            void stop();
            return true;
          }
          return false;
        case 'nextGrain':
          void goToNextGrain();
          return true;
        case 'retake':
          if (currentPhase === 'recording' || currentPhase === 'paused') {
            void stop().then(() => startFlow());
          } else if (currentPhase === 'idle') void startFlow();
          return true;
        default:
          return false;
      }
    },
    [move, startFlow, stop, goToNextGrain],
  );

  useShortcuts(['recording'], (id, event) => {
    // Typing in the in-place sentence editor: its own Enter/Escape win.
    if (event.target instanceof HTMLElement && event.target.closest('.prompter-edit')) return false;
    if ((event.target instanceof HTMLButtonElement || event.target instanceof HTMLSelectElement) && (id === 'startRecording' || id === 'nextSentence')) return false;
    return runShortcut(id);
  });

  // The clock on screen: a few refreshes a second while a take runs.
  useEffect(() => {
    if (phase !== 'recording' && phase !== 'paused') return;
    const timer = setInterval(() => setTick((value) => value + 1), 250);
    return () => clearInterval(timer);
  }, [phase]);

  // Closing the tab mid-take asks first (the take would be repaired, but cut short).
  useEffect(() => {
    if (phase !== 'recording' && phase !== 'paused') return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [phase]);

  const totalMs = recorder.current?.elapsed() ?? 0;
  const slideMs = Math.max(0, totalMs - slideStartedAt.current);

  // The second prompter window follows this one and sends its clicker's keys back.
  usePrompterWindowSync(prefs ? { script, position, prompter: prefs.prompter, phase, countdown, totalMs, slideMs, grainNumber: grainIndex + 1 } : null, runShortcut);

  const onEditSentence = (text: string) => {
    const slide = grain?.slides[position.slideIndex];
    if (!slide) return;
    const editor = useEditorStore.getState();
    editor.editPrompt(slide.id, replaceSentence(editor.drafts[slide.id] ?? slide.prompt, position.sentenceIndex, text));
    void editor.flushPrompt(slide.id);
  };

  if (!prefs || !grain) return <p className="muted">{t('app.connecting')}</p>;
  const recording = phase === 'recording' || phase === 'paused';
  const busy = phase !== 'idle';
  const currentSlide = grain.slides[position.slideIndex];
  const minutesLeft = freeBytes === null ? null : recordingMinutesLeft(freeBytes, bitratesFor(capture.videoSize?.height ?? null));
  const playingTake = grainTakes.find((take) => take.id === playingId && take.state === 'ready') ?? null;
  const canRecord = capture.stream !== null && !capture.opening && capture.stream.getAudioTracks().length > 0 && (!screenGrain || screen.stream !== null) && !background.loading;

  return (
    <section className={`record-view ${recording ? 'is-recording' : ''}`} data-phase={phase}>
      <header className="view-header">
        <h1 tabIndex={-1}>{t('recording.title')}</h1>
        <p className="help">{t('recording.intro')}</p>
      </header>
      <RecoveredTakes studio={studio} capsule={capsule} />
      {minutesLeft !== null && freeBytes !== null && minutesLeft < LOW_SPACE_MINUTES && (
        <p className="warning" role="alert" data-testid="low-space">
          {t('recording.lowSpace', { gb: (freeBytes / 1e9).toFixed(1), minutes: minutesLeft })}
        </p>
      )}
      <div className="record-grid">
        <GrainList
          coverage={coverage}
          progress={progress}
          currentGrainId={grain.id}
          locked={busy}
          onChoose={(id) => {
            setGrainId(id);
            setPosition(START);
            setPlayingId(null);
          }}
        />

        <div className="record-stage" ref={stageRef}>
          <RecordStatus
            phase={phase}
            totalMs={totalMs}
            slideMs={slideMs}
            slideIndex={position.slideIndex}
            slideCount={grain.slides.length}
            sentenceIndex={position.sentenceIndex}
            sentenceCount={script[position.slideIndex]?.length ?? 0}
            savedBytes={savedBytes}
          />
          {playingTake && !busy ? (
            <TakePlayback studio={studio} grain={grain} take={playingTake} onClose={() => setPlayingId(null)} />
          ) : screenGrain ? (
            <ScreenStage capture={screen} locked={busy} /> /* screen grains (issue #15) */
          ) : (
            <div className="record-slide">
              {currentSlide && <img src={studio.platform.mediaUrl(currentSlide.image)} alt={t('recording.slideOf', { current: position.slideIndex + 1, total: grain.slides.length })} />}
            </div>
          )}
          <Prompter script={script} position={position} prefs={prefs.prompter} phase={phase} onEditSentence={onEditSentence} />
          <RecordControls
            phase={phase}
            canRecord={canRecord}
            hasTake={grainTakes.length > 0}
            severalGrains={coverage.length > 1}
            onStart={() => void startFlow()}
            onCancelCountdown={() => (countdownCancelled.current = true)}
            onPauseResume={() => runShortcut('pauseResume')}
            onStop={() => void stop()}
            onNextGrain={() => void goToNextGrain()}
          />
          <p className="help">{t('recording.keysHelp')}</p>
        </div>

        <div className="record-side">
          <TakesPanel studio={studio} grainNumber={grainIndex + 1} takes={grainTakes} locked={busy} playingId={playingTake?.id ?? null} onPlay={setPlayingId} />
          <DevicePanel prefs={prefs} capture={{ ...capture, stream: background.stream ?? capture.stream }} level={level} locked={busy} onChange={updatePrefs} />
          <BackgroundPanel state={background} locked={busy} /> {/* virtual background (issue #15) */}
          <PrompterSettings prefs={prefs} onChange={updatePrefs} />
        </div>
      </div>
      {phase === 'countdown' && (
        <div className="countdown" aria-live="assertive" data-testid="countdown">
          {countdown}
        </div>
      )}
    </section>
  );
}
