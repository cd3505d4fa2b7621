// Runs in the renderer. The live panel: the program (slides of a capsule or a shared screen, the camera,
// the microphone) composed at 25 fps and previewed, the slides advanced with the recording keys, the
// targets (stream profiles, a one-off URL, Pod broadcasters), Go live / Stop, and the stream's health.
// Each part lives in its hook (capsule, devices, compositor, session) or component; this file joins them.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LiveResolution, StreamProfile } from '../../../shared/domain/live';
import { InlineError } from '../../components/InlineError';
import { useErrorNotice } from '../../hooks/useErrorNotice';
import { useShortcuts } from '../../hooks/useShortcuts';
import { LivePen } from '../pen'; // pen (issue 15)
import { useT } from '../../i18n/useT';
import { useUiStore } from '../../stores/uiStore';
import type { FeatureViewProps } from '../registry';
import { HealthPanel } from './HealthPanel';
import { useLiveCapsule } from './hooks/useLiveCapsule';
import { useLiveDevices } from './hooks/useLiveDevices';
import { useLiveSession } from './hooks/useLiveSession';
import { useProgramCompositor } from './hooks/useProgramCompositor';
import { PodLivePanel, type PodBinding } from './PodLivePanel';
import { ProgramSection } from './ProgramSection';
import { StreamProfilesPanel, type TargetChoice } from './StreamProfilesPanel';

export function LiveView({ studio, capsule: openCapsule }: FeatureViewProps) {
  const t = useT();
  const openCapsuleInEditor = useUiStore((state) => state.openCapsule);
  const notice = useErrorNotice();
  const showError = notice.show;
  const program = useLiveCapsule(studio, openCapsule, showError);
  const { devices, problems } = useLiveDevices(studio);
  const [resolution, setResolution] = useState<LiveResolution>('1280x720');
  const [screenStream, setScreenStream] = useState<MediaStream | null>(null);
  const [record, setRecord] = useState(false);
  const [recordingTitle, setRecordingTitle] = useState('');
  const [profiles, setProfiles] = useState<StreamProfile[]>([]);
  const [choice, setChoice] = useState<TargetChoice>({ profileIds: [], oneOffUrl: '' });
  const [podBinding, setPodBinding] = useState<PodBinding | null>(null);
  const previewRef = useRef<HTMLDivElement>(null);
  const onScreenEnded = useCallback(() => setScreenStream(null), []);

  const compositor = useProgramCompositor({
    studio,
    resolution,
    layout: program.layout,
    slide: program.currentSlide,
    slideContent: program.slideContent,
    devices,
    screenStream,
    onScreenEnded,
    previewRef,
    previewLabel: t('live.preview'),
  });
  const session = useLiveSession(studio, compositor, { choice, record, recordingTitle, resolution, podBinding }, showError);

  const refreshProfiles = useCallback(() => {
    studio.listStreamProfiles().then(setProfiles, showError);
  }, [studio, showError]);
  useEffect(refreshProfiles, [refreshProfiles]);

  // A local recording saved at Stop is a new capsule: named from the refreshed list.
  const { reloadCapsules } = program;
  const [saved, setSaved] = useState<{ id: string; title: string } | null>(null);
  const { savedRecording } = session;
  useEffect(() => {
    if (!savedRecording) return;
    reloadCapsules().then((list) => setSaved({ id: savedRecording.id, title: list.find((item) => item.id === savedRecording.id)?.title ?? savedRecording.typedTitle }), showError);
  }, [savedRecording, reloadCapsules, showError]);

  useShortcuts(['recording'], (id) => {
    if (id === 'nextSlide' || id === 'previousSlide' || id === 'nextSentence' || id === 'previousSentence') {
      program.move(id);
      return true;
    }
    return false;
  });

  const shareScreen = () =>
    void notice.run(async () => {
      setScreenStream(await navigator.mediaDevices.getDisplayMedia({ video: true, audio: true }));
    });
  const stopScreen = () => {
    for (const track of screenStream?.getTracks() ?? []) track.stop();
    setScreenStream(null);
  };

  const { phase } = session;
  const busy = phase !== 'idle';
  return (
    <section className="view live-view" aria-labelledby="live-title">
      <header className="view-header">
        <h2 id="live-title" className="page-title">{t('live.title')}</h2>
        <p className="help">{t('live.intro')}</p>
      </header>
      {problems.map((problem) => (
        <p key={problem.key} className="muted" role="status">
          {t(problem.key, { reason: problem.reason })}
        </p>
      ))}
      {saved ? (
        <p role="status" data-testid="live-recording-saved">
          {t('live.recordingSaved', { title: saved.title })}{' '}
          <button type="button" className="link-button" onClick={() => openCapsuleInEditor(saved.id)}>
            {t('live.openRecording')}
          </button>
        </p>
      ) : null}
      <InlineError error={notice.error} testId="live-error" onDismiss={notice.clear} />
      <div className="live-layout" style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 1fr)', gap: '1rem' }}>
        <div>
          {/* pen (issue 15): draw on the program preview, into the composed program */}
          <LivePen program={compositor} slideIndex={program.position.slideIndex} />
          <ProgramSection
            previewRef={previewRef}
            slideIndex={program.position.slideIndex}
            slideCount={program.slides.length}
            currentLine={program.currentLine}
            onMove={program.move}
            capsules={program.capsules}
            capsuleId={program.capsuleId}
            onCapsule={program.chooseCapsule}
            resolution={resolution}
            onResolution={setResolution}
            sharingScreen={screenStream !== null}
            onShareScreen={shareScreen}
            onStopScreen={stopScreen}
            record={record}
            onRecord={setRecord}
            recordingTitle={recordingTitle}
            onRecordingTitle={setRecordingTitle}
            busy={busy}
          />
          <p>
            {phase === 'idle' || phase === 'starting' ? (
              <button type="button" className="primary" disabled={phase === 'starting'} onClick={() => void session.goLive()}>
                {phase === 'starting' ? t('live.starting') : t('live.goLive')}
              </button>
            ) : (
              <button type="button" className="primary" disabled={phase === 'stopping'} onClick={() => void session.stop()}>
                {phase === 'stopping' ? t('live.stopping') : t('live.stop')}
              </button>
            )}
          </p>
          <InlineError error={session.failure.error} testId="live-action-error" />
        </div>
        <div>
          <HealthPanel health={session.health} />
          <StreamProfilesPanel studio={studio} profiles={profiles} choice={choice} onChoice={setChoice} onProfilesChanged={refreshProfiles} disabled={busy} />
          <PodLivePanel
            studio={studio}
            onUseUrl={(binding) => {
              setPodBinding(binding);
              setChoice((current) => ({ ...current, oneOffUrl: binding.url }));
            }}
          />
        </div>
      </div>
    </section>
  );
}
