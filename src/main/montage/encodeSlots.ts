// Runs in Node (main side). How many grain encodes run at once across the studio (exports,
// pre-renders of chosen takes, speculative pre-renders of other takes). Free slots go to the most
// urgent waiter first, and each encode is told how many threads it may use, so two encodes on two
// cores share them instead of fighting over them.
import { cancelledError } from '../../shared/errors';

/** Most urgent first: someone waits for an export; a chosen take; a take that may be chosen. */
export const ENCODE_PRIORITIES = ['export', 'prerender', 'speculative'] as const;
export type EncodePriority = (typeof ENCODE_PRIORITIES)[number];

export interface EncodeSlot {
  /** Threads the encode may use, or null to let FFmpeg decide (it runs alone). */
  readonly threads: number | null;
  release(): void;
}

interface Waiter {
  priority: number;
  order: number;
  grant(slot: EncodeSlot): void;
}

/**
 * The slot count for a machine: one FFmpeg grain encode keeps about 1.7 of 2 cores busy (its
 * demuxing, decoding and filtering are serial in FFmpeg 5), so two at once fill them. More than two
 * would only add memory (≈ 150 MB each) for little: x264 itself scales with threads.
 */
export function encodeSlotCount(cores: number): number {
  return cores >= 2 ? 2 : 1;
}

/** Threads for each of `concurrent` encodes sharing `cores`; null when one runs alone. */
export function threadShare(cores: number, concurrent: number): number | null {
  if (concurrent <= 1) return null;
  return Math.max(1, Math.floor(cores / concurrent));
}

export class EncodeSlots {
  private running = 0;
  private order = 0;
  private readonly waiting: Waiter[] = [];
  private pumpScheduled = false;
  /** The most encodes that ever ran at once (tests and benchmarks read it). */
  peakRunning = 0;

  constructor(
    readonly slots: number,
    private readonly cores: number,
  ) {}

  /**
   * Waits for a free slot. Grants are made on the next turn of the event loop, so requests made
   * together (the grains of one export) are seen together and share the cores from the start.
   */
  acquire(priority: EncodePriority, signal?: AbortSignal): Promise<EncodeSlot> {
    if (signal?.aborted) return Promise.reject(cancelledError());
    return new Promise<EncodeSlot>((resolve, reject) => {
      const waiter: Waiter = {
        priority: ENCODE_PRIORITIES.indexOf(priority),
        order: this.order++,
        grant: (slot) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(slot);
        },
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(cancelledError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
      this.schedulePump();
    });
  }

  get busy(): number {
    return this.running;
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    this.waiting.sort((a, b) => a.priority - b.priority || a.order - b.order);
    while (this.running < this.slots && this.waiting.length > 0) {
      const waiter = this.waiting.shift()!;
      this.running += 1;
      this.peakRunning = Math.max(this.peakRunning, this.running);
      const concurrent = Math.min(this.slots, this.running + this.waiting.length);
      let released = false;
      waiter.grant({
        threads: threadShare(this.cores, concurrent),
        release: () => {
          if (released) return;
          released = true;
          this.running -= 1;
          this.schedulePump();
        },
      });
    }
  }
}
