// Runs in the renderer. The live panel: the program (slides of a capsule or a shared screen, the camera,
// the microphone) composed at 25 fps and previewed, the slides advanced with the recording keys, the
// targets (stream profiles, a one-off URL, Pod broadcasters), Go live / Stop, and the stream's health.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { DEFAULT_LAYOUT, mergeLayout, type LayoutSettings } from '../../../shared/domain/layout';
import type { SlideContent } from '../../../shared/logic/cameraPlacement';
import type { CapsuleDetail, CapsuleSummary, Slide } from '../../../shared/domain/capsule';
import type { LiveHealth, LiveResolution, StreamProfile } from '../../../shared/domain/live';
import { errorState, InlineError, type ShownError } from '../../components/InlineError';
import { useLatest } from '../../hooks/useLatest';
import { useShortcuts } from '../../hooks/useShortcuts';
import { useT } from '../../i18n/useT';
import { useUiStore } from '../../stores/uiStore';
import type { FeatureViewProps } from '../registry';
import { movePrompter, prompterLines, START, type PrompterMove, type PrompterPosition } from '../recording/logic/prompterPosition';
import { HealthPanel } from './HealthPanel';
import { LiveStreamer } from './liveStreamer';
import { programSize } from './logic/programFormat';
import { PodLivePanel, type PodBinding } from './PodLivePanel';
import { ProgramCompositor } from './programCompositor';
import { StreamProfilesPanel, type TargetChoice } from './StreamProfilesPanel';

type Phase = 'idle' | 'starting' | 'live' | 'stopping';

const CAMERA_ONLY: LayoutSettings = { ...DEFAULT_LAYOUT, mode: 'camera_only' };

