// Runs in Node (tests). What each recording key does in each phase of a take: the table the keys, the
// clicker and the second prompter window share (src/renderer/features/recording/logic/recordShortcuts.ts).
import { describe, expect, it } from 'vitest';
import { recordShortcutAction } from '../../src/renderer/features/recording/logic/recordShortcuts';
import type { RecordingPhase } from '../../src/renderer/features/recording/prompterChannel';
import type { ShortcutId } from '../../src/renderer/shortcuts';

const PHASES: RecordingPhase[] = ['idle', 'countdown', 'recording', 'paused', 'finishing'];

function row(id: ShortcutId): Record<RecordingPhase, string | null> {
  return Object.fromEntries(PHASES.map((phase) => [phase, recordShortcutAction(id, phase)?.kind ?? null])) as Record<RecordingPhase, string | null>;
}

describe('recording shortcuts by phase', () => {
  it('moves the prompter except while counting down or finishing a take, where the key is swallowed', () => {
    for (const id of ['nextSentence', 'previousSentence', 'nextSlide', 'previousSlide'] as const) {
      expect(row(id)).toEqual({ idle: 'move', countdown: 'wait', recording: 'move', paused: 'move', finishing: 'wait' });
      expect(recordShortcutAction(id, 'recording')).toEqual({ kind: 'move', move: id });
    }
  });

  it('starts only from idle, and pause/resume follows the take', () => {
    expect(row('startRecording')).toEqual({ idle: 'start', countdown: 'wait', recording: 'wait', paused: 'wait', finishing: 'wait' });
    expect(row('pauseResume')).toEqual({ idle: 'wait', countdown: 'wait', recording: 'pause', paused: 'resume', finishing: 'wait' });
  });

  it('Escape cancels the countdown, stops a take, and is left to the app otherwise', () => {
    expect(row('stopRecording')).toEqual({ idle: null, countdown: 'cancelCountdown', recording: 'stop', paused: 'stop', finishing: null });
  });

  it('retake restarts a running take or starts one; next grain waits for the countdown and the finishing take', () => {
    expect(row('retake')).toEqual({ idle: 'start', countdown: 'wait', recording: 'retake', paused: 'retake', finishing: 'wait' });
    expect(row('nextGrain')).toEqual({ idle: 'nextGrain', countdown: 'wait', recording: 'nextGrain', paused: 'nextGrain', finishing: 'wait' });
  });

  it('leaves the keys of other scopes alone', () => {
    for (const id of ['showShortcuts', 'toggleJobs', 'importPdf', 'splitGrain'] as const) {
      for (const phase of PHASES) expect(recordShortcutAction(id, phase)).toBeNull();
    }
  });
});
