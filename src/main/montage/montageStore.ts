// Runs in Node (main side). Montage rows in the library database: settings per capsule, trims per
// grain, the segment cache index and finished renders. Takes come from the take store, grains from the library.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_MONTAGE_SETTINGS, type MontageSettings, type RenderInfo, type RenderOutput, type UnrecordedGrainChoice, type CaptionCueInfo } from '../../shared/domain/montage';
import type { TakeEvent } from '../../shared/domain/take';
import type { Trim } from '../../shared/logic/montageTimeline';
import { nowIso, type Db } from '../library/database';
import type { CapsuleLibrary } from '../library/capsuleLibrary';
import type { TakeStore } from '../recording/takeStore';

export interface TakeRow {
  id: string;
  attempt: number;
  grain_id: string;
  capsule_id: string;
  file: string;
  state: string;
  duration_ms: number | null;
  width: number | null;
  height: number | null;
  events_json: string;
  has_audio?: number | null;
  has_video?: number | null;
  /** The screen track of a screen grain's take (issue #15), relative to the capsule's folder. */
  screen_file?: string | null;
  /** The camera with its virtual background and the effect's state (issue #15). */
  processed_file?: string | null;
  background_json?: string | null;
}

const TAKE_EVENT_TYPES = new Set<TakeEvent['type']>(['start', 'next_slide', 'prev_slide', 'next_sentence', 'prev_sentence', 'pause', 'resume', 'end']);

/** Reads a take's events, dropping anything that is not a well-formed event. */
export function parseTakeEvents(json: string): TakeEvent[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    // A damaged events column must not stop the montage: the take then plays as one slide.
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((e): e is TakeEvent => typeof e === 'object' && e !== null && TAKE_EVENT_TYPES.has((e as TakeEvent).type) && Number.isFinite((e as TakeEvent).atMs))
    .map((e) => ({ type: e.type, atMs: e.atMs, slideIndex: Number.isFinite(e.slideIndex) ? e.slideIndex : 0, sentenceIndex: Number.isFinite(e.sentenceIndex) ? e.sentenceIndex : 0 }));
}

/** Captions as the teacher left them: on or off, per grain overrides, edited cues and what they were edited from. */
export interface StoredCaptions {
  enabled: boolean;
  grains: Record<string, boolean>;
  cues: CaptionCueInfo[] | null;
  basis: string | null;
}

export class MontageStore {
  constructor(
    private readonly db: Db,
    private readonly takes: TakeStore,
    private readonly library: CapsuleLibrary,
  ) {}

  settings(capsuleId: string): MontageSettings {
    const row = this.db.prepare('SELECT settings_json FROM montage_settings WHERE capsule_id = ?').get(capsuleId) as { settings_json: string } | undefined;
    if (!row) return { ...DEFAULT_MONTAGE_SETTINGS };
    return { ...DEFAULT_MONTAGE_SETTINGS, ...(JSON.parse(row.settings_json) as Partial<MontageSettings>) };
  }

  setSettings(capsuleId: string, patch: Partial<MontageSettings>): MontageSettings {
    const merged = { ...this.settings(capsuleId), ...patch };
    this.db
      .prepare('INSERT INTO montage_settings (capsule_id, settings_json) VALUES (?, ?) ON CONFLICT(capsule_id) DO UPDATE SET settings_json = excluded.settings_json')
      .run(capsuleId, JSON.stringify(merged));
    return merged;
  }

  trims(capsuleId: string): Map<string, Trim> {
    const rows = this.db
      .prepare('SELECT grain_id, start_ms, end_ms FROM montage_trims WHERE grain_id IN (SELECT value FROM json_each(?))')
      .all(this.grainIdsJson(capsuleId)) as { grain_id: string; start_ms: number; end_ms: number }[];
    return new Map(rows.map((row) => [row.grain_id, { startMs: row.start_ms, endMs: row.end_ms }]));
  }

  setTrim(grainId: string, trim: Trim | null): void {
    if (!trim || (trim.startMs === 0 && trim.endMs === 0)) {
      this.db.prepare('DELETE FROM montage_trims WHERE grain_id = ?').run(grainId);
      return;
    }
    this.db
      .prepare('INSERT INTO montage_trims (grain_id, start_ms, end_ms) VALUES (?, ?, ?) ON CONFLICT(grain_id) DO UPDATE SET start_ms = excluded.start_ms, end_ms = excluded.end_ms')
      .run(grainId, Math.round(trim.startMs), Math.round(trim.endMs));
  }

  /** The teacher's choices for the capsule's grains that have no take, by grain id. */
  grainChoices(capsuleId: string): Map<string, UnrecordedGrainChoice> {
    const rows = this.db
      .prepare('SELECT grain_id, mode, slide_ms FROM montage_grain_choices WHERE grain_id IN (SELECT value FROM json_each(?))')
      .all(this.grainIdsJson(capsuleId)) as { grain_id: string; mode: 'leave_out' | 'silent'; slide_ms: number | null }[];
    return new Map(rows.map((row) => [row.grain_id, row.mode === 'silent' ? { mode: 'silent', slideMs: row.slide_ms ?? DEFAULT_MONTAGE_SETTINGS.defaultSlideMs } : { mode: 'leave_out' }]));
  }