function sentencesOf(slide: Slide): string[] {
  return slide.prompt.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

export function LiveView({ studio, capsule: openCapsule }: FeatureViewProps) {
  const t = useT();
  const openCapsuleInEditor = useUiStore((state) => state.openCapsule);
  const [capsules, setCapsules] = useState<CapsuleSummary[]>([]);
  const [capsuleId, setCapsuleId] = useState<string>(openCapsule?.id ?? '');
  const [capsule, setCapsule] = useState<CapsuleDetail | null>(openCapsule);
  const [position, setPosition] = useState<PrompterPosition>(START);
  const [resolution, setResolution] = useState<LiveResolution>('1280x720');
  const [screenStream, setScreenStream] = useState<MediaStream | null>(null);
  const [record, setRecord] = useState(false);
  const [recordingTitle, setRecordingTitle] = useState('');
  const [profiles, setProfiles] = useState<StreamProfile[]>([]);
  const [choice, setChoice] = useState<TargetChoice>({ profileIds: [], oneOffUrl: '' });
  const [phase, setPhase] = useState<Phase>('idle');
  const [health, setHealth] = useState<LiveHealth | null>(null);
  /** Device problems as message keys and the browser's reason, translated at render (they follow the language). */
  const [problems, setProblems] = useState<{ key: 'live.cameraProblem' | 'live.microphoneProblem'; reason: string }[]>([]);
  const [error, setError] = useState<ShownError>(null);
  /** An error of Go live / Stop, shown next to the button (the page's top may be out of view). */
  const [actionError, setActionError] = useState<ShownError>(null);
  const [podBinding, setPodBinding] = useState<PodBinding | null>(null);
  const podOnAir = useRef<PodBinding | null>(null);
  const [savedRecording, setSavedRecording] = useState<{ id: string; title: string } | null>(null);

  const previewRef = useRef<HTMLDivElement>(null);
  const cameraRef = useRef<HTMLVideoElement | null>(null);
  const screenRef = useRef<HTMLVideoElement | null>(null);
  const deviceStream = useRef<MediaStream | null>(null);
  const streamerRef = useRef<LiveStreamer | null>(null);
  const sessionRef = useRef<string | null>(null);

  const slides = useMemo(() => capsule?.grains.flatMap((grain) => grain.slides) ?? [], [capsule]);
  const script = useMemo(() => slides.map(sentencesOf), [slides]);
  const currentSlide = slides[position.slideIndex] ?? null;
  const layout = useMemo(() => {
    if (!capsule) return CAMERA_ONLY;
    const grain = capsule.grains.find((item) => item.id === currentSlide?.grainId);
    return mergeLayout(capsule.layout, grain?.layout ?? null);
  }, [capsule, currentSlide]);

  // The compositor lives as long as the resolution (which cannot change while live): a new layout
  // goes to the running one (setLayout below), so the layout is read through a ref, not a dependency.
  const latestLayout = useLatest(layout);
  const compositor = useMemo(() => new ProgramCompositor(programSize(resolution), latestLayout.current), [resolution, latestLayout]);
  // The device effect outlives a compositor recreated for a new resolution: it hands the devices to
  // the current one.
  const latestCompositor = useLatest(compositor);
  useEffect(() => {
    const container = previewRef.current;
    compositor.canvas.setAttribute('data-testid', 'live-program');
    compositor.canvas.style.width = '100%';
    compositor.canvas.style.height = 'auto';
    container?.appendChild(compositor.canvas);
    compositor.start();
    if (cameraRef.current) compositor.setSources({ camera: cameraRef.current });
    if (deviceStream.current) compositor.addAudio(deviceStream.current);
    return () => {
      compositor.stop();
      compositor.canvas.remove();
    };
  }, [compositor]);
  useEffect(() => compositor.canvas.setAttribute('aria-label', t('live.preview')), [compositor, t]);
  useEffect(() => compositor.setLayout(layout), [compositor, layout]);

  // Each grain's measured slide content, so the live camera sits where the montage puts it.
  const [contents, setContents] = useState<Record<string, SlideContent | null>>({});
  useEffect(() => {
    setContents({});
    if (!capsule) return;
    studio.getCapsuleSlideContents(capsule.id).then(setContents, (caught: unknown) => setError(errorState(caught)));
  }, [studio, capsule]);
  useEffect(() => compositor.setSlideContent(currentSlide ? (contents[currentSlide.grainId] ?? null) : null), [compositor, contents, currentSlide]);

  const refreshProfiles = useCallback(() => {
    studio.listStreamProfiles().then(setProfiles, (caught: unknown) => setError(errorState(caught)));
  }, [studio]);

  useEffect(() => {
    refreshProfiles();
    studio.listCapsules().then(setCapsules, (caught: unknown) => setError(errorState(caught)));
  }, [studio, refreshProfiles]);

  useEffect(() => {
    setPosition(START);
    if (!capsuleId) {
      setCapsule(null);
      return;
    }
    studio.getCapsule(capsuleId).then(setCapsule, (caught: unknown) => setError(errorState(caught)));
  }, [studio, capsuleId]);

  // Camera and microphone: the program goes on without either if it cannot be opened.
  useEffect(() => {
    let cancelled = false;
    const camera = document.createElement('video');
    camera.muted = true;
    camera.playsInline = true;
    cameraRef.current = camera;
    const open = async () => {
      const found: { key: 'live.cameraProblem' | 'live.microphoneProblem'; reason: string }[] = [];
      let stream: MediaStream | null = null;
      // The camera and microphone chosen in the recording studio, when they are still there. If
      // they cannot be read, the system's default devices are opened instead: a device that then
      // fails to open is reported below, which is the error the operator can act on.
      const prefs = await studio.getRecordingPreferences().catch(() => null);
      const size = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };
      const wantsCamera = prefs?.mode !== 'audio_only' && prefs?.mode !== 'camera_off';
      const attempts: MediaStreamConstraints[] = [
        {
          video: wantsCamera ? { ...size, ...(prefs?.videoDeviceId ? { deviceId: { exact: prefs.videoDeviceId } } : {}) } : false,
          audio: prefs?.audioDeviceId ? { deviceId: { exact: prefs.audioDeviceId } } : true,
        },
        { video: wantsCamera ? size : false, audio: true },
      ];
      let lastError: unknown = null;
      for (const constraints of attempts) {
        try {
          stream = await navigator.mediaDevices.getUserMedia(constraints);
          break;
        } catch (caught) {
          // A remembered device that is gone: try the default devices next.
          lastError = caught;
        }
      }
      if (!stream) {
        const caught = lastError;
        found.push({ key: 'live.cameraProblem', reason: (caught as Error)?.name || String(caught) });
        try {
          stream = await navigator.mediaDevices.getUserMedia({ audio: true });
        } catch (audioError) {
          found.push({ key: 'live.microphoneProblem', reason: (audioError as Error).name || String(audioError) });
        }
      }
      if (cancelled) {
        for (const track of stream?.getTracks() ?? []) track.stop();
        return;
      }
      setProblems(found);
      deviceStream.current = stream;
      if (stream) {
        camera.srcObject = stream;
        await camera.play().catch(() => undefined); // muted video may autoplay; a refusal only delays the first frame
        latestCompositor.current.setSources({ camera });
        latestCompositor.current.addAudio(stream);
      }
    };
    void open();
    return () => {
      cancelled = true;
      for (const track of deviceStream.current?.getTracks() ?? []) track.stop();
      deviceStream.current = null;
    };
    // Devices open once for the panel (studio never changes); a recreated compositor picks them up.
  }, [studio, latestCompositor]);

  // The current slide's picture.
  useEffect(() => {
    if (!currentSlide) {
      compositor.setSources({ slide: null });
      return;
    }
    const image = new Image();
    image.crossOrigin = 'anonymous';
    image.src = studio.platform.mediaUrl(currentSlide.image);
    compositor.setSources({ slide: image });
  }, [compositor, currentSlide, studio]);

  // A shared screen replaces the slide, its sound joins the mix.
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
    screenRef.current = video;
    compositor.setSources({ screen: video });
    compositor.addAudio(screenStream);
    const onEnded = () => setScreenStream(null);
    screenStream.getVideoTracks()[0]?.addEventListener('ended', onEnded);
    return () => {
      compositor.removeAudio(screenStream);
      screenStream.getVideoTracks()[0]?.removeEventListener('ended', onEnded);
    };
  }, [compositor, screenStream]);

  useEffect(
    () =>
      studio.on('live.health', (payload) => {
        if (payload.sessionId === sessionRef.current) setHealth(payload);
      }),
    [studio],
  );

  // Stop the stream if the panel goes away (navigation): the program has no source any more.
  useEffect(
    () => () => {
      // Leaving the panel: the main side stops the push either way (it also watches the renderer).
      void streamerRef.current?.stop().catch(() => undefined);
    },
    [],
  );

  // Pod's order of operations (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/live/rest_views.py): the push first, then the broadcaster's "on air" status.
  useEffect(() => {
    if (health?.state !== 'live' || phase !== 'live' || podOnAir.current || !podBinding || podBinding.url !== choice.oneOffUrl.trim()) return;
    podOnAir.current = podBinding;
    studio.setPodBroadcasterStatus(podBinding.profileId, podBinding.slug, true).catch((caught: unknown) => setError(errorState(caught)));
  }, [health, phase, podBinding, choice.oneOffUrl, studio]);

  const move = (which: PrompterMove) => setPosition((current) => movePrompter(script, current, which).position);

  useShortcuts(['recording'], (id) => {
    if (id === 'nextSlide' || id === 'previousSlide' || id === 'nextSentence' || id === 'previousSentence') {
      move(id);
      return true;
    }
    return false;
  });

  const shareScreen = async () => {
    try {
      setScreenStream(await navigator.mediaDevices.getDisplayMedia({ video: true, audio: true }));
    } catch (caught) {
      setError(errorState(caught));
    }
  };

  const stopScreen = () => {
    for (const track of screenStream?.getTracks() ?? []) track.stop();
    setScreenStream(null);
  };

  const goLive = async () => {
    setActionError(null);
    setPhase('starting');
    const streamer = new LiveStreamer(studio, (caught) => setActionError(errorState(caught)));
    streamerRef.current = streamer;
    try {
      const urls = choice.oneOffUrl.trim() ? [choice.oneOffUrl.trim()] : [];
      const session = await streamer.start(compositor.captureStream(), { profileIds: choice.profileIds, urls, record, title: recordingTitle.trim() || undefined }, resolution);
      sessionRef.current = session.sessionId;
      setHealth(null);
      setPhase('live');
    } catch (caught) {
      streamerRef.current = null;
      setActionError(errorState(caught));
      setPhase('idle');
    }
  };

  const stop = async () => {
    const streamer = streamerRef.current;
    if (!streamer) return;
    setPhase('stopping');
    try {
      const result = await streamer.stop();
      if (result) setHealth(result.health);
      if (result?.recordingCapsuleId) {
        const list = await studio.listCapsules();
        setCapsules(list);
        const saved = list.find((item) => item.id === result.recordingCapsuleId);
        setSavedRecording({ id: result.recordingCapsuleId, title: saved?.title ?? recordingTitle });
      }
    } catch (caught) {
      setActionError(errorState(caught));
    } finally {
      streamerRef.current = null;
      setPhase('idle');
      const onAir = podOnAir.current;
      podOnAir.current = null;
      if (onAir) await studio.setPodBroadcasterStatus(onAir.profileId, onAir.slug, false).catch((caught: unknown) => setActionError(errorState(caught)));
    }
  };

  const busy = phase !== 'idle';
  const lines = prompterLines(script, position);

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
      {savedRecording ? (
        <p role="status" data-testid="live-recording-saved">
          {t('live.recordingSaved', { title: savedRecording.title })}{' '}
          <button type="button" className="link-button" onClick={() => openCapsuleInEditor(savedRecording.id)}>
            {t('live.openRecording')}
          </button>
        </p>
      ) : null}
      <InlineError error={error} testId="live-error" onDismiss={() => setError(null)} />
      <div className="live-layout" style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 1fr)', gap: '1rem' }}>
        <div>
          <section aria-labelledby="live-program-title" className="live-program">
            <h3 id="live-program-title">{t('live.program')}</h3>
            <div ref={previewRef} className="live-preview" style={{ background: '#000', aspectRatio: '16 / 9' }} />
            <p>
              <button type="button" onClick={() => move('previousSlide')} disabled={slides.length === 0} aria-label={t('live.previousSlide')}>
                ←
              </button>{' '}
              <span data-testid="live-slide-position">{slides.length > 0 ? t('live.slideOf', { current: position.slideIndex + 1, total: slides.length }) : t('live.noCapsule')}</span>{' '}
              <button type="button" onClick={() => move('nextSlide')} disabled={slides.length === 0} aria-label={t('live.nextSlide')}>
                →
              </button>
            </p>
            <p className="muted">{t('live.keysHint')}</p>
            {lines.current ? (
              <p aria-label={t('live.prompter')} className="live-prompter" style={{ fontSize: '1.4em' }}>
                {lines.current}
              </p>
            ) : null}
            <div className="live-settings" style={{ display: 'flex', gap: '1rem', flexWrap: 'wrap' }}>
              <label className="field">
                <span>{t('live.capsule')}</span>
                <select value={capsuleId} disabled={busy} onChange={(event) => setCapsuleId(event.target.value)}>
                  <option value="">{t('live.noCapsule')}</option>
                  {capsules.map((item) => (
                    <option key={item.id} value={item.id}>
                      {item.title}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>{t('live.resolution')}</span>
                <select value={resolution} disabled={busy} onChange={(event) => setResolution(event.target.value as LiveResolution)}>
                  <option value="1280x720">1280 × 720</option>
                  <option value="1920x1080">1920 × 1080</option>
                </select>
              </label>
              <div className="field">
                <span>{t('live.source')}</span>
                {screenStream ? (
                  <button type="button" onClick={stopScreen}>
                    {t('live.stopScreen')}
                  </button>
                ) : (
                  <button type="button" onClick={() => void shareScreen()}>
                    {t('live.shareScreen')}
                  </button>
                )}
              </div>
            </div>
            <label>
              <input type="checkbox" checked={record} disabled={busy} onChange={(event) => setRecord(event.target.checked)} /> {t('live.recordLocally')}
            </label>
            {record ? (
              <label className="field">
                <span>{t('live.recordingTitle')}</span>
                <input type="text" value={recordingTitle} disabled={busy} onChange={(event) => setRecordingTitle(event.target.value)} />
              </label>
            ) : null}
          </section>
          <p>
            {phase === 'idle' || phase === 'starting' ? (
              <button type="button" className="primary" disabled={phase === 'starting'} onClick={() => void goLive()}>
                {phase === 'starting' ? t('live.starting') : t('live.goLive')}
              </button>
            ) : (
              <button type="button" className="primary" disabled={phase === 'stopping'} onClick={() => void stop()}>
                {phase === 'stopping' ? t('live.stopping') : t('live.stop')}
              </button>
            )}
          </p>
          <InlineError error={actionError} testId="live-action-error" />
        </div>
        <div>
          <HealthPanel health={health} />
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
