// Runs in the renderer. The live program's camera and microphone: the devices chosen in the recording
// studio when they are still there, else the system's defaults, else the program goes on without them
// (each problem kept as a message key and the browser's reason, translated at render).
import { useEffect, useState } from 'react';
import type { StudioClient } from '../../../api/studioClient';

export interface DeviceProblem {
  key: 'live.cameraProblem' | 'live.microphoneProblem';
  reason: string;
}

export interface LiveDevices {
  /** A muted <video> playing the camera, for the compositor. */
  camera: HTMLVideoElement;
  stream: MediaStream;
}

function reasonOf(caught: unknown): string {
  return (caught as Error)?.name || String(caught);
}

async function openDevices(studio: StudioClient): Promise<{ stream: MediaStream | null; problems: DeviceProblem[] }> {
  const problems: DeviceProblem[] = [];
  // If the recording preferences cannot be read, the system's default devices are opened instead: a
  // device that then fails to open is reported, which is the error the operator can act on.
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
      return { stream: await navigator.mediaDevices.getUserMedia(constraints), problems };
    } catch (caught) {
      // A remembered device that is gone: try the default devices next.
      lastError = caught;
    }
  }
  problems.push({ key: 'live.cameraProblem', reason: reasonOf(lastError) });
  try {
    return { stream: await navigator.mediaDevices.getUserMedia({ audio: true }), problems };
  } catch (audioError) {
    problems.push({ key: 'live.microphoneProblem', reason: reasonOf(audioError) });
    return { stream: null, problems };
  }
}

/** Opens the devices once for the panel and closes them when it goes away. */
export function useLiveDevices(studio: StudioClient): { devices: LiveDevices | null; problems: DeviceProblem[] } {
  const [devices, setDevices] = useState<LiveDevices | null>(null);
  const [problems, setProblems] = useState<DeviceProblem[]>([]);
  useEffect(() => {
    let cancelled = false;
    let opened: MediaStream | null = null;
    void openDevices(studio).then(async ({ stream, problems: found }) => {
      if (cancelled) {
        for (const track of stream?.getTracks() ?? []) track.stop();
        return;
      }
      opened = stream;
      setProblems(found);
      if (!stream) return;
      const camera = document.createElement('video');
      camera.muted = true;
      camera.playsInline = true;
      camera.srcObject = stream;
      // A muted video may autoplay; a refusal only delays the first frame.
      await camera.play().catch(() => undefined);
      if (!cancelled) setDevices({ camera, stream });
    });
    return () => {
      cancelled = true;
      for (const track of opened?.getTracks() ?? []) track.stop();
      setDevices(null);
    };
  }, [studio]);
  return { devices, problems };
}
