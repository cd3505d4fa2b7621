// Runs in Node (main side). StudioApi methods of the pen: a take's strokes file (takeInkFile.ts)
// beside its media, and whether they are shown, which the take store keeps with the take.
import type { CallsOf } from '../../shared/api/method';
import type { penMethods } from '../../shared/api/pen';
import type { TakeStore } from '../recording/takeStore';
import { appendInkEvents, inkFilePath, readInkEvents, removeInkFile } from './takeInkFile';

export function createPenHandlers(takes: TakeStore): CallsOf<typeof penMethods> {
  const fileOf = (takeId: string) => {
    const take = takes.getTake(takeId);
    return { take, file: inkFilePath(take.path, take.id) };
  };
  return {
    appendTakeInk: async (takeId, events) => {
      const { take, file } = fileOf(takeId);
      appendInkEvents(file, events);
      // Strokes added after the take finished (the last one, sent as the take stops) change its video.
      if (take.state === 'ready') takes.emitChanged(take);
    },
    getTakeInk: async (takeId) => {
      const { take, file } = fileOf(takeId);
      return { shown: take.inkShown !== false, events: readInkEvents(file) };
    },
    setTakeInkShown: async (takeId, shown) => {
      const take = takes.setInkShown(takeId, shown);
      return { shown: take.inkShown !== false, events: readInkEvents(inkFilePath(take.path, take.id)) };
    },
    deleteTakeInk: async (takeId) => {
      const { take, file } = fileOf(takeId);
      removeInkFile(file);
      takes.emitChanged(take);
    },
  };
}
