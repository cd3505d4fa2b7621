// Runs in the renderer. The takes of the open capsule, mirrored from the main side (listCapsuleTakes,
// refreshed on `take.changed`), so the Record step, the Produce step and the step sidebar agree on
// which grains have a take.
import type { Take } from '../../shared/domain/take';
import { toErrorInfo, type StudioErrorInfo } from '../../shared/errors';
import { studio } from '../studio';
import { createResettable } from './resettable';

export interface TakesState {
  capsuleId: string | null;
  takes: Take[];
  loaded: boolean;
  error: StudioErrorInfo | null;
  load(capsuleId: string | null): Promise<void>;
}

/** Answers of an older load never overwrite a newer one. */
let loadSeq = 0;

export const useTakesStore = createResettable<TakesState>((set) => ({
  capsuleId: null,
  takes: [],
  loaded: false,
  error: null,
  async load(capsuleId) {
    const seq = ++loadSeq;
    if (!capsuleId) {
      set({ capsuleId: null, takes: [], loaded: false, error: null });
      return;
    }
    set((state) => (state.capsuleId === capsuleId ? {} : { capsuleId, takes: [], loaded: false }));
    try {
      const takes = await studio().listCapsuleTakes(capsuleId);
      if (seq === loadSeq) set({ capsuleId, takes, loaded: true, error: null });
    } catch (error) {
      if (seq === loadSeq) set({ error: toErrorInfo(error) });
    }
  },
}));
