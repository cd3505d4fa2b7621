// Runs in the renderer. Opens the camera and the microphone the user chose (getUserMedia), lists the
// devices (refreshed on devicechange), and tells which device failed and why. A camera that is
// missing, busy or denied still leaves the microphone open, so a sound-only take stays possible.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RecordingPreferences, Resolution } from '../../../shared/domain/recording';
import { deviceProblemOf, PROBE_RESOLUTIONS, type DeviceProblem } from './logic/deviceProblems';

export interface DeviceLists {
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
}

export interface CaptureState {
  devices: DeviceLists;
  stream: MediaStream | null;
  cameraProblem: DeviceProblem | null;
  microphoneProblem: DeviceProblem | null;
  opening: boolean;
  /** What the camera really delivers. */
  videoSize: Resolution | null;
  reopen(): void;
}

/** The preferences that decide which devices are opened: only a change of these reopens them. */
type CaptureChoice = Pick<RecordingPreferences, 'videoDeviceId' | 'audioDeviceId' | 'mode' | 'resolution'>;

function audioConstraints(prefs: CaptureChoice): MediaTrackConstraints {
  // Levels are normalised at montage: no automatic gain riding the voice.
  return { ...(prefs.audioDeviceId ? { deviceId: { exact: prefs.audioDeviceId } } : {}), autoGainControl: false, echoCancellation: true, noiseSuppression: true };
}

function videoConstraints(prefs: CaptureChoice): MediaTrackConstraints {
  const size = prefs.resolution ? { width: { exact: prefs.resolution.width }, height: { exact: prefs.resolution.height } } : { width: { ideal: 1280 }, height: { ideal: 720 } };
  return { ...(prefs.videoDeviceId ? { deviceId: { exact: prefs.videoDeviceId } } : {}), ...size, frameRate: { ideal: 30 } };
}

export function stopStream(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

async function listDevices(): Promise<DeviceLists> {
  const all = await navigator.mediaDevices.enumerateDevices();
  return { cameras: all.filter((device) => device.kind === 'videoinput'), microphones: all.filter((device) => device.kind === 'audioinput') };
}

export function useCaptureDevices(prefs: RecordingPreferences | null, enabled: boolean): CaptureState {
  const [state, setState] = useState<Omit<CaptureState, 'reopen'>>({
    devices: { cameras: [], microphones: [] },
    stream: null,
    cameraProblem: null,
    microphoneProblem: null,
    opening: false,
    videoSize: null,
  });
  const [attempt, setAttempt] = useState(0);
  const streamRef = useRef<MediaStream | null>(null);
  // Other preferences (prompter, countdown…) change the prefs object without reopening the devices.
  const videoDeviceId = prefs?.videoDeviceId ?? null;
  const audioDeviceId = prefs?.audioDeviceId ?? null;
  const mode = prefs?.mode;
  const width = prefs?.resolution?.width;
  const height = prefs?.resolution?.height;
  const choice = useMemo<CaptureChoice | null>(
    () =>
      mode
        ? { videoDeviceId, audioDeviceId, mode, resolution: width !== undefined && height !== undefined ? { width, height } : null }
        : null,
    [videoDeviceId, audioDeviceId, mode, width, height],
  );

  useEffect(() => {
    const prefs = choice;
    if (!prefs || !enabled) return;
    if (!navigator.mediaDevices?.getUserMedia) {
      setState((current) => ({ ...current, stream: null, cameraProblem: 'insecure', microphoneProblem: 'insecure', opening: false }));
      return;
    }
    let cancelled = false;
    setState((current) => ({ ...current, opening: true }));
    void (async () => {
      let stream: MediaStream | null = null;
      let cameraProblem: DeviceProblem | null = null;
      let microphoneProblem: DeviceProblem | null = null;
      const wantsVideo = prefs.mode !== 'audio_only';
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio: audioConstraints(prefs), video: wantsVideo ? videoConstraints(prefs) : false });
      } catch (error) {
        // Find which device failed: the microphone alone tells.
        try {
          stream = await navigator.mediaDevices.getUserMedia({ audio: audioConstraints(prefs), video: false });
          cameraProblem = wantsVideo ? deviceProblemOf(error) : null;
        } catch (audioError) {
          microphoneProblem = deviceProblemOf(audioError);
          if (wantsVideo) {
            try {
              stopStream(await navigator.mediaDevices.getUserMedia({ video: videoConstraints(prefs) }));
            } catch (videoError) {
              cameraProblem = deviceProblemOf(videoError);
            }
          }
        }
      }
      if (stream && wantsVideo && !cameraProblem && stream.getVideoTracks().length === 0) {
        // Chromium answers an audio+video request with sound only when a policy blocks the camera:
        // ask for the camera alone to learn why.
        try {
          stopStream(await navigator.mediaDevices.getUserMedia({ video: videoConstraints(prefs) }));
          cameraProblem = 'unknown';
        } catch (videoError) {
          cameraProblem = deviceProblemOf(videoError);
        }
      }
      if (stream && prefs.mode === 'camera_off') for (const track of stream.getVideoTracks()) track.enabled = false;
      let devices: DeviceLists = { cameras: [], microphones: [] };
      try {
        devices = await listDevices();
      } catch (error) {
        // Without the list, the selects only offer the default devices; recording still works.
        console.warn('enumerateDevices failed', error);
      }
      if (cancelled) {
        stopStream(stream);
        return;
      }
      stopStream(streamRef.current);
      streamRef.current = stream;
      const settings = stream?.getVideoTracks()[0]?.getSettings();
      setState({
        devices,
        stream,
        cameraProblem,
        microphoneProblem,
        opening: false,
        videoSize: settings?.width && settings.height ? { width: settings.width, height: settings.height } : null,
      });
    })();
    return () => {
      cancelled = true;
    };
    // `attempt` is read by no line: a new value (reopen) is what runs the effect again.
  }, [choice, enabled, attempt]);

  useEffect(() => {
    const refresh = () => {
      listDevices()
        .then((devices) => setState((current) => ({ ...current, devices })))
        .catch((error: unknown) => console.warn('enumerateDevices failed', error));
    };
    navigator.mediaDevices?.addEventListener('devicechange', refresh);
    return () => navigator.mediaDevices?.removeEventListener('devicechange', refresh);
  }, []);

  // Release the devices when the view goes away (the camera light goes off).
  useEffect(
    () => () => {
      stopStream(streamRef.current);
      streamRef.current = null;
    },
    [],
  );

  const reopen = useCallback(() => setAttempt((value) => value + 1), []);
  return { ...state, reopen };
}

/** Tries the usual resolutions with exact constraints: what the camera really accepts. */
export async function probeResolutions(deviceId: string | null): Promise<Resolution[]> {
  const found: Resolution[] = [];
  for (const size of PROBE_RESOLUTIONS) {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        video: { ...(deviceId ? { deviceId: { exact: deviceId } } : {}), width: { exact: size.width }, height: { exact: size.height } },
      });
      const settings = stream.getVideoTracks()[0]?.getSettings();
      stopStream(stream);
      if (settings?.width === size.width && settings.height === size.height) found.push(size);
    } catch {
      // OverconstrainedError: the camera does not offer this size; try the next one.
    }
  }
  return found;
}
