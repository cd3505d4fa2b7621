// Runs in Node (main side). A capsule's captions: the prompter's script timed from the recording
// (sentence changes in the take's events, speech found by FFmpeg's silencedetect in its sound),
// on by default only for grains where the prompter was followed, reviewable and editable by the
// teacher before publishing; the render writes what this returns.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CapsuleCaptions, CaptionCueInfo, GrainCaptionInfo } from '../../shared/domain/montage';
import { StudioError } from '../../shared/errors';
import { captionProblems, prompterFollowed, speechFromSilences, timeGrainCaptions, type SilenceSpan } from '../../shared/logic/captionTiming';
import { sentencesOf } from '../../shared/logic/montageTimeline';
import type { CapsuleLibrary } from '../library/capsuleLibrary';
import { runFfmpegCapture } from '../ffmpeg/ffmpeg';
import type { MontagePlan, TakeFacts } from './montagePlan';
import type { MontageStore } from './montageStore';
import { parseSilenceDetect } from './silenceTrim';

/** Quieter than this is nobody speaking (a room's noise; a voice is −30 dB and louder). */
export const SPEECH_SILENCE_DB = -35;
/** A pause this long is a silence; shorter ones are breaths between words. */
export const SPEECH_SILENCE_MIN_SEC = 0.35;
const REMEMBERED_TAKES = 500;

/** FFmpeg's silencedetect over a take's sound, tuned for speech. */
export function speechSilenceArgs(file: string): string[] {
  return ['-loglevel', 'info', '-i', file, '-map', '0:a:0', '-vn', '-af', `silencedetect=noise=${SPEECH_SILENCE_DB}dB:d=${SPEECH_SILENCE_MIN_SEC}`, '-f', 'null', '-'];
}

export interface CaptionsPatch {
  enabled?: boolean;
  /** Per grain on/off, by grain id. */
  grains?: Record<string, boolean>;
  /** Edited cues (capsule time), or null to go back to the automatic ones. */
  cues?: { startMs: number; endMs: number; text: string }[] | null;
}

export class CaptionService {
  private readonly silences = new Map<string, SilenceSpan[]>();

  constructor(
    private readonly store: MontageStore,
    private readonly library: CapsuleLibrary,
    /** Where the speech analysis of each take is kept between runs. */
    private readonly cacheDir: string,
  ) {}

