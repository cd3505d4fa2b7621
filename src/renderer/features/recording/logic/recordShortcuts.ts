// Runs in the renderer (pure, unit-tested in Node). What each recording shortcut does in each phase of
// a take, for the keys, the clicker and the second prompter window alike: one table, so a key never
// means two things and a key that must wait (a countdown, a take being finished) is swallowed, not
// passed on to the browser.
import type { ShortcutId } from '../../../shortcuts';
import type { RecordingPhase } from '../prompterChannel';
import type { PrompterMove } from './prompterPosition';

export type RecordAction =
  | { kind: 'move'; move: PrompterMove }
  | { kind: 'start' }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'stop' }
  | { kind: 'cancelCountdown' }
  /** Stop the running take, keep it, and record the grain again. */
  | { kind: 'retake' }
  /** Keep the running take (if any) and go to the next grain without one. */
  | { kind: 'nextGrain' }
  /** The key is taken but does nothing in this phase. */
  | { kind: 'wait' };

const MOVES: Partial<Record<ShortcutId, PrompterMove>> = {
  nextSentence: 'nextSentence',
  previousSentence: 'previousSentence',
  nextSlide: 'nextSlide',
  previousSlide: 'previousSlide',
};

const WAIT: RecordAction = { kind: 'wait' };

/** The action of shortcut `id` in `phase`, or null when the key is left to the browser and other scopes. */
export function recordShortcutAction(id: ShortcutId, phase: RecordingPhase): RecordAction | null {
  const taking = phase === 'recording' || phase === 'paused';
  const move = MOVES[id];
  if (move) return phase === 'countdown' || phase === 'finishing' ? WAIT : { kind: 'move', move };
  switch (id) {
    case 'startRecording':
      return phase === 'idle' ? { kind: 'start' } : WAIT;
    case 'pauseResume':
      if (phase === 'recording') return { kind: 'pause' };
      return phase === 'paused' ? { kind: 'resume' } : WAIT;
    case 'stopRecording':
      // Escape outside a take is the app's (closing an overlay).
      if (phase === 'countdown') return { kind: 'cancelCountdown' };
      return taking ? { kind: 'stop' } : null;
    case 'nextGrain':
      return phase === 'countdown' || phase === 'finishing' ? WAIT : { kind: 'nextGrain' };
    case 'retake':
      if (taking) return { kind: 'retake' };
      return phase === 'idle' ? { kind: 'start' } : WAIT;
    default:
      return null;
  }
}
