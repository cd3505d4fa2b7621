// Runs in the renderer. The takes of the open capsule and its Record step status (which grains have
// a take, which were left out or shown as silent slides), mirrored from the main side and refreshed
// on `take.changed` and `library.changed`, so the Record step, the Produce step and the step sidebar
// agree on which grains have a take.
import type { RecordStepStatus } from '../../shared/domain/montage';
import type { Take } from '../../shared/domain/take';
import { toErrorInfo, type StudioErrorInfo } from '../../shared/errors';
import { studio } from '../studio';
import { createResettable } from './resettable';

export interface TakesState {
  capsuleId: string | null;
  takes: Take[];
  /** The main side's view of the Record step (shared/logic/recordStep.ts). */
  recordStatus: RecordStepStatus | null;
  loaded: boolean;
  error: StudioErrorInfo | null;
  load(capsuleId: string | null): Promise<void>;
}

/** Answers of an older load never overwrite a newer one. */
let loadSeq = 0;

export const useTakesStore = createResettable<TakesState>((set) => ({
  capsuleId: null,
  takes: [],
  recordStatus: null,
  loaded: false,
  error: null,
  async load(capsuleId) {
    const seq = ++loadSeq;
    if (!capsuleId) {
      set({ capsuleId: null, takes: [], recordStatus: null, loaded: false, error: null });
      return;
    }
    set((state) => (state.capsuleId === capsuleId ? {} : { capsuleId, takes: [], recordStatus: null, loaded: false }));
    try {
      const [takes, recordStatus] = await Promise.all([studio().listCapsuleTakes(capsuleId), studio().getRecordStatus(capsuleId)]);
      if (seq === loadSeq) set({ capsuleId, takes, recordStatus, loaded: true, error: null });
    } catch (error) {
      if (seq === loadSeq) set({ error: toErrorInfo(error) });
    }
  },
}));
