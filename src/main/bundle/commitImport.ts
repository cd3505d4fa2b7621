// Runs in Node (main side). The last step of every capsule import (bundle or Polymny export): the
// staged folder becomes the capsule's folder by one rename, and the capsule, its takes and its
// montage choices are written in one transaction, each through its own store. Before this step
// nothing is in the library; if it fails, nothing stays.
import path from 'node:path';
import type { CapsuleKind } from '../../shared/domain/capsule';
import type { LayoutSettings } from '../../shared/domain/layout';
import type { CaptionCueInfo, MontageSettings, UnrecordedGrainChoice } from '../../shared/domain/montage';
import type { TakeEvent } from '../../shared/domain/take';
import type { StudioContext } from '../context';
import type { NewSlide } from '../library/capsuleLibrary';
import { montageEngineOf } from '../montage/montageJobs';
import type { MediaFacts } from '../recording/remuxPlan';
import type { TakeStore } from '../recording/takeStore';

export interface StagedTake {
  id: string;
  attempt: number;
  mime: string;
  /** The take's media, inside the staging folder. */
  file: string;
  events: TakeEvent[];
  recordedMs: number | null;
  createdAt: string;
  facts: MediaFacts;
  bytes: number;
}

export interface StagedGrain {
  title: string;
  layout: Partial<LayoutSettings> | null;
  /** Files inside the staging folder. */
  slides: Omit<NewSlide, 'group' | 'grainTitle' | 'grainLayout'>[];
  takes: StagedTake[];
  /** Index in `takes` of the chosen take, or null. */
  active: number | null;
  trim: { startMs: number; endMs: number } | null;
  unrecorded: UnrecordedGrainChoice | null;
  captions: boolean | null;
}

export interface StagedCapsule {
  title: string;
  kind: CapsuleKind;
  sourceName: string | null;
  metadata: Record<string, unknown>;
  layout: Partial<LayoutSettings>;
  stagingDir: string;
  grains: StagedGrain[];
  montage: {
    /** `music.path` inside the staging folder. */
    settings: Partial<MontageSettings> | null;
    captions: { enabled: boolean; cues: (Omit<CaptionCueInfo, 'grainId'> & { grain: number | null })[] | null; basis: string | null } | null;
  };
}

/** Commits a staged capsule and returns its id. */
export function commitStagedCapsule(ctx: StudioContext, takeStore: TakeStore, staged: StagedCapsule): string {
  const store = montageEngineOf(ctx).store;
  const slides: NewSlide[] = staged.grains.flatMap((grain, g) =>
    grain.slides.map((slide, s) => ({ ...slide, group: g, ...(s === 0 ? { grainTitle: grain.title, grainLayout: grain.layout } : {}) })),
  );
  const relative = (file: string) => path.relative(staged.stagingDir, file).split(path.sep).join('/');
  const capsule = ctx.library.create({
    title: staged.title,
    kind: staged.kind,
    sourceName: staged.sourceName,
    metadata: staged.metadata,
    layout: staged.layout,
    stagingDir: staged.stagingDir,
    slides,
    onCommit: ({ capsuleId, grainIds }) => {
      const capsuleDir = ctx.library.capsuleDir(capsuleId);
      staged.grains.forEach((grain, g) => {
        const grainId = grainIds[g]!;
        for (const take of grain.takes) {
          takeStore.insertImportedTake({
            id: take.id,
            capsuleId,
            grainId,
            attempt: take.attempt,
            mime: take.mime,
            relativeFile: relative(take.file),
            events: take.events,
            recordedMs: take.recordedMs,
            createdAt: take.createdAt,
            bytes: take.bytes,
            facts: take.facts,
          });
        }
        if (grain.active !== null) ctx.library.setActiveTake(grainId, grain.takes[grain.active]!.id);
        if (grain.trim) store.setTrim(grainId, grain.trim);
        if (grain.unrecorded) store.setGrainChoice(grainId, grain.unrecorded);
      });
      const { settings, captions } = staged.montage;
      if (settings) {
        const music = settings.music ? { ...settings.music, path: path.join(capsuleDir, relative(settings.music.path)) } : settings.music;
        store.setSettings(capsuleId, { ...settings, ...(music !== undefined ? { music } : {}) });
      }
      const grainCaptions = Object.fromEntries(staged.grains.flatMap((grain, g) => (grain.captions === null ? [] : [[grainIds[g]!, grain.captions]])));
      if (captions || Object.keys(grainCaptions).length > 0) {
        store.setCaptionChoices(capsuleId, {
          enabled: captions?.enabled ?? true,
          grains: grainCaptions,
          cues: captions?.cues ? captions.cues.map(({ grain, ...cue }) => ({ ...cue, grainId: grain === null ? null : (grainIds[grain] ?? null) })) : null,
          basis: captions?.basis ?? null,
        });
      }
    },
  });
  return capsule.id;
}
