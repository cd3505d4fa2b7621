// Runs anywhere (pure). Reading Pod's encoding fields (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video_encode_transcript/encode.py): done, failed, still working, or stuck.

export interface EncodingSnapshot {
  inProgress: boolean;
  encoded: boolean;
  /** `get_encoding_step`, e.g. "2: start standard encoding", "" before the first launch. */
  step: string;
}

export type EncodingVerdict =
  | { state: 'done' }
  | { state: 'failed'; message: string }
  | { state: 'working'; fraction: number | null };

/** The numbered steps of a normal encoding, in order; their position gives a rough progress. */
const STEP_ORDER = ['0: start', '1: remove old data', '2: start', '3: store encoding info'];

/**
 * `stepSeen`: a non-empty step was seen since our launch (without it, "not in progress, not encoded"
 * only means the encoder has not started yet).
 */
export function judgeEncoding(snapshot: EncodingSnapshot, stepSeen: boolean): EncodingVerdict {
  const step = snapshot.step.trim();
  if (step.startsWith('-1')) {
    const message = step.replace(/^-1:\s*/, '').split('\n')[0]?.trim() || 'unknown error';
    return { state: 'failed', message };
  }
  if (snapshot.encoded && !snapshot.inProgress) return { state: 'done' };
  if (!snapshot.inProgress && !snapshot.encoded && (stepSeen || step !== '')) {
    return { state: 'failed', message: `encoding stopped at "${step || 'the start'}" without producing a video` };
  }
  const index = STEP_ORDER.findIndex((prefix) => step.startsWith(prefix));
  return { state: 'working', fraction: index < 0 ? null : (index + 1) / (STEP_ORDER.length + 1) };
}

/** Poll delay: quick at first, then slower, capped (Pod encodes in minutes, see https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video_encode_transcript/encode.py; every 10–30 s is enough). */
export function pollDelayMs(pollIndex: number, firstMs: number, maxMs: number): number {
  return Math.min(maxMs, Math.round(firstMs * 1.5 ** Math.min(pollIndex, 20)));
}
