// Runs in Node (main side). StudioApi methods of the recording studio, over the take store.
import { statfsSync } from 'node:fs';
import { StudioError } from '../../shared/errors';
import { fileToRead } from '../files/fileArgs';
import type { CallsOf } from '../../shared/api/method';
import type { recordingMethods } from '../../shared/api/recording';
import type { StudioContext } from '../context';
import { readRecordingPreferences, updateRecordingPreferences } from './recordingPreferences';
import type { TakeStore } from './takeStore';

export function createRecordingHandlers(ctx: StudioContext, takes: TakeStore): CallsOf<typeof recordingMethods> {
  return {
    beginTake: (capsuleId, grainId, mime) => takes.beginTake(capsuleId, grainId, mime),
    beginScreenTake: (capsuleId, grainId, mime, screenMime) => takes.beginTake(capsuleId, grainId, mime, screenMime),
    appendChunk: (takeId, seq, bytes) => takes.appendChunk(takeId, seq, bytes),
    appendScreenChunk: (takeId, seq, bytes) => takes.appendScreenChunk(takeId, seq, bytes),
    beginProcessedTake: (capsuleId, grainId, mime, processedMime, background, screenMime) =>
      takes.beginTake(capsuleId, grainId, mime, screenMime ?? undefined, { mime: processedMime, background }),
    appendProcessedChunk: (takeId, seq, bytes) => takes.appendProcessedChunk(takeId, seq, bytes),
    setTakeBackground: async (takeId, applied) => takes.setTakeBackground(takeId, applied),
    appendTakeEvents: async (takeId, events) => takes.appendEvents(takeId, events),
    finishTake: (takeId, events, recordedMs) => takes.finishTake(takeId, events, recordedMs),
    abortTake: (takeId) => takes.abortTake(takeId),
    addTakeFromFile: async (capsuleId, grainId, source) => {
      const file = fileToRead(ctx.grants, source, 'read-video', 'a recording');
      if (!file) throw new StudioError('BAD_ARGS', 'Choose the recording to add.');
      return takes.addTakeFromFile(capsuleId, grainId, file, source.events ?? [], source.recordedMs ?? null);
    },
    listTakes: async (grainId) => takes.listTakes(grainId),
    listCapsuleTakes: async (capsuleId) => takes.listCapsuleTakes(capsuleId),
    setActiveTake: async (takeId) => takes.setActiveTake(takeId),
    deleteTake: (takeId) => takes.deleteTake(takeId),
    listRecoveredTakes: async (capsuleId) => takes.listRecoveredTakes(capsuleId),
    acknowledgeRecoveredTake: (takeId, decision) => takes.acknowledgeRecoveredTake(takeId, decision),
    getRecordingSpace: async () => {
      const stats = statfsSync(ctx.libraryDir);
      return { freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
    },
    getRecordingPreferences: async () => readRecordingPreferences(ctx.settings),
    updateRecordingPreferences: async (patch) => updateRecordingPreferences(ctx.settings, patch),
  };
}
