// Runs in the renderer. The capsule list and the PDF import in progress: create (the PDF uploaded to
// the main side, which returns a grant), password prompt then retry on PDF_ENCRYPTED, cancel, rename, duplicate, delete.
import type { CapsuleDetail, CapsuleSummary } from '../../shared/domain/capsule';
import { toErrorInfo, type StudioErrorInfo } from '../../shared/errors';
import { uploadBytes } from '../api/upload';
import { studio } from '../studio';
import { createResettable } from './resettable';

/** A PDF the user picked or dropped; reading is deferred so a password retry re-reads it. */
export interface PendingPdf {
  name: string;
  readBytes(): Promise<Uint8Array>;
  /** The grant of the uploaded file, kept so that a password retry does not upload it again. */
  grant?: string;
}

export interface ImportState {
  /** The job of the current attempt: progress comes as `job.progress` for this id. */
  jobId: string;
  pdf: PendingPdf;
  phase: 'running' | 'password';
  /** The last password was refused (PDF_BAD_PASSWORD). */
  wrongPassword: boolean;
  cancelling: boolean;
}

export type ImportOutcome = { kind: 'created'; capsule: CapsuleDetail } | { kind: 'password' } | { kind: 'cancelled' } | { kind: 'failed'; error: StudioErrorInfo };

export interface LibraryState {
  capsules: CapsuleSummary[];
  loaded: boolean;
  loading: boolean;
  error: StudioErrorInfo | null;
  importing: ImportState | null;
  refresh(): Promise<void>;
  importPdf(pdf: PendingPdf, password?: string): Promise<ImportOutcome>;
  submitPassword(password: string): Promise<ImportOutcome>;
  cancelImport(): Promise<void>;
  rename(id: string, title: string): Promise<boolean>;
  duplicate(id: string): Promise<CapsuleSummary | null>;
  remove(id: string): Promise<boolean>;
  dismissError(): void;
}

export function newJobId(): string {
  return globalThis.crypto.randomUUID();
}

function upsert(list: CapsuleSummary[], capsule: CapsuleSummary): CapsuleSummary[] {
  const index = list.findIndex((item) => item.id === capsule.id);
  if (index === -1) return [capsule, ...list];
  const next = list.slice();
  next[index] = capsule;
  return next;
}

export const useLibraryStore = createResettable<LibraryState>((set, get) => ({
  capsules: [],
  loaded: false,
  loading: false,
  error: null,
  importing: null,

  async refresh() {
    set({ loading: true });
    try {
      const capsules = await studio().listCapsules();
      set({ capsules, loaded: true, loading: false });
    } catch (error) {
      set({ loading: false, error: toErrorInfo(error) });
    }
  },

  async importPdf(pdf, password) {
    const jobId = newJobId();
    set({ importing: { jobId, pdf, phase: 'running', wrongPassword: false, cancelling: false }, error: null });
    try {
      pdf.grant ??= (await uploadBytes(studio(), await pdf.readBytes(), pdf.name, 'read-pdf')).grant;
      // No title: the main side takes the PDF's own title, else its first slide's, else the file name.
      const capsule = await studio().createCapsuleFromPdf({ source: { grant: pdf.grant, name: pdf.name }, password, jobId });
      set({ importing: null });
      await get().refresh();
      return { kind: 'created', capsule };
    } catch (error) {
      const info = toErrorInfo(error);
      if (info.code === 'PDF_ENCRYPTED' || info.code === 'PDF_BAD_PASSWORD') {
        set({ importing: { jobId, pdf, phase: 'password', wrongPassword: info.code === 'PDF_BAD_PASSWORD', cancelling: false } });
        return { kind: 'password' };
      }
      set({ importing: null });
      if (info.code === 'CANCELLED') return { kind: 'cancelled' };
      set({ error: info });
      return { kind: 'failed', error: info };
    }
  },

  async submitPassword(password) {
    const importing = get().importing;
    if (!importing) return { kind: 'cancelled' };
    return get().importPdf(importing.pdf, password);
  },

  async cancelImport() {
    const importing = get().importing;
    if (!importing) return;
    if (importing.phase === 'password') {
      set({ importing: null });
      return;
    }
    set({ importing: { ...importing, cancelling: true } });
    try {
      await studio().cancelJob(importing.jobId);
    } catch (error) {
      // The job may have finished or failed in the meantime; importPdf settles the state either way.
      set({ error: toErrorInfo(error) });
    }
  },

  async rename(id, title) {
    try {
      const summary = await studio().renameCapsule(id, title.trim());
      set((state) => ({ capsules: upsert(state.capsules, summary) }));
      return true;
    } catch (error) {
      set({ error: toErrorInfo(error) });
      return false;
    }
  },

  async duplicate(id) {
    try {
      const copy = await studio().duplicateCapsule(id);
      await get().refresh();
      return copy;
    } catch (error) {
      set({ error: toErrorInfo(error) });
      return null;
    }
  },

  async remove(id) {
    try {
      await studio().deleteCapsule(id);
      set((state) => ({ capsules: state.capsules.filter((capsule) => capsule.id !== id) }));
      return true;
    } catch (error) {
      set({ error: toErrorInfo(error) });
      return false;
    }
  },

  dismissError() {
    set({ error: null });
  },
}));
