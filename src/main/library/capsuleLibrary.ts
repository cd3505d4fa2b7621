// Runs in Node (main side). The capsule library: capsules, grains and slides in SQLite, their
// files in one folder per capsule. Every multi-row change runs in one transaction.
import { randomUUID } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import type { CapsuleDetail, CapsuleKind, CapsuleSummary, Grain, GrainKind, Slide } from '../../shared/domain/capsule';
import { DEFAULT_LAYOUT, mergeLayout, type LayoutSettings } from '../../shared/domain/layout';
import type { StudioEventBus } from '../events';
import { nowIso, type Db } from './database';
import { capsuleDir, capsulesRoot } from './capsuleFiles';

interface CapsuleRow {
  id: string;
  title: string;
  kind: CapsuleKind;
  source_name: string | null;
  layout_json: string;
  metadata_json: string;
  created_at: string;
  updated_at: string;
}

interface GrainRow {
  id: string;
  capsule_id: string;
  position: number;
  title: string;
  active_take_id: string | null;
  layout_json: string | null;
  kind: GrainKind;
}

interface SlideRow {
  id: string;
  capsule_id: string;
  grain_id: string;
  position: number;
  page_number: number | null;
  page_label: string | null;
  prompt: string;
  image_file: string;
  thumb_file: string;
  width: number;
  height: number;
  extra_video_file: string | null;
}

/** A slide ready to enter the library: its files are in the staging folder being committed. */
export interface NewSlide {
  imageFile: string;
  thumbFile: string;
  width: number;
  height: number;
  pageNumber: number | null;
  pageLabel: string | null;
  prompt: string;
  /** Slides with the same group number share a grain; by default each slide is its own grain. */
  group?: number;
  /** Title of the grain this slide opens (read from the grain's first slide only). */
  grainTitle?: string;
  /** Layout of the grain this slide opens (read from the grain's first slide only; an imported bundle's). */
  grainLayout?: Partial<LayoutSettings> | null;
  /** A video replacing the slide, in the staging folder (imports). */
  extraVideoFile?: string | null;
}

export interface NewCapsule {
  title: string;
  kind?: CapsuleKind;
  sourceName?: string | null;
  metadata?: Record<string, unknown>;
  layout?: Partial<LayoutSettings>;
  /** Folder holding the slide files (and anything else); it becomes the capsule's folder. */
  stagingDir: string;
  slides: NewSlide[];
  /**
   * Runs inside the commit's transaction, once the rows exist: an import adds its takes and montage
   * choices through their own stores here, so the capsule appears whole or not at all.
   */
  onCommit?: (created: { capsuleId: string; grainIds: string[] }) => void;
}

/**
 * What the library asks of the recording domain, which owns the takes table: a grain holding takes is
 * never dropped as a side effect of editing, and merging grains keeps their takes.
 */
export interface GrainTakes {
  /** The grains among these that hold at least one take. */
  grainsHoldingTakes(grainIds: readonly string[]): Set<string>;
  /** Gives every take of one grain to another (inside the caller's transaction). */
  moveTakesToGrain(fromGrainId: string, toGrainId: string): void;
}

export class CapsuleLibrary {
  /** `takes` is read when needed: the take store is built after the library (see src/main/services.ts). */
  constructor(
    private readonly db: Db,
    readonly libraryDir: string,
    private readonly events: StudioEventBus,
    private readonly takes: () => GrainTakes,
  ) {}

  capsuleDir(capsuleId: string): string {
    return capsuleDir(this.libraryDir, capsuleId);
  }

  list(): CapsuleSummary[] {
    const rows = this.db.prepare('SELECT * FROM capsules ORDER BY updated_at DESC').all() as CapsuleRow[];
    const counts = this.db.prepare('SELECT (SELECT COUNT(*) FROM slides WHERE capsule_id = ?) AS slides, (SELECT COUNT(*) FROM grains WHERE capsule_id = ?) AS grains');
    const firstSlide = this.db.prepare('SELECT s.id FROM slides s JOIN grains g ON g.id = s.grain_id WHERE s.capsule_id = ? ORDER BY g.position, s.position LIMIT 1');
    return rows.map((row) => {
      const count = counts.get(row.id, row.id) as { slides: number; grains: number };
      const first = firstSlide.get(row.id) as { id: string } | undefined;
      return this.summary(row, count.slides, count.grains, first ? `thumb/${first.id}` : null);
    });
  }

