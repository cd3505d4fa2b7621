// Runs in the renderer. Which capsule the live program shows and where in it the operator is: the
// capsule list, the chosen capsule with its slides and prompter sentences, the current slide, its
// grain's layout and measured slide content, and moving by slide or sentence.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { DEFAULT_LAYOUT, mergeLayout, type LayoutSettings } from '../../../../shared/domain/layout';
import type { CapsuleDetail, CapsuleSummary, Slide } from '../../../../shared/domain/capsule';
import type { SlideContent } from '../../../../shared/logic/cameraPlacement';
import type { StudioClient } from '../../../api/studioClient';
import { movePrompter, prompterLines, START, type PrompterMove, type PrompterPosition } from '../../recording/logic/prompterPosition';

const CAMERA_ONLY: LayoutSettings = { ...DEFAULT_LAYOUT, mode: 'camera_only' };

function sentencesOf(slide: Slide): string[] {
  return slide.prompt.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

export interface LiveCapsule {
  capsules: CapsuleSummary[];
  /** Reads the capsule list again (a live recording just became a capsule). */
  reloadCapsules(): Promise<CapsuleSummary[]>;
  capsuleId: string;
  chooseCapsule(id: string): void;
  slides: Slide[];
  position: PrompterPosition;
  move(which: PrompterMove): void;
  currentSlide: Slide | null;
  /** The prompter's current sentence, or null. */
  currentLine: string | null;
  layout: LayoutSettings;
  slideContent: SlideContent | null;
}

export function useLiveCapsule(studio: StudioClient, openCapsule: CapsuleDetail | null, onError: (failure: unknown) => void): LiveCapsule {
  const [capsules, setCapsules] = useState<CapsuleSummary[]>([]);
  const [capsuleId, setCapsuleId] = useState<string>(openCapsule?.id ?? '');
  const [capsule, setCapsule] = useState<CapsuleDetail | null>(openCapsule);
  const [position, setPosition] = useState<PrompterPosition>(START);
  const [contents, setContents] = useState<Record<string, SlideContent | null>>({});

  useEffect(() => {
    studio.listCapsules().then(setCapsules, onError);
  }, [studio, onError]);

  useEffect(() => {
    setPosition(START);
    if (!capsuleId) {
      setCapsule(null);
      return;
    }
    studio.getCapsule(capsuleId).then(setCapsule, onError);
  }, [studio, capsuleId, onError]);

  // Each grain's measured slide content, so the live camera sits where the montage puts it.
  useEffect(() => {
    setContents({});
    if (!capsule) return;
    studio.getCapsuleSlideContents(capsule.id).then(setContents, onError);
  }, [studio, capsule, onError]);

  const slides = useMemo(() => capsule?.grains.flatMap((grain) => grain.slides) ?? [], [capsule]);
  const script = useMemo(() => slides.map(sentencesOf), [slides]);
  const currentSlide = slides[position.slideIndex] ?? null;
  const layout = useMemo(() => {
    if (!capsule) return CAMERA_ONLY;
    const grain = capsule.grains.find((item) => item.id === currentSlide?.grainId);
    return mergeLayout(capsule.layout, grain?.layout ?? null);
  }, [capsule, currentSlide]);

  const move = useCallback((which: PrompterMove) => setPosition((current) => movePrompter(script, current, which).position), [script]);
  const reloadCapsules = useCallback(async () => {
    const list = await studio.listCapsules();
    setCapsules(list);
    return list;
  }, [studio]);

  return {
    capsules,
    reloadCapsules,
    capsuleId,
    chooseCapsule: setCapsuleId,
    slides,
    position,
    move,
    currentSlide,
    currentLine: prompterLines(script, position).current ?? null,
    layout,
    slideContent: currentSlide ? (contents[currentSlide.grainId] ?? null) : null,
  };
}
