// Runs in the renderer. One live broadcast from Go live to Stop: the streamer, its phase and health,
// Pod's broadcaster marked "on air" once the push is live (and off at Stop), the local recording saved
// as a capsule, and the push stopped if the panel goes away. Its errors stay next to its button.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LiveHealth, LiveResolution } from '../../../../shared/domain/live';
import type { StudioClient } from '../../../api/studioClient';
import { useErrorNotice, type ErrorNotice } from '../../../hooks/useErrorNotice';
import { LiveStreamer } from '../liveStreamer';
import type { PodBinding } from '../PodLivePanel';
import type { ProgramCompositor } from '../programCompositor';
import type { TargetChoice } from '../StreamProfilesPanel';

export type LivePhase = 'idle' | 'starting' | 'live' | 'stopping';

export interface LiveSessionOptions {
  choice: TargetChoice;
  record: boolean;
  recordingTitle: string;
  resolution: LiveResolution;
  /** The Pod broadcaster whose URL is the one-off target, if any. */
  podBinding: PodBinding | null;
}

export interface LiveSession {
  phase: LivePhase;
  health: LiveHealth | null;
  /** An error of Go live / Stop / the stream, shown next to the button (the page's top may be out of view). */
  failure: ErrorNotice;
  /** Set when Stop saved the local recording as a capsule (with the title typed, as a fallback name). */
  savedRecording: { id: string; typedTitle: string } | null;
  goLive(): Promise<void>;
  stop(): Promise<void>;
}

export function useLiveSession(studio: StudioClient, compositor: ProgramCompositor, options: LiveSessionOptions, onError: (failure: unknown) => void): LiveSession {
  const { choice, record, recordingTitle, resolution, podBinding } = options;
  const [phase, setPhase] = useState<LivePhase>('idle');
  const [health, setHealth] = useState<LiveHealth | null>(null);
  const [savedRecording, setSavedRecording] = useState<{ id: string; typedTitle: string } | null>(null);
  const failure = useErrorNotice();
  const { show: showFailure, clear: clearFailure } = failure;
  const streamerRef = useRef<LiveStreamer | null>(null);
  const sessionRef = useRef<string | null>(null);
  const podOnAir = useRef<PodBinding | null>(null);

  useEffect(
    () =>
      studio.on('live.health', (payload) => {
        if (payload.sessionId === sessionRef.current) setHealth(payload);
      }),
    [studio],
  );

  // Leaving the panel: the program has no source any more (the main side also watches the renderer).
  useEffect(
    () => () => {
      // Nobody is left to show an error to; the main side also stops a session whose renderer is gone.
      void streamerRef.current?.stop().catch((error: unknown) => console.warn('live: stopping the program on leave failed', error));
    },
    [],
  );

  // Pod's order of operations for a live event (https://github.com/EsupPortail/Esup-Pod, live app): the push
  // first, then the broadcaster's "on air" status.
  useEffect(() => {
    if (health?.state !== 'live' || phase !== 'live' || podOnAir.current || !podBinding || podBinding.url !== choice.oneOffUrl.trim()) return;
    podOnAir.current = podBinding;
    studio.setPodBroadcasterStatus(podBinding.profileId, podBinding.slug, true).catch(onError);
  }, [health, phase, podBinding, choice.oneOffUrl, studio, onError]);

  const goLive = useCallback(async () => {
    clearFailure();
    setPhase('starting');
    const streamer = new LiveStreamer(studio, showFailure);
    streamerRef.current = streamer;
    try {
      const urls = choice.oneOffUrl.trim() ? [choice.oneOffUrl.trim()] : [];
      const session = await streamer.start(compositor.captureStream(), { profileIds: choice.profileIds, urls, record, title: recordingTitle.trim() || undefined }, resolution);
      sessionRef.current = session.sessionId;
      setHealth(null);
      setPhase('live');
    } catch (caught) {
      streamerRef.current = null;
      showFailure(caught);
      setPhase('idle');
    }
  }, [studio, compositor, choice, record, recordingTitle, resolution, showFailure, clearFailure]);

  const stop = useCallback(async () => {
    const streamer = streamerRef.current;
    if (!streamer) return;
    setPhase('stopping');
    try {
      const result = await streamer.stop();
      if (result) setHealth(result.health);
      if (result?.recordingCapsuleId) setSavedRecording({ id: result.recordingCapsuleId, typedTitle: recordingTitle });
    } catch (caught) {
      showFailure(caught);
    } finally {
      streamerRef.current = null;
      setPhase('idle');
      const onAir = podOnAir.current;
      podOnAir.current = null;
      if (onAir) await studio.setPodBroadcasterStatus(onAir.profileId, onAir.slug, false).catch(showFailure);
    }
  }, [studio, recordingTitle, showFailure]);

  return { phase, health, failure, savedRecording, goLive, stop };
}
