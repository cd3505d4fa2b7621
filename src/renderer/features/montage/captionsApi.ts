// Runs in the renderer. The captions methods of the montage (getCaptions, updateCaptions), typed as
// the montage's API notes settle them; until the main side offers them the Produce step leaves the
// captions panel out instead of failing.
import type { StudioClient } from '../../api/studioClient';

export interface CaptionCue {
  startMs: number;
  endMs: number;
  text: string;
  grainId: string | null;
}

export interface GrainCaptions {
  grainId: string;
  enabled: boolean;
  followedPrompter: boolean;
}

export interface CapsuleCaptions {
  capsuleId: string;
  /** Cues come from the prompter's script, timed from the takes: labelled "from the script". */
  source: 'script';
  enabled: boolean;
  edited: boolean;
  stale: boolean;
  cues: CaptionCue[];
  grains: GrainCaptions[];
}

export interface CaptionsPatch {
  enabled?: boolean;
  grains?: Record<string, boolean>;
  cues?: { startMs: number; endMs: number; text: string }[] | null;
}

export interface CaptionsApi {
  getCaptions(capsuleId: string): Promise<CapsuleCaptions>;
  updateCaptions(capsuleId: string, patch: CaptionsPatch): Promise<CapsuleCaptions>;
}

export function captionsApi(studio: StudioClient): CaptionsApi | null {
  const candidate = studio as unknown as Partial<CaptionsApi>;
  if (typeof candidate.getCaptions !== 'function' || typeof candidate.updateCaptions !== 'function') return null;
  return { getCaptions: candidate.getCaptions.bind(studio), updateCaptions: candidate.updateCaptions.bind(studio) };
}