  /**
   * The silences of a take's sound (take time), remembered by file identity in memory and on disk.
   * Pre-rendering a grain calls it too, so that an export only reads what was found.
   */
  async takeSilences(take: Pick<TakeFacts, 'path'>, signal?: AbortSignal): Promise<SilenceSpan[]> {
    const stat = statSync(take.path);
    const identity = `${take.path}:${stat.size}:${Math.round(stat.mtimeMs)}`;
    const known = this.silences.get(identity);
    if (known) return known;
    const file = path.join(this.cacheDir, `${createHash('sha256').update(`v1:${SPEECH_SILENCE_DB}:${SPEECH_SILENCE_MIN_SEC}:${identity}`).digest('hex').slice(0, 32)}.silences.json`);
    let silences: SilenceSpan[];
    if (existsSync(file)) {
      silences = JSON.parse(readFileSync(file, 'utf8')) as SilenceSpan[];
    } else {
      const { stderr } = await runFfmpegCapture(speechSilenceArgs(take.path), { signal, label: 'the speech in a take' });
      silences = parseSilenceDetect(stderr);
      const tmp = `${file}.${process.pid}.part`;
      try {
        mkdirSync(this.cacheDir, { recursive: true });
        writeFileSync(tmp, JSON.stringify(silences));
        renameSync(tmp, file);
      } catch (error) {
        // Only a cache: a full disk means analysing again next time.
        rmSync(tmp, { force: true });
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
    if (this.silences.size >= REMEMBERED_TAKES) this.silences.delete(this.silences.keys().next().value!);
    this.silences.set(identity, silences);
    return silences;
  }

  /** The automatic cues of a planned capsule, with each grain's caption state. */
  async automatic(plan: MontagePlan, overrides: Record<string, boolean>, signal?: AbortSignal): Promise<{ cues: CaptionCueInfo[]; grains: GrainCaptionInfo[] }> {
    const prompts = new Map(this.library.get(plan.capsuleId).grains.map((grain) => [grain.id, grain.slides.map((slide) => sentencesOf(slide.prompt))]));
    const cues: CaptionCueInfo[] = [];
    const grains: GrainCaptionInfo[] = [];
    for (const grain of plan.grains) {
      const sentences = prompts.get(grain.grainId) ?? [];
      const hasSpeech = grain.take !== null && grain.take.hasAudio;
      const followedPrompter = hasSpeech && prompterFollowed(sentences, grain.timeline.sentenceEventSlides);
      // Captions are the script: off by default where the teacher did not follow it; never without a voice.
      const enabled = hasSpeech && (overrides[grain.grainId] ?? followedPrompter);
      grains.push({ grainId: grain.grainId, enabled, followedPrompter, hasSpeech });
      if (!enabled || !grain.take) continue;
      const silences = await this.takeSilences(grain.take, signal);
      const speech = speechFromSilences(silences, grain.take.durationMs, grain.timeline.takeOffsetMs, grain.timeline.durationMs);
      const timed = timeGrainCaptions({
        sentences,
        sentenceSpans: grain.timeline.sentenceSpans,
        slideSpans: grain.timeline.spans,
        followedPrompter,
        sentenceEventSlides: grain.timeline.sentenceEventSlides,
        speech,
        durationMs: grain.timeline.durationMs,
      });
      for (const cue of timed) cues.push({ startMs: grain.startMs + cue.startMs, endMs: grain.startMs + cue.endMs, text: cue.text, grainId: grain.grainId });
    }
    return { cues, grains };
  }

  /** The captions as the teacher reviews them, and as the render writes them. */
  async forPlan(plan: MontagePlan, signal?: AbortSignal): Promise<CapsuleCaptions> {
    const stored = this.store.captionChoices(plan.capsuleId);
    const auto = await this.automatic(plan, stored.grains, signal);
    const edited = stored.cues !== null;
    return {
      capsuleId: plan.capsuleId,
      source: 'script',
      enabled: stored.enabled,
      edited,
      stale: edited && stored.basis !== basisOf(auto.cues),
      cues: stored.enabled ? (stored.cues ?? auto.cues) : [],
      grains: auto.grains,
      durationMs: plan.timeline.durationMs,
    };
  }

  /** Stores the teacher's changes; edited cues are checked against the video's length. */
  async update(plan: MontagePlan, patch: CaptionsPatch, signal?: AbortSignal): Promise<CapsuleCaptions> {
    const stored = this.store.captionChoices(plan.capsuleId);
    const grains = { ...stored.grains, ...(patch.grains ?? {}) };
    const known = new Set(plan.grains.map((grain) => grain.grainId));
    for (const grainId of Object.keys(patch.grains ?? {})) if (!known.has(grainId)) throw new StudioError('NOT_FOUND', `No grain ${grainId} in this video.`, { grainId });
    let cues = stored.cues;
    let basis = stored.basis;
    if (patch.cues !== undefined) {
      if (patch.cues === null) {
        cues = null;
        basis = null;
      } else {
        const sorted = [...patch.cues].sort((a, b) => a.startMs - b.startMs);
        const problems = captionProblems(sorted, plan.timeline.durationMs);
        if (problems.length > 0) throw new StudioError('CAPTIONS_INVALID', `Some captions are not valid: ${problems.join('; ')}.`, { problems });
        const grainAt = (ms: number) => plan.grains.find((grain) => grain.startMs <= ms && ms < grain.startMs + grain.timeline.durationMs)?.grainId ?? null;
        cues = sorted.map((cue) => ({ startMs: Math.round(cue.startMs), endMs: Math.round(cue.endMs), text: cue.text.trim(), grainId: grainAt(cue.startMs) }));
        // What the edits started from: when the automatic cues change later, the edits are stale.
        basis = basisOf((await this.automatic(plan, grains, signal)).cues);
      }
    }
    this.store.setCaptionChoices(plan.capsuleId, { enabled: patch.enabled ?? stored.enabled, grains, cues, basis });
    return this.forPlan(plan, signal);
  }
}

function basisOf(cues: readonly CaptionCueInfo[]): string {
  return createHash('sha256').update(JSON.stringify(cues)).digest('hex').slice(0, 32);
}
