// Runs in the renderer. View state of the shell: language, current step/panel and open capsule,
// overlays (shortcuts, jobs) and short notices. The language is persisted in the studio's settings
// (key `ui.language`); the view survives a page reload through sessionStorage.
import { toErrorInfo, type StudioErrorInfo } from '../../shared/errors';
import { detectLanguage, isLanguage, setCurrentLanguage, type Language, type MessageKey, type MessageParams } from '../i18n';
import { studio } from '../studio';
import { createResettable, onReset } from './resettable';

export const LANGUAGE_SETTING = 'ui.language';
const VIEW_STORAGE_KEY = 'capsule-studio.view';

/** Core steps are 'library' and 'edit'; features add theirs (see features/registry.ts). */
export type ViewId = string;

export interface Notice {
  id: number;
  tone: 'info' | 'error';
  /** A message key with params, an error to describe, or both (the error's sentence fills the message's {reason}). */
  message?: { key: MessageKey; params?: MessageParams };
  error?: StudioErrorInfo;
}

export interface UiState {
  language: Language;
  view: ViewId;
  capsuleId: string | null;
  shortcutsOpen: boolean;
  jobsOpen: boolean;
  notices: Notice[];
  /** A grain the Record step should open on (set by "Record it" in Produce), consumed by the Record step. */
  recordGrainId: string | null;
  recordGrain(grainId: string): void;
  takeRecordGrain(): string | null;
  setLanguage(language: Language, options?: { persist?: boolean }): Promise<void>;
  navigate(view: ViewId, capsuleId?: string | null): void;
  openCapsule(capsuleId: string): void;
  closeCapsule(): void;
  toggleShortcuts(open?: boolean): void;
  toggleJobs(open?: boolean): void;
  notify(notice: Omit<Notice, 'id'>): void;
  notifyError(error: unknown): void;
  dismissNotice(id: number): void;
}

let nextNoticeId = 1;
const INFO_NOTICE_MS = 6000;

interface SavedView {
  view: ViewId;
  capsuleId: string | null;
}

function readSavedView(): SavedView {
  try {
    const raw = globalThis.sessionStorage?.getItem(VIEW_STORAGE_KEY);
    if (raw) {
      const parsed = JSON.parse(raw) as Partial<SavedView>;
      if (typeof parsed.view === 'string') return { view: parsed.view, capsuleId: typeof parsed.capsuleId === 'string' ? parsed.capsuleId : null };
    }
  } catch {
    // Storage disabled or a corrupt entry: start from the library, nothing is lost.
  }
  return { view: 'library', capsuleId: null };
}

function saveView(view: SavedView): void {
  try {
    globalThis.sessionStorage?.setItem(VIEW_STORAGE_KEY, JSON.stringify(view));
  } catch {
    // Storage disabled (private mode): the view simply won't survive a reload.
  }
}

function initialLanguage(): Language {
  const preferences = typeof navigator !== 'undefined' ? (navigator.languages?.length ? navigator.languages : [navigator.language]) : [];
  return detectLanguage(preferences);
}

export const useUiStore = createResettable<UiState>((set, get) => {
  const language = initialLanguage();
  setCurrentLanguage(language);
  const saved = readSavedView();
  return {
    language,
    view: saved.view,
    capsuleId: saved.capsuleId,
    shortcutsOpen: false,
    jobsOpen: false,
    notices: [],
    recordGrainId: null,
    recordGrain(grainId) {
      set({ recordGrainId: grainId });
      get().navigate('record');
    },
    takeRecordGrain() {
      const grainId = get().recordGrainId;
      if (grainId !== null) set({ recordGrainId: null });
      return grainId;
    },
    async setLanguage(next, options = {}) {
      setCurrentLanguage(next);
      set({ language: next });
      if (options.persist === false) return;
      try {
        await studio().updateSettings({ [LANGUAGE_SETTING]: next });
      } catch (error) {
        get().notifyError(error);
      }
    },
    navigate(view, capsuleId) {
      const nextCapsule = capsuleId === undefined ? get().capsuleId : capsuleId;
      set({ view, capsuleId: nextCapsule });
      saveView({ view, capsuleId: nextCapsule });
    },
    openCapsule(capsuleId) {
      get().navigate('edit', capsuleId);
    },
    closeCapsule() {
      get().navigate('library', null);
    },
    toggleShortcuts(open) {
      set((state) => ({ shortcutsOpen: open ?? !state.shortcutsOpen }));
    },
    toggleJobs(open) {
      set((state) => ({ jobsOpen: open ?? !state.jobsOpen }));
    },
    notify(notice) {
      const id = nextNoticeId++;
      set((state) => ({ notices: [...state.notices.slice(-4), { ...notice, id }] }));
      // Information fades by itself; errors stay until dismissed.
      if (notice.tone === 'info') setTimeout(() => get().dismissNotice(id), INFO_NOTICE_MS);
    },
    notifyError(error) {
      get().notify({ tone: 'error', error: toErrorInfo(error) });
    },
    dismissNotice(id) {
      set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) }));
    },
  };
});

/** Applies the language saved in the settings, if any (the OS/browser language stays the default). */
export function applySavedLanguage(settings: Record<string, unknown>): void {
  const saved = settings[LANGUAGE_SETTING];
  if (isLanguage(saved) && saved !== useUiStore.getState().language) void useUiStore.getState().setLanguage(saved, { persist: false });
}

// After a reset the i18n module follows the store's (initial) language again.
onReset(() => setCurrentLanguage(useUiStore.getState().language));
