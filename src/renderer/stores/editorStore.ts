// Runs in the renderer. The capsule open in the editor: its slides and grains as the library returns
// them, prompt drafts saved after a pause in typing (debounce) or on blur, and the structural edits
// (move/split/merge/reorder), each answered by the library with the whole updated capsule.
import type { CapsuleDetail } from '../../shared/domain/capsule';
import { toErrorInfo, type StudioErrorInfo } from '../../shared/errors';
import { studio } from '../studio';
import { grainStepTarget, slideStepTarget } from '../logic/grainMoves';
import { createResettable, onReset } from './resettable';

/** Typing pause after which a prompt is saved. */
export const PROMPT_SAVE_DELAY_MS = 700;

export type SaveState = 'pending' | 'saving' | 'saved' | 'error';

export interface EditorState {
  capsuleId: string | null;
  capsule: CapsuleDetail | null;
  loading: boolean;
  error: StudioErrorInfo | null;
  /** Prompt text typed but not yet confirmed saved, by slide id. Shown instead of the stored prompt. */
  drafts: Record<string, string>;
  saveStates: Record<string, SaveState>;
  selectedSlideId: string | null;
  open(capsuleId: string): Promise<void>;
  reload(): Promise<void>;
  close(): void;
  select(slideId: string | null): void;
  editPrompt(slideId: string, text: string): void;
  /** Saves this slide's draft now (blur); resolves once stored. */
  flushPrompt(slideId: string): Promise<void>;
  flushAll(): Promise<void>;
  moveSlide(slideId: string, grainId: string, position: number): Promise<void>;
  stepSlide(slideId: string, direction: -1 | 1): Promise<void>;
  splitAt(slideId: string): Promise<void>;
  mergeWithPrevious(grainId: string): Promise<void>;
  moveGrain(grainId: string, position: number): Promise<void>;
  stepGrain(grainId: string, direction: -1 | 1): Promise<void>;
  renameGrain(grainId: string, title: string): Promise<void>;
  dismissError(): void;
}

const timers = new Map<string, ReturnType<typeof setTimeout>>();
/** One save chain per slide so saves land in typing order. */
const saveChains = new Map<string, Promise<void>>();
/** Bumped by every change we make, so a reload started before it cannot bring back older data. */
let mutationSeq = 0;

function clearTimer(slideId: string): void {
  const timer = timers.get(slideId);
  if (timer !== undefined) clearTimeout(timer);
  timers.delete(slideId);
}

onReset(() => {
  for (const timer of timers.values()) clearTimeout(timer);
  timers.clear();
  saveChains.clear();
  mutationSeq = 0;
});

function withPrompt(capsule: CapsuleDetail, slideId: string, prompt: string): CapsuleDetail {
  return {
    ...capsule,
    grains: capsule.grains.map((grain) =>
      grain.slides.some((slide) => slide.id === slideId) ? { ...grain, slides: grain.slides.map((slide) => (slide.id === slideId ? { ...slide, prompt } : slide)) } : grain,
    ),
  };
}

