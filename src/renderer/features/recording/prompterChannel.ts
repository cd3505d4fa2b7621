// Runs in the renderer. The second prompter window follows the studio window through a
// BroadcastChannel (same origin, no server round trip): the studio posts the prompter's state, the
// prompter window posts back the keys its clicker sends.
import type { PrompterPreferences } from '../../../shared/domain/recording';
import type { ShortcutId } from '../../shortcuts';
import type { GrainScript, PrompterPosition } from './logic/prompterPosition';

export const PROMPTER_CHANNEL = 'capsule-studio-prompter';
export const PROMPTER_WINDOW_PARAM = 'prompter';

export type RecordingPhase = 'idle' | 'countdown' | 'recording' | 'paused' | 'finishing';

export interface PrompterSnapshot {
  script: GrainScript;
  position: PrompterPosition;
  prompter: PrompterPreferences;
  phase: RecordingPhase;
  countdown: number;
  totalMs: number;
  slideMs: number;
  grainNumber: number;
}

export type PrompterMessage = { type: 'state'; state: PrompterSnapshot } | { type: 'hello' } | { type: 'command'; id: ShortcutId };

export function openPrompterChannel(onMessage: (message: PrompterMessage) => void): { post(message: PrompterMessage): void; close(): void } {
  if (typeof BroadcastChannel === 'undefined') return { post: () => undefined, close: () => undefined };
  const channel = new BroadcastChannel(PROMPTER_CHANNEL);
  channel.onmessage = (event: MessageEvent<PrompterMessage>) => onMessage(event.data);
  return { post: (message) => channel.postMessage(message), close: () => channel.close() };
}

export function isPrompterWindow(): boolean {
  return typeof window !== 'undefined' && new URLSearchParams(window.location.search).has(PROMPTER_WINDOW_PARAM);
}
