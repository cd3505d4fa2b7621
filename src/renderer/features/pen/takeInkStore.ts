// Runs in the renderer. The strokes of the take being played back, loaded once and shared by its
// replay over the slide and its show/hide/remove controls.
import { create } from 'zustand';
import type { TakeInk } from '../../../shared/logic/strokes/inkEvents';
import type { StudioClient } from '../../api/studioClient';

type InkApi = Pick<StudioClient, 'getTakeInk' | 'setTakeInkShown' | 'deleteTakeInk'>;

interface TakeInkState {
  takeId: string | null;
  ink: TakeInk | null;
  load(api: InkApi, takeId: string): Promise<void>;
  setShown(api: InkApi, shown: boolean): Promise<void>;
  remove(api: InkApi): Promise<void>;
}

export const useTakeInkStore = create<TakeInkState>()((set, get) => ({
  takeId: null,
  ink: null,
  load: async (api, takeId) => {
    set({ takeId, ink: null });
    const ink = await api.getTakeInk(takeId);
    if (get().takeId === takeId) set({ ink });
  },
  setShown: async (api, shown) => {
    const takeId = get().takeId;
    const before = get().ink;
    if (!takeId || !before) return;
    // The box follows the click at once; the main side's answer confirms it, a failure puts it back.
    set({ ink: { ...before, shown } });
    try {
      const ink = await api.setTakeInkShown(takeId, shown);
      if (get().takeId === takeId) set({ ink });
    } catch (error) {
      if (get().takeId === takeId) set({ ink: before });
      throw error;
    }
  },
  remove: async (api) => {
    const takeId = get().takeId;
    if (!takeId) return;
    await api.deleteTakeInk(takeId);
    if (get().takeId === takeId) set({ ink: { shown: get().ink?.shown ?? true, events: [] } });
  },
}));