export const useEditorStore = createResettable<EditorState>((set, get) => {
  async function structural(change: () => Promise<CapsuleDetail>): Promise<void> {
    mutationSeq += 1;
    try {
      const capsule = await change();
      if (capsule.id === get().capsuleId) set({ capsule, error: null });
    } catch (error) {
      set({ error: toErrorInfo(error) });
    }
  }

  async function save(slideId: string): Promise<void> {
    clearTimer(slideId);
    const text = get().drafts[slideId];
    if (text === undefined) return;
    mutationSeq += 1;
    set((state) => ({ saveStates: { ...state.saveStates, [slideId]: 'saving' } }));
    try {
      await studio().updateSlidePrompt(slideId, text);
      set((state) => {
        const stillSame = state.drafts[slideId] === text;
        const drafts = { ...state.drafts };
        if (stillSame) delete drafts[slideId];
        return {
          drafts,
          capsule: state.capsule ? withPrompt(state.capsule, slideId, text) : state.capsule,
          saveStates: { ...state.saveStates, [slideId]: stillSame ? 'saved' : 'pending' },
        };
      });
    } catch (error) {
      set((state) => ({ saveStates: { ...state.saveStates, [slideId]: 'error' }, error: toErrorInfo(error) }));
    }
  }

  return {
    capsuleId: null,
    capsule: null,
    loading: false,
    error: null,
    drafts: {},
    saveStates: {},
    selectedSlideId: null,

    async open(capsuleId) {
      if (get().capsuleId !== capsuleId) {
        await get().flushAll();
        set({ capsuleId, capsule: null, drafts: {}, saveStates: {}, selectedSlideId: null, error: null });
      }
      await get().reload();
    },

    async reload() {
      const capsuleId = get().capsuleId;
      if (!capsuleId) return;
      set({ loading: true });
      for (;;) {
        const seq = mutationSeq;
        try {
          const capsule = await studio().getCapsule(capsuleId);
          if (get().capsuleId !== capsuleId) return;
          if (seq !== mutationSeq) continue; // we changed it meanwhile: read again
          set({ capsule, loading: false });
        } catch (error) {
          if (get().capsuleId === capsuleId) set({ loading: false, error: toErrorInfo(error) });
        }
        return;
      }
    },

    close() {
      void get().flushAll();
      set({ capsuleId: null, capsule: null, selectedSlideId: null });
    },

    select(slideId) {
      set({ selectedSlideId: slideId });
    },

    editPrompt(slideId, text) {
      set((state) => ({ drafts: { ...state.drafts, [slideId]: text }, saveStates: { ...state.saveStates, [slideId]: 'pending' } }));
      clearTimer(slideId);
      timers.set(
        slideId,
        setTimeout(() => void get().flushPrompt(slideId), PROMPT_SAVE_DELAY_MS),
      );
    },

    flushPrompt(slideId) {
      const previous = saveChains.get(slideId) ?? Promise.resolve();
      const next = previous.then(() => save(slideId));
      saveChains.set(slideId, next);
      return next;
    },

    async flushAll() {
      await Promise.all(Object.keys(get().drafts).map((slideId) => get().flushPrompt(slideId)));
    },

    moveSlide(slideId, grainId, position) {
      return structural(() => studio().moveSlide(slideId, grainId, position));
    },

    async stepSlide(slideId, direction) {
      const capsule = get().capsule;
      const target = capsule ? slideStepTarget(capsule, slideId, direction) : null;
      if (target) await get().moveSlide(slideId, target.grainId, target.position);
    },

    splitAt(slideId) {
      return structural(() => studio().splitGrainAt(slideId));
    },

    mergeWithPrevious(grainId) {
      return structural(() => studio().mergeGrainWithPrevious(grainId));
    },

    moveGrain(grainId, position) {
      return structural(() => studio().moveGrain(grainId, position));
    },

    async stepGrain(grainId, direction) {
      const capsule = get().capsule;
      const position = capsule ? grainStepTarget(capsule, grainId, direction) : null;
      if (position !== null) await get().moveGrain(grainId, position);
    },

    async renameGrain(grainId, title) {
      mutationSeq += 1;
      try {
        await studio().renameGrain(grainId, title);
        set((state) => ({
          capsule: state.capsule ? { ...state.capsule, grains: state.capsule.grains.map((grain) => (grain.id === grainId ? { ...grain, title: title.trim() } : grain)) } : null,
        }));
      } catch (error) {
        set({ error: toErrorInfo(error) });
      }
    },

    dismissError() {
      set({ error: null });
    },
  };
});

/** The text shown for a slide's prompt: the unsaved draft if any, else the stored prompt. */
export function promptOf(state: Pick<EditorState, 'drafts'>, slideId: string, stored: string): string {
  return state.drafts[slideId] ?? stored;
}