  exists(capsuleId: string): boolean {
    return this.db.prepare('SELECT 1 FROM capsules WHERE id = ?').get(capsuleId) !== undefined;
  }

  get(capsuleId: string): CapsuleDetail {
    const row = this.capsuleRow(capsuleId);
    const grains = this.db.prepare('SELECT * FROM grains WHERE capsule_id = ? ORDER BY position').all(capsuleId) as GrainRow[];
    const slides = this.db.prepare('SELECT * FROM slides WHERE capsule_id = ? ORDER BY position').all(capsuleId) as SlideRow[];
    const dir = this.capsuleDir(capsuleId);
    const byGrain = new Map<string, Slide[]>();
    for (const slide of slides) {
      const list = byGrain.get(slide.grain_id) ?? [];
      list.push(this.slide(slide, dir));
      byGrain.set(slide.grain_id, list);
    }
    const grainList: Grain[] = grains.map((grain) => ({
      id: grain.id,
      position: grain.position,
      title: grain.title,
      activeTakeId: grain.active_take_id,
      kind: grain.kind,
      layout: grain.layout_json ? (JSON.parse(grain.layout_json) as Partial<LayoutSettings>) : null,
      slides: (byGrain.get(grain.id) ?? []).sort((a, b) => a.position - b.position),
    }));
    const first = grainList[0]?.slides[0];
    return {
      id: row.id,
      title: row.title,
      kind: row.kind,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      thumbnail: first ? first.thumbnail : null,
      layout: mergeLayout(DEFAULT_LAYOUT, JSON.parse(row.layout_json) as Partial<LayoutSettings>),
      grains: grainList,
      directory: dir,
    };
  }

  metadata(capsuleId: string): Record<string, unknown> {
    return JSON.parse(this.capsuleRow(capsuleId).metadata_json) as Record<string, unknown>;
  }

