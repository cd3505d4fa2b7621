// Runs in the renderer. The recording studio: pick a grain, check the devices, read the prompter and
// record it (3-2-1 countdown, unmistakable REC indicator, elapsed time per slide and in total,
// pause/resume), keep every take, retake one grain without touching the others. Keys come from the
// one shortcut table (clickers send PageDown/PageUp/arrows/Space). In a second browser window opened
// with ?prompter, the same view shows only the prompter, following this one.
// Each part lives in its hook (devices, grain, prompter position, take, the flow that joins them, keys)
// or component; this file composes them: the grains, the stage (slide, prompter, controls) and the side
// (takes, camera preview and devices, prompter settings).
import { useCallback, useRef, useState } from 'react';
import type { CapsuleDetail } from '../../../shared/domain/capsule';
import type { StudioClient } from '../../api/studioClient';
import { useT } from '../../i18n/useT';
import { useUiStore } from '../../stores/uiStore';
import type { FeatureViewProps } from '../registry';
import { DevicePanel, PrompterSettings } from './DevicePanel';
import { GrainList } from './GrainList';
import { LowSpaceWarning } from './LowSpaceWarning';
import { Prompter } from './Prompter';
import { PrompterWindow } from './PrompterWindow';
import { isPrompterWindow } from './prompterChannel';
import { RecordControls } from './RecordControls';
import { RecordStatus } from './RecordStatus';
import { RecoveredTakes } from './RecoveredTakes';
import { TakePlayback } from './TakePlayback';
import { TakesPanel } from './TakesPanel';
import { useAudioLevel } from './useAudioLevel';
import { useCaptureDevices } from './useCaptureDevices';
import { usePrompterPosition } from './usePrompterPosition';
import { usePrompterWindowSync } from './usePrompterWindowSync';
import { useRecordFlow } from './useRecordFlow';
import { useRecordGrain } from './useRecordGrain';
import { PenStage, PenToolbar } from '../pen'; // pen (issue 15)
import { useRecordingPreferences } from './useRecordingPreferences';
import { useRecordingSpace } from './useRecordingSpace';
import { useRecordKeys } from './useRecordKeys';
import { useTakeSession } from './useTakeSession';
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

