// Runs in the renderer. The Record step's conductor: what a key, a button or the second window does to
// the prompter, the take and the grain (recordShortcuts.ts says which action each key means in each
// phase). Moves during a take are saved in it; going past the grain's last sentence ends the take
// (Polymny's clicker workflow); "next grain" keeps the running take and records the next grain without one.
import { useCallback } from 'react';
import type { ShortcutId } from '../../shortcuts';
import { useLatest } from '../../hooks/useLatest';
import { movePrompter, START, type PrompterMove } from './logic/prompterPosition';
import { recordShortcutAction, type RecordAction } from './logic/recordShortcuts';
import type { PrompterPlace } from './usePrompterPosition';
import type { RecordGrain } from './useRecordGrain';
import { NO_SIDE_TRACKS, type SideTracks, type TakeSession } from './useTakeSession';

export interface RecordFlowInputs {
  grains: RecordGrain;
  prompter: PrompterPlace;
  session: TakeSession;
  /** What a take records, or null while the devices are not open. */
  stream: MediaStream | null;
  /** What a take records besides the camera as filmed, read when it starts (issue #15). */
  sideTracks?: () => SideTracks;
  countdown: boolean;
  beep: boolean;
  /** A take is about to start: stop playing an old take, bring the slide into view. */
  onTakeStarting(): void;
  /** Another grain was chosen: stop playing a take of the previous one. */
  onGrainChanged(): void;
}

export interface RecordFlow {
  chooseGrain(grainId: string): void;
  startTake(): void;
  nextGrain(): void;
  /** Runs a recording shortcut (keys, clicker, second window); false leaves the key to others. */
  runShortcut(id: ShortcutId): boolean;
}

export function useRecordFlow(inputs: RecordFlowInputs): RecordFlow {
  // Actions run from keys, timers and the second window, some after an await: they read the newest inputs.
  const latest = useLatest(inputs);

  /** Records `grainId` (the current grain unless told), after the countdown. */
  const startTake = useCallback(
    async (grainId?: string) => {
      const { session, grains, prompter, stream, countdown, beep, onTakeStarting } = latest.current;
      const grain = grainId ?? grains.grain?.id;
      if (session.currentPhase() !== 'idle' || !stream || !grain) return;
      prompter.set(START);
      onTakeStarting();
      await session.start({ grainId: grain, stream: () => latest.current.stream, sideTracks: () => latest.current.sideTracks?.() ?? NO_SIDE_TRACKS, countdown, beep });
    },
    [latest],
  );

  const chooseGrain = useCallback(
    (grainId: string) => {
      const { grains, prompter, onGrainChanged } = latest.current;
      grains.choose(grainId);
      prompter.set(START);
      onGrainChanged();
    },
    [latest],
  );

  /** Keeps the current take (if one runs) and goes to the next grain still without a take. */
  const nextGrain = useCallback(async () => {
    const { session } = latest.current;
    const phase = session.currentPhase();
    if (phase === 'countdown' || phase === 'finishing') return;
    const wasRecording = phase === 'recording' || phase === 'paused';
    if (wasRecording) await session.stop();
    const next = latest.current.grains.nextToRecord(wasRecording);
    if (!next) return;
    chooseGrain(next.id);
    if (wasRecording) await startTake(next.id);
  }, [latest, chooseGrain, startTake]);

  const move = useCallback(
    (kind: PrompterMove) => {
      const { session, grains, prompter } = latest.current;
      const phase = session.currentPhase();
      const current = prompter.current();
      const result = movePrompter(grains.script, current, kind);
      if (phase === 'recording' || phase === 'paused') {
        if (result.event) session.mark(result.event, result.position, result.position.slideIndex !== current.slideIndex);
        // Polymny's clicker workflow: going past the last sentence of the grain ends the take.
        if (result.atEnd && kind === 'nextSentence' && phase === 'recording') {
          void session.stop();
          return;
        }
      }
      prompter.set(result.position);
    },
    [latest],
  );

  const act = useCallback(
    (action: RecordAction) => {
      const { session } = latest.current;
      switch (action.kind) {
        case 'move':
          move(action.move);
          break;
        case 'start':
          void startTake();
          break;
        case 'pause':
          session.pause();
          break;
        case 'resume':
          session.resume();
          break;
        case 'stop':
          void session.stop();
          break;
        case 'cancelCountdown':
          session.cancelCountdown();
          break;
        case 'retake':
          void session.stop().then(() => startTake());
          break;
        case 'nextGrain':
          void nextGrain();
          break;
        case 'wait':
          break;
      }
    },
    [latest, move, startTake, nextGrain],
  );

  const runShortcut = useCallback(
    (id: ShortcutId) => {
      const action = recordShortcutAction(id, latest.current.session.currentPhase());
      if (!action) return false;
      act(action);
      return true;
    },
    [latest, act],
  );

  const startCurrentTake = useCallback(() => void startTake(), [startTake]);
  const keepAndGoToNextGrain = useCallback(() => void nextGrain(), [nextGrain]);
  return { chooseGrain, startTake: startCurrentTake, nextGrain: keepAndGoToNextGrain, runShortcut };
}