  setMetadata(capsuleId: string, patch: Record<string, unknown>): void {
    const merged = { ...this.metadata(capsuleId), ...patch };
    this.db.prepare('UPDATE capsules SET metadata_json = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(merged), nowIso(), capsuleId);
    this.changed(capsuleId);
  }

  /**
   * Commits a staged capsule: the staging folder becomes the capsule's folder (a rename on the same
   * disk) and the rows are inserted in one transaction. If anything fails, nothing of it remains.
   */
  create(input: NewCapsule): CapsuleDetail {
    const id = randomUUID();
    const dir = this.capsuleDir(id);
    mkdirSync(capsulesRoot(this.libraryDir), { recursive: true, mode: 0o700 });
    renameSync(input.stagingDir, dir);
    privateDir(dir);
    try {
      const now = nowIso();
      this.db.transaction(() => {
        this.db
          .prepare('INSERT INTO capsules (id, title, kind, source_name, layout_json, metadata_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(id, input.title, input.kind ?? 'capsule', input.sourceName ?? null, JSON.stringify(input.layout ?? {}), JSON.stringify(input.metadata ?? {}), now, now);
        const insertGrain = this.db.prepare('INSERT INTO grains (id, capsule_id, position, title, layout_json) VALUES (?, ?, ?, ?, ?)');
        const insertSlide = this.db.prepare(
          'INSERT INTO slides (id, capsule_id, grain_id, position, page_number, page_label, prompt, image_file, thumb_file, width, height, extra_video_file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        );
        const grainIds: string[] = [];
        let grainId = '';
        let grainPosition = -1;
        let slideInGrain = 0;
        let lastGroup: number | undefined;
        input.slides.forEach((slide, index) => {
          const group = slide.group ?? index;
          if (index === 0 || group !== lastGroup) {
            grainId = randomUUID();
            grainPosition += 1;
            slideInGrain = 0;
            insertGrain.run(grainId, id, grainPosition, slide.grainTitle ?? '', slide.grainLayout ? JSON.stringify(slide.grainLayout) : null);
            grainIds.push(grainId);
          }
          lastGroup = group;
          insertSlide.run(
            randomUUID(),
            id,
            grainId,
            slideInGrain,
            slide.pageNumber,
            slide.pageLabel,
            slide.prompt,
            toRelative(input.stagingDir, slide.imageFile),
            toRelative(input.stagingDir, slide.thumbFile),
            slide.width,
            slide.height,
            slide.extraVideoFile ? toRelative(input.stagingDir, slide.extraVideoFile) : null,
          );
          slideInGrain += 1;
        });
        input.onCommit?.({ capsuleId: id, grainIds });
      })();
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    this.changed(null);
    return this.get(id);
  }

  rename(capsuleId: string, title: string): CapsuleSummary {
    const trimmed = title.trim();
    if (!trimmed) throw new StudioError('BAD_ARGS', 'A capsule needs a title.');
    this.capsuleRow(capsuleId);
    this.db.prepare('UPDATE capsules SET title = ?, updated_at = ? WHERE id = ?').run(trimmed, nowIso(), capsuleId);
    this.changed(capsuleId);
    return this.summaryOf(capsuleId);
  }

  /** Copies slides, prompts, grouping and layout into a new capsule. Takes and renders stay with the original. */
  duplicate(capsuleId: string, title?: string): CapsuleSummary {
    const source = this.get(capsuleId);
    const row = this.capsuleRow(capsuleId);
    const newId = randomUUID();
    const sourceDir = this.capsuleDir(capsuleId);
    const targetDir = this.capsuleDir(newId);
    const stage = `${targetDir}.part`;
    rmSync(stage, { recursive: true, force: true });
    for (const sub of ['slides', 'thumbs', 'media']) {
      if (existsSync(path.join(sourceDir, sub))) cpSync(path.join(sourceDir, sub), path.join(stage, sub), { recursive: true });
    }
    mkdirSync(stage, { recursive: true });
    renameSync(stage, targetDir);
    privateDir(targetDir);
    try {
      const now = nowIso();
      this.db.transaction(() => {
        this.db
          .prepare('INSERT INTO capsules (id, title, kind, source_name, layout_json, metadata_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(newId, title ?? `${source.title} (copy)`, source.kind, row.source_name, row.layout_json, row.metadata_json, now, now);
        const grainRows = this.db.prepare('SELECT * FROM grains WHERE capsule_id = ? ORDER BY position').all(capsuleId) as GrainRow[];
        for (const grain of grainRows) {
          const newGrain = randomUUID();
          this.db.prepare('INSERT INTO grains (id, capsule_id, position, title, layout_json, kind) VALUES (?, ?, ?, ?, ?, ?)').run(newGrain, newId, grain.position, grain.title, grain.layout_json, grain.kind);
          const slideRows = this.db.prepare('SELECT * FROM slides WHERE grain_id = ? ORDER BY position').all(grain.id) as SlideRow[];
          for (const slide of slideRows) {
            this.db
              .prepare(
                'INSERT INTO slides (id, capsule_id, grain_id, position, page_number, page_label, prompt, image_file, thumb_file, width, height, extra_video_file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
              )
              .run(randomUUID(), newId, newGrain, slide.position, slide.page_number, slide.page_label, slide.prompt, slide.image_file, slide.thumb_file, slide.width, slide.height, slide.extra_video_file);
          }
        }
      })();
    } catch (error) {
      rmSync(targetDir, { recursive: true, force: true });
      throw error;
    }
    this.changed(null);
    return this.summaryOf(newId);
  }

  /** Deletes the rows (cascading to grains, slides, takes, jobs), then the folder. */
  delete(capsuleId: string): void {
    this.capsuleRow(capsuleId);
    this.db.prepare('DELETE FROM capsules WHERE id = ?').run(capsuleId);
    // If this rm is interrupted, sweepOrphans() at the next start finishes it.
    rmSync(this.capsuleDir(capsuleId), { recursive: true, force: true });
    this.changed(null);
  }

  updateSlidePrompt(slideId: string, prompt: string): void {
    const slide = this.slideRow(slideId);
    const normalised = prompt.replace(/\r\n?/g, '\n');
    this.db.prepare('UPDATE slides SET prompt = ? WHERE id = ?').run(normalised, slideId);
    this.touch(slide.capsule_id);
  }

  setSlideExtraVideo(slideId: string, relativeFile: string | null): void {
    const slide = this.slideRow(slideId);
    this.db.prepare('UPDATE slides SET extra_video_file = ? WHERE id = ?').run(relativeFile, slideId);
    this.touch(slide.capsule_id);
  }

  moveSlide(slideId: string, targetGrainId: string, targetPosition: number): CapsuleDetail {
    const slide = this.slideRow(slideId);
    const target = this.grainRow(targetGrainId);
    if (target.capsule_id !== slide.capsule_id) throw new StudioError('BAD_ARGS', 'A slide can only move inside its capsule.');
    if (target.kind === 'screen') throw new StudioError('SCREEN_GRAIN_HAS_NO_SLIDES', 'A screen grain shows its recorded screen: slides cannot move into it.');
    this.db.transaction(() => {
      const sourceIds = this.slideIdsOf(slide.grain_id).filter((id) => id !== slideId);
      const targetIds = slide.grain_id === targetGrainId ? sourceIds : this.slideIdsOf(targetGrainId);
      const position = Math.min(targetPosition, targetIds.length);
      targetIds.splice(position, 0, slideId);
      this.db.prepare('UPDATE slides SET grain_id = ? WHERE id = ?').run(targetGrainId, slideId);
      if (slide.grain_id !== targetGrainId) this.renumberSlides(sourceIds);
      this.renumberSlides(targetIds);
      this.dropEmptyGrains(slide.capsule_id);
    })();
    return this.touchAndGet(slide.capsule_id);
  }

  splitGrainAt(slideId: string): CapsuleDetail {
    const slide = this.slideRow(slideId);
    const grain = this.grainRow(slide.grain_id);
    if (slide.position === 0) return this.get(slide.capsule_id);
    this.db.transaction(() => {
      const ids = this.slideIdsOf(grain.id);
      const moving = ids.slice(slide.position);
      this.shiftGrains(grain.capsule_id, grain.position + 1);
      const newGrain = randomUUID();
      this.db.prepare('INSERT INTO grains (id, capsule_id, position, title, layout_json) VALUES (?, ?, ?, ?, ?)').run(newGrain, grain.capsule_id, grain.position + 1, '', grain.layout_json);
      const update = this.db.prepare('UPDATE slides SET grain_id = ?, position = ? WHERE id = ?');
      moving.forEach((id, index) => update.run(newGrain, index, id));
    })();
    return this.touchAndGet(slide.capsule_id);
  }

  /** Joins a grain into the one before it. Its takes are kept but no longer apply (the slides changed). */
  mergeGrainWithPrevious(grainId: string): CapsuleDetail {
    const grain = this.grainRow(grainId);
    if (grain.position === 0) throw new StudioError('BAD_ARGS', 'The first grain has no grain before it.');
    const previous = this.db.prepare('SELECT * FROM grains WHERE capsule_id = ? AND position < ? ORDER BY position DESC LIMIT 1').get(grain.capsule_id, grain.position) as GrainRow;
    if (grain.kind === 'screen' || previous.kind === 'screen') {
      throw new StudioError('SCREEN_GRAIN_HAS_NO_SLIDES', 'A screen grain cannot be joined with another grain: its takes record a screen, not slides.');
    }
    this.db.transaction(() => {
      const ids = [...this.slideIdsOf(previous.id), ...this.slideIdsOf(grainId)];
      const update = this.db.prepare('UPDATE slides SET grain_id = ?, position = ? WHERE id = ?');
      ids.forEach((id, index) => update.run(previous.id, index, id));
      this.takes().moveTakesToGrain(grainId, previous.id);
      this.db.prepare('DELETE FROM grains WHERE id = ?').run(grainId);
      this.renumberGrains(grain.capsule_id);
    })();
    return this.touchAndGet(grain.capsule_id);
  }

  moveGrain(grainId: string, targetPosition: number): CapsuleDetail {
    const grain = this.grainRow(grainId);
    this.db.transaction(() => {
      const ids = (this.db.prepare('SELECT id FROM grains WHERE capsule_id = ? ORDER BY position').all(grain.capsule_id) as { id: string }[]).map((r) => r.id).filter((id) => id !== grainId);
      ids.splice(Math.min(targetPosition, ids.length), 0, grainId);
      const update = this.db.prepare('UPDATE grains SET position = ? WHERE id = ?');
      ids.forEach((id, index) => update.run(index, id));
    })();
    return this.touchAndGet(grain.capsule_id);
  }

  /**
   * Adds a screen grain (issue #15): its takes record a screen or a window beside the camera and the
   * montage shows that recording where slides would be. It goes at `position` (default: the end).
   */
  addScreenGrain(capsuleId: string, position?: number): CapsuleDetail {
    this.capsuleRow(capsuleId);
    this.db.transaction(() => {
      const { count } = this.db.prepare('SELECT COUNT(*) AS count FROM grains WHERE capsule_id = ?').get(capsuleId) as { count: number };
      const at = Math.min(position ?? count, count);
      this.shiftGrains(capsuleId, at);
      this.db.prepare("INSERT INTO grains (id, capsule_id, position, title, kind) VALUES (?, ?, ?, '', 'screen')").run(randomUUID(), capsuleId, at);
    })();
    return this.touchAndGet(capsuleId);
  }

  renameGrain(grainId: string, title: string): void {
    const grain = this.grainRow(grainId);
    this.db.prepare('UPDATE grains SET title = ? WHERE id = ?').run(title.trim(), grainId);
    this.touch(grain.capsule_id);
  }

  setCapsuleLayout(capsuleId: string, patch: Partial<LayoutSettings>): CapsuleDetail {
    const row = this.capsuleRow(capsuleId);
    const current = JSON.parse(row.layout_json) as Partial<LayoutSettings>;
    const merged = { ...current, ...patch, pip: { ...(current.pip ?? {}), ...(patch.pip ?? {}) }, greenScreen: { ...(current.greenScreen ?? {}), ...(patch.greenScreen ?? {}) } };
    this.db.prepare('UPDATE capsules SET layout_json = ? WHERE id = ?').run(JSON.stringify(merged), capsuleId);
    return this.touchAndGet(capsuleId);
  }

  setGrainLayout(grainId: string, layout: Partial<LayoutSettings> | null): CapsuleDetail {
    const grain = this.grainRow(grainId);
    this.db.prepare('UPDATE grains SET layout_json = ? WHERE id = ?').run(layout ? JSON.stringify(layout) : null, grainId);
    return this.touchAndGet(grain.capsule_id);
  }

  setActiveTake(grainId: string, takeId: string | null): void {
    const grain = this.grainRow(grainId);
    this.db.prepare('UPDATE grains SET active_take_id = ? WHERE id = ?').run(takeId, grainId);
    this.touch(grain.capsule_id);
  }

  grainCapsuleId(grainId: string): string {
    return this.grainRow(grainId).capsule_id;
  }

  /** The capsule of a grain, or null when there is no such grain. */
  findGrainCapsuleId(grainId: string): string | null {
    return (this.db.prepare('SELECT capsule_id FROM grains WHERE id = ?').get(grainId) as { capsule_id: string } | undefined)?.capsule_id ?? null;
  }

  /** A grain's active take, or null (no take chosen, or no such grain). */
  activeTakeId(grainId: string): string | null {
    return (this.db.prepare('SELECT active_take_id FROM grains WHERE id = ?').get(grainId) as { active_take_id: string | null } | undefined)?.active_take_id ?? null;
  }

  /** A capsule's grains, in montage order. */
  grainIds(capsuleId: string): string[] {
    return (this.db.prepare('SELECT id FROM grains WHERE capsule_id = ? ORDER BY position').all(capsuleId) as { id: string }[]).map((row) => row.id);
  }

  /** Each grain of a capsule, in montage order, with its active take. */
  activeTakesByGrain(capsuleId: string): Map<string, string | null> {
    const rows = this.db.prepare('SELECT id, active_take_id FROM grains WHERE capsule_id = ? ORDER BY position').all(capsuleId) as { id: string; active_take_id: string | null }[];
    return new Map(rows.map((row) => [row.id, row.active_take_id]));
  }

  /**
   * Sets a grain's active take inside the recording domain's own transaction: no timestamp and no
   * event, the caller stamps the capsule (markUpdated) and emits once its transaction is done.
   */
  recordActiveTake(grainId: string, takeId: string | null): void {
    this.db.prepare('UPDATE grains SET active_take_id = ? WHERE id = ?').run(takeId, grainId);
  }

  /** Where a grain stands, for job titles: its capsule's title and its position; null when there is no such grain. */
  grainPlace(grainId: string): { capsuleTitle: string; position: number } | null {
    const row = this.db.prepare('SELECT c.title AS capsule, g.position AS position FROM grains g JOIN capsules c ON c.id = g.capsule_id WHERE g.id = ?').get(grainId) as
      | { capsule: string; position: number }
      | undefined;
    return row ? { capsuleTitle: row.capsule, position: row.position } : null;
  }

  /** Stamps a capsule as changed now, without an event (the caller emits its own). */
  markUpdated(capsuleId: string): void {
    this.db.prepare('UPDATE capsules SET updated_at = ? WHERE id = ?').run(nowIso(), capsuleId);
  }

  /** A capsule's title and metadata, or null when there is no such capsule. */
  findHeading(capsuleId: string): { title: string; metadata: Record<string, unknown> } | null {
    const row = this.db.prepare('SELECT title, metadata_json FROM capsules WHERE id = ?').get(capsuleId) as { title: string; metadata_json: string } | undefined;
    return row ? { title: row.title, metadata: JSON.parse(row.metadata_json || '{}') as Record<string, unknown> } : null;
  }

  /** Every capsule's id (the start-up sweep keeps their folders). */
  capsuleIds(): string[] {
    return (this.db.prepare('SELECT id FROM capsules').all() as { id: string }[]).map((row) => row.id);
  }

  /** The file behind a slide's picture or thumbnail, or null (served as `slide/<id>` and `thumb/<id>`). */
  slideFile(slideId: string, which: 'image' | 'thumb'): string | null {
    const column = which === 'image' ? 'image_file' : 'thumb_file';
    const row = this.db.prepare(`SELECT capsule_id, ${column} AS file FROM slides WHERE id = ?`).get(slideId) as { capsule_id: string; file: string } | undefined;
    return row ? path.join(capsuleDir(this.libraryDir, row.capsule_id), row.file) : null;
  }

  slideCapsuleId(slideId: string): string {
    return this.slideRow(slideId).capsule_id;
  }

  // ---------------------------------------------------------------- internals

  private summaryOf(capsuleId: string): CapsuleSummary {
    const summary = this.list().find((item) => item.id === capsuleId);
    if (!summary) throw new StudioError('NOT_FOUND', `No capsule ${capsuleId}.`);
    return summary;
  }

  private summary(row: CapsuleRow, slideCount: number, grainCount: number, thumbnail: string | null): CapsuleSummary {
    return { id: row.id, title: row.title, kind: row.kind, slideCount, grainCount, createdAt: row.created_at, updatedAt: row.updated_at, thumbnail };
  }

  private slide(row: SlideRow, dir: string): Slide {
    return {
      id: row.id,
      grainId: row.grain_id,
      position: row.position,
      pageNumber: row.page_number,
      pageLabel: row.page_label,
      prompt: row.prompt,
      image: `slide/${row.id}`,
      thumbnail: `thumb/${row.id}`,
      width: row.width,
      height: row.height,
      imagePath: path.join(dir, row.image_file),
      extraVideoPath: row.extra_video_file ? path.join(dir, row.extra_video_file) : null,
    };
  }

  private capsuleRow(capsuleId: string): CapsuleRow {
    const row = this.db.prepare('SELECT * FROM capsules WHERE id = ?').get(capsuleId) as CapsuleRow | undefined;
    if (!row) throw new StudioError('NOT_FOUND', `No capsule ${capsuleId}.`);
    return row;
  }

  private grainRow(grainId: string): GrainRow {
    const row = this.db.prepare('SELECT * FROM grains WHERE id = ?').get(grainId) as GrainRow | undefined;
    if (!row) throw new StudioError('NOT_FOUND', `No grain ${grainId}.`);
    return row;
  }

  private slideRow(slideId: string): SlideRow {
    const row = this.db.prepare('SELECT * FROM slides WHERE id = ?').get(slideId) as SlideRow | undefined;
    if (!row) throw new StudioError('NOT_FOUND', `No slide ${slideId}.`);
    return row;
  }

  private slideIdsOf(grainId: string): string[] {
    return (this.db.prepare('SELECT id FROM slides WHERE grain_id = ? ORDER BY position').all(grainId) as { id: string }[]).map((row) => row.id);
  }

  private renumberSlides(ids: string[]): void {
    const update = this.db.prepare('UPDATE slides SET position = ? WHERE id = ?');
    ids.forEach((id, index) => update.run(index, id));
  }

  private shiftGrains(capsuleId: string, fromPosition: number): void {
    // Two steps avoid transient duplicates if a unique index on position is ever added.
    this.db.prepare('UPDATE grains SET position = -position - 1 WHERE capsule_id = ? AND position >= ?').run(capsuleId, fromPosition);
    this.db.prepare('UPDATE grains SET position = -position WHERE capsule_id = ? AND position < 0').run(capsuleId);
  }

  private renumberGrains(capsuleId: string): void {
    const ids = (this.db.prepare('SELECT id FROM grains WHERE capsule_id = ? ORDER BY position').all(capsuleId) as { id: string }[]).map((r) => r.id);
    const update = this.db.prepare('UPDATE grains SET position = ? WHERE id = ?');
    ids.forEach((id, index) => update.run(index, id));
  }

  private dropEmptyGrains(capsuleId: string): void {
    // A grain whose slides all moved away goes, unless it holds takes: a recording is never deleted
    // as a side effect of editing; the user deletes such a grain's takes explicitly.
    const withoutSlides = (
      this.db.prepare("SELECT g.id FROM grains g WHERE g.capsule_id = ? AND g.kind = 'slides' AND NOT EXISTS (SELECT 1 FROM slides s WHERE s.grain_id = g.id)").all(capsuleId) as { id: string }[]
    ).map((row) => row.id);
    if (withoutSlides.length === 0) return;
    const holdingTakes = this.takes().grainsHoldingTakes(withoutSlides);
    const empty = withoutSlides.filter((id) => !holdingTakes.has(id));
    if (empty.length === 0) return;
    const remove = this.db.prepare('DELETE FROM grains WHERE id = ?');
    for (const id of empty) remove.run(id);
    this.renumberGrains(capsuleId);
  }

  private touch(capsuleId: string): void {
    this.db.prepare('UPDATE capsules SET updated_at = ? WHERE id = ?').run(nowIso(), capsuleId);
    this.changed(capsuleId);
  }

  private touchAndGet(capsuleId: string): CapsuleDetail {
    this.touch(capsuleId);
    return this.get(capsuleId);
  }

  private changed(capsuleId: string | null): void {
    this.events.emit('library.changed', { capsuleId });
  }
}

function toRelative(root: string, file: string): string {
  const relative = path.relative(root, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) throw new StudioError('INTERNAL', `File ${file} is outside the staged capsule.`);
  return relative.split(path.sep).join('/');
}

/** A capsule folder is the user's only (its slides, takes and renders may be private teaching material). */
function privateDir(dir: string): void {
  if (process.platform !== 'win32') chmodSync(dir, 0o700);
}