function RecordStudio({ studio, capsule }: { studio: StudioClient; capsule: CapsuleDetail }) {
  const t = useT();
  const notifyError = useUiStore((state) => state.notifyError);
  const { prefs, update: updatePrefs } = useRecordingPreferences(studio, notifyError);
  const capture = useCaptureDevices(prefs, true);
  const level = useAudioLevel(capture.stream);
  const background = useBackgroundEffect(capture.stream, notifyError); // virtual background (issue #15)
  const space = useRecordingSpace(studio, notifyError);
  const grains = useRecordGrain(capsule);
  const prompter = usePrompterPosition();
  const screenGrain = grains.grain?.kind === 'screen'; // screen grains (issue #15)
  const screen = useScreenCapture(screenGrain, notifyError); // screen grains (issue #15)
  const [playingId, setPlayingId] = useState<string | null>(null);
  const stageRef = useRef<HTMLDivElement>(null);

  const { reloadTakes } = grains;
  const { refresh: refreshSpace } = space;
  const onTakeEnded = useCallback(() => {
    reloadTakes();
    refreshSpace();
  }, [reloadTakes, refreshSpace]);
  const session = useTakeSession({ studio, capsuleId: capsule.id, position: prompter.current, onEnded: onTakeEnded });
  const flow = useRecordFlow({
    grains,
    prompter,
    session,
    // What a take records: the devices opened by the device check.
    stream: capture.stream,
    // Besides the camera as filmed (issue #15): the camera with its virtual background, and a screen grain's screen.
    sideTracks: () => ({
      processed: background.effect.mode !== 'none' && background.stream && background.stream !== capture.stream ? { stream: background.stream, background: background.effect } : null,
      screen: screenGrain ? screen.stream : null,
    }),
    countdown: prefs?.countdown ?? false,
    beep: prefs?.beep ?? false,
    onTakeStarting: () => {
      setPlayingId(null);
      // The slide being talked about stays in view while the take runs.
      stageRef.current?.scrollIntoView?.({ block: 'start' });
    },
    onGrainChanged: () => setPlayingId(null),
  });
  useRecordKeys(flow.runShortcut);

  const { phase, countdown, totalMs, slideMs } = session;
  const { grain, grainIndex, script } = grains;
  const { position } = prompter;
  // The second prompter window follows this one and sends its clicker's keys back.
  usePrompterWindowSync(prefs ? { script, position, prompter: prefs.prompter, phase, countdown, totalMs, slideMs, grainNumber: grainIndex + 1 } : null, flow.runShortcut);

  if (!prefs || !grain) return <p className="muted">{t('app.connecting')}</p>;
  const recording = phase === 'recording' || phase === 'paused';
  const busy = phase !== 'idle';
  const currentSlide = grain.slides[position.slideIndex];
  const playingTake = grains.takes.find((take) => take.id === playingId && take.state === 'ready') ?? null;
  const canRecord = capture.stream !== null && !capture.opening && capture.stream.getAudioTracks().length > 0 && (!screenGrain || screen.stream !== null) && !background.loading;

  return (
    <section className={`record-view ${recording ? 'is-recording' : ''}`} data-phase={phase}>
      <header className="view-header">
        <h1 tabIndex={-1}>{t('recording.title')}</h1>
        <p className="help">{t('recording.intro')}</p>
      </header>
      <RecoveredTakes studio={studio} capsule={capsule} />
      <LowSpaceWarning freeBytes={space.freeBytes} videoHeight={capture.videoSize?.height ?? null} />
      <div className="record-grid">
        <GrainList coverage={grains.coverage} progress={grains.progress} currentGrainId={grain.id} locked={busy} onChoose={flow.chooseGrain} />

        <div className="record-stage" ref={stageRef}>
          <RecordStatus
            phase={phase}
            totalMs={totalMs}
            slideMs={slideMs}
            slideIndex={position.slideIndex}
            slideCount={grain.slides.length}
            sentenceIndex={position.sentenceIndex}
            sentenceCount={script[position.slideIndex]?.length ?? 0}
            savedBytes={session.savedBytes}
          />
          {/* The slide stage: the slide being talked about, or a take played back. */}
          {playingTake && !busy ? (
            <TakePlayback studio={studio} grain={grain} take={playingTake} onClose={() => setPlayingId(null)} />
          ) : screenGrain ? (
            <ScreenStage capture={screen} locked={busy} /> /* screen grains (issue #15) */
          ) : (
            <div className="record-slide">
              {/* pen (issue 15): its toolbar, and the slide as a drawing surface */}
              <PenToolbar />
              {currentSlide && (
                <PenStage studio={studio} take={session.recorder} slideIndex={position.slideIndex}>
                  <img src={studio.platform.mediaUrl(currentSlide.image)} alt={t('recording.slideOf', { current: position.slideIndex + 1, total: grain.slides.length })} />
                </PenStage>
              )}
            </div>
          )}
          <Prompter script={script} position={position} prefs={prefs.prompter} phase={phase} onEditSentence={(text) => grains.editSentence(position, text)} />
          <RecordControls
            phase={phase}
            canRecord={canRecord}
            hasTake={grains.takes.length > 0}
            severalGrains={grains.coverage.length > 1}
            onStart={flow.startTake}
            onCancelCountdown={session.cancelCountdown}
            onPauseResume={() => flow.runShortcut('pauseResume')}
            onStop={() => void session.stop()}
            onNextGrain={flow.nextGrain}
          />
          <p className="help">{t('recording.keysHelp')}</p>
        </div>

        <div className="record-side">
          <TakesPanel studio={studio} grainNumber={grainIndex + 1} takes={grains.takes} locked={busy} playingId={playingTake?.id ?? null} onPlay={setPlayingId} />
          {/* The camera preview and the device check. */}
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
