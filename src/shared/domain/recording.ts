// Runs everywhere (shared, pure). What the recording studio exchanges besides takes: chunk receipts,
// live status of a take, and the device and prompter choices remembered per machine.
import type { StudioErrorInfo } from '../errors';
import type { TakeState } from './take';

/** What the main side has safely appended for a take so far. */
export interface ChunkReceipt {
  takeId: string;
  /** Chunks appended (the next expected seq). */
  chunks: number;
  bytes: number;
}

/** Emitted as 'recording.status' whenever a take starts, stops, fails or is interrupted. */
export interface RecordingStatus {
  takeId: string;
  grainId: string;
  capsuleId: string;
  state: TakeState;
  bytes: number;
  chunks: number;
  /** Why the take stopped when it was not the user's choice (DISK_FULL, DISCONNECTED, …). */
  error: StudioErrorInfo | null;
}

export type CaptureMode = 'camera' | 'camera_off' | 'audio_only';

export interface Resolution {
  width: number;
  height: number;
}

export type PrompterMode = 'lines' | 'scroll';

export interface PrompterPreferences {
  mode: PrompterMode;
  /** Font size in CSS pixels. */
  fontSize: number;
  /** Scrolling speed in CSS pixels per second (scroll mode). */
  speed: number;
  /** Mirror the text horizontally, for teleprompter glass. */
  mirror: boolean;
}

/** Remembered per machine (device ids are stable per origin on one machine). */
export interface RecordingPreferences {
  videoDeviceId: string | null;
  audioDeviceId: string | null;
  mode: CaptureMode;
  resolution: Resolution | null;
  /** Resolutions each camera really delivered when probed, by device id. */
  probedResolutions: Record<string, Resolution[]>;
  mirrorPreview: boolean;
  countdown: boolean;
  beep: boolean;
  prompter: PrompterPreferences;
  /**
   * Keep the first finished take of a grain as its active take (the behaviour before retakes
   * became the chosen ones). Off by default: the newest finished take is the one the teacher wants.
   */
  keepFirstTakeActive: boolean;
}

export const DEFAULT_RECORDING_PREFERENCES: RecordingPreferences = {
  videoDeviceId: null,
  audioDeviceId: null,
  mode: 'camera',
  resolution: null,
  probedResolutions: {},
  mirrorPreview: true,
  countdown: true,
  beep: false,
  prompter: { mode: 'lines', fontSize: 40, speed: 40, mirror: false },
  keepFirstTakeActive: false,
};
