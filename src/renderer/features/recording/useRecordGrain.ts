// Runs in the renderer. Which grain the Record step is on and what belongs to it: the grain asked for
// by Produce's "Record it" (else the first; the first again if it is merged away in the editor), its
// prompter script with the editor's unsaved drafts, its takes newest first, every grain's coverage and
// the step's progress, the next grain still without a take, and a sentence corrected in place.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CapsuleDetail, Grain } from '../../../shared/domain/capsule';
import type { Take } from '../../../shared/domain/take';
import { useLatest } from '../../hooks/useLatest';
import { grainCoverage, nextGrainToRecord, recordProgress, takesNewestFirst, type GrainCoverage, type RecordProgress } from '../../logic/grainCoverage';
import { promptSentences } from '../../logic/prompt';
import { useEditorStore } from '../../stores/editorStore';
import { useTakesStore } from '../../stores/takesStore';
import { useUiStore } from '../../stores/uiStore';
import { replaceSentence, type GrainScript, type PrompterPosition } from './logic/prompterPosition';

export interface RecordGrain {
  grain: Grain | null;
  /** 0-based place of the grain in the capsule. */
  grainIndex: number;
  choose(grainId: string): void;
  /** The grain's sentences, slide by slide, as the prompter shows them. */
  script: GrainScript;
  /** The grain's takes, newest first. */
  takes: Take[];
  coverage: GrainCoverage[];
  progress: RecordProgress | null;
  /** Reads the capsule's takes again (the store also follows `take.changed` by itself). */
  reloadTakes(): void;
  /** The grain after this one still without a take; `justKept` counts a take kept a moment ago, before the list is read again. */
  nextToRecord(justKept: boolean): Grain | null;
  /** Replaces the sentence at `position` in its slide's prompt (saved as the editor saves it). */
  editSentence(position: PrompterPosition, text: string): void;
}

export function useRecordGrain(capsule: CapsuleDetail): RecordGrain {
  const drafts = useEditorStore((state) => state.drafts);
  const takes = useTakesStore((state) => (state.capsuleId === capsule.id ? state.takes : []));
  const recordStatus = useTakesStore((state) => (state.capsuleId === capsule.id ? state.recordStatus : null));
  const [grainId, setGrainId] = useState<string | null>(() => {
    const requested = useUiStore.getState().takeRecordGrain();
    return capsule.grains.some((item) => item.id === requested) ? requested : (capsule.grains[0]?.id ?? null);
  });

  const reloadTakes = useCallback(() => void useTakesStore.getState().load(capsule.id), [capsule.id]);
  useEffect(reloadTakes, [reloadTakes]);

  useEffect(() => {
    if (!capsule.grains.some((item) => item.id === grainId)) setGrainId(capsule.grains[0]?.id ?? null);
  }, [capsule.grains, grainId]);

  const grainIndex = Math.max(0, capsule.grains.findIndex((item) => item.id === grainId));
  const grain = capsule.grains[grainIndex] ?? null;
  const script = useMemo(() => (grain ? grain.slides.map((slide) => promptSentences(drafts[slide.id] ?? slide.prompt)) : []), [grain, drafts]);
  const grainTakes = useMemo(() => (grain ? takesNewestFirst(takes, grain.id) : []), [takes, grain]);
  const coverage = useMemo(() => grainCoverage(capsule, takes, recordStatus), [capsule, takes, recordStatus]);
  const progress = recordStatus ? recordProgress(recordStatus) : null;

  // Read after a take is stopped (an await): the newest list, not the one of the render that started it.
  const known = useLatest({ capsule, takes, recordStatus, grain });
  const nextToRecord = useCallback(
    (justKept: boolean) => {
      const { capsule: current, takes: currentTakes, recordStatus: status, grain: currentGrain } = known.current;
      const kept = justKept && currentGrain ? [...currentTakes, { grainId: currentGrain.id, state: 'ready', recovery: null, attempt: 0 } as Take] : currentTakes;
      return nextGrainToRecord(current, kept, currentGrain?.id ?? null, status);
    },
    [known],
  );

  const editSentence = useCallback(
    (position: PrompterPosition, text: string) => {
      const slide = grain?.slides[position.slideIndex];
      if (!slide) return;
      const editor = useEditorStore.getState();
      editor.editPrompt(slide.id, replaceSentence(editor.drafts[slide.id] ?? slide.prompt, position.sentenceIndex, text));
      void editor.flushPrompt(slide.id);
    },
    [grain],
  );

  return { grain, grainIndex, choose: setGrainId, script, takes: grainTakes, coverage, progress, reloadTakes, nextToRecord, editSentence };
}