  setGrainChoice(grainId: string, choice: UnrecordedGrainChoice | null): void {
    if (!choice) {
      this.db.prepare('DELETE FROM montage_grain_choices WHERE grain_id = ?').run(grainId);
      return;
    }
    this.db
      .prepare('INSERT INTO montage_grain_choices (grain_id, mode, slide_ms) VALUES (?, ?, ?) ON CONFLICT(grain_id) DO UPDATE SET mode = excluded.mode, slide_ms = excluded.slide_ms')
      .run(grainId, choice.mode, choice.mode === 'silent' ? Math.round(choice.slideMs) : null);
  }

  /** The teacher's caption choices of a capsule (defaults when never set). */
  captionChoices(capsuleId: string): StoredCaptions {
    const row = this.db.prepare('SELECT enabled, grains_json, cues_json, basis FROM montage_captions WHERE capsule_id = ?').get(capsuleId) as
      | { enabled: number; grains_json: string; cues_json: string | null; basis: string | null }
      | undefined;
    if (!row) return { enabled: true, grains: {}, cues: null, basis: null };
    return { enabled: row.enabled === 1, grains: JSON.parse(row.grains_json) as Record<string, boolean>, cues: row.cues_json ? (JSON.parse(row.cues_json) as CaptionCueInfo[]) : null, basis: row.basis };
  }

  setCaptionChoices(capsuleId: string, choices: StoredCaptions): void {
    this.db
      .prepare(
        `INSERT INTO montage_captions (capsule_id, enabled, grains_json, cues_json, basis, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(capsule_id) DO UPDATE SET enabled = excluded.enabled, grains_json = excluded.grains_json, cues_json = excluded.cues_json, basis = excluded.basis, updated_at = excluded.updated_at`,
      )
      .run(capsuleId, choices.enabled ? 1 : 0, JSON.stringify(choices.grains), choices.cues ? JSON.stringify(choices.cues) : null, choices.basis, nowIso());
  }

  take(takeId: string): TakeRow | null {
    return this.takes.findRow(takeId);
  }

  /** A grain's finished takes other than `exceptTakeId`, most recent first. */
  otherReadyTakes(grainId: string, exceptTakeId: string | null, limit: number): { id: string; attempt: number }[] {
    return this.takes.otherReadyTakes(grainId, exceptTakeId, limit);
  }

  /** A take file path from its row: absolute, or relative to the capsule's folder. */
  takePath(row: TakeRow, capsuleDir: string): string {
    return path.isAbsolute(row.file) ? row.file : path.join(capsuleDir, row.file);
  }

  recordSegment(entry: { hash: string; kind: 'video' | 'audio'; file: string; capsuleId: string; grainId: string; durationMs: number; bytes: number }): void {
    const now = nowIso();
    this.db
      .prepare(
        `INSERT INTO montage_segments (hash, kind, file, capsule_id, grain_id, duration_ms, bytes, created_at, used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(hash, kind) DO UPDATE SET used_at = excluded.used_at, capsule_id = excluded.capsule_id, grain_id = excluded.grain_id`,
      )
      .run(entry.hash, entry.kind, entry.file, entry.capsuleId, entry.grainId, entry.durationMs, entry.bytes, now, now);
  }

  touchSegment(hash: string, kind: 'video' | 'audio'): void {
    this.db.prepare('UPDATE montage_segments SET used_at = ? WHERE hash = ? AND kind = ?').run(nowIso(), hash, kind);
  }

  addRender(output: RenderOutput, jobId: string | null): RenderInfo {
    const id = randomUUID();
    const createdAt = nowIso();
    this.db.prepare('INSERT INTO montage_renders (id, capsule_id, job_id, output_json, created_at) VALUES (?, ?, ?, ?, ?)').run(id, output.capsuleId, jobId, JSON.stringify(output), createdAt);
    return { ...output, id, createdAt };
  }

  renders(capsuleId: string): RenderInfo[] {
    const rows = this.db.prepare('SELECT * FROM montage_renders WHERE capsule_id = ? ORDER BY created_at DESC').all(capsuleId) as { id: string; output_json: string; created_at: string }[];
    return rows.map((row) => ({ ...(JSON.parse(row.output_json) as RenderOutput), id: row.id, createdAt: row.created_at }));
  }

  grainCapsuleId(grainId: string): string {
    return this.library.grainCapsuleId(grainId);
  }

  /** A capsule's grain ids as one JSON parameter (grains belong to the library: asked, never joined). */
  private grainIdsJson(capsuleId: string): string {
    return JSON.stringify(this.library.grainIds(capsuleId));
  }

  /** The MP4 of a render that is still on disk, or null (served as `render/<id>`). */
  renderFile(renderId: string): string | null {
    const row = this.db.prepare('SELECT output_json FROM montage_renders WHERE id = ?').get(renderId) as { output_json: string } | undefined;
    if (!row) return null;
    const file = (JSON.parse(row.output_json) as { file?: unknown }).file;
    return typeof file === 'string' && existsSync(file) ? file : null;
  }
}
