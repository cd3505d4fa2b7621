// Runs in the renderer. Opens a screen or window capture with getDisplayMedia: the browser's own
// picker in the web build, the desktop shell's picker in Electron (session.setDisplayMediaRequestHandler,
// src/main/electron/displayMediaPicker.ts). A refused or cancelled picker becomes SCREEN_CAPTURE_DENIED.
import { StudioError } from '../../../shared/errors';

/**
 * The capture's constraints: the screen's own size (it is letterboxed at montage time, never
 * stretched), up to 30 fps (a quiet screen sends fewer frames: the montage normalises to 25), no sound
 * (the voice comes from the microphone with the camera).
 */
export const DISPLAY_MEDIA_OPTIONS: DisplayMediaStreamOptions = {
  video: { frameRate: { ideal: 30, max: 30 } },
  audio: false,
};

export async function openScreenCapture(mediaDevices: Pick<MediaDevices, 'getDisplayMedia'> = navigator.mediaDevices): Promise<MediaStream> {
  if (typeof mediaDevices.getDisplayMedia !== 'function') throw new StudioError('RECORDING_UNSUPPORTED', 'This browser cannot capture a screen.');
  try {
    return await mediaDevices.getDisplayMedia(DISPLAY_MEDIA_OPTIONS);
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'NotAllowedError' || name === 'AbortError') throw new StudioError('SCREEN_CAPTURE_DENIED', 'Screen sharing was refused or cancelled.');
    throw error;
  }
}

/** A short name for what is shared (the track label is the window's or the screen's name). */
export function captureLabel(stream: MediaStream): string {
  return stream.getVideoTracks()[0]?.label || '—';
}
