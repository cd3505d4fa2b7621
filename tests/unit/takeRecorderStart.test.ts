// Runs in Node (unit test). A take whose recorder never starts (a wedged device or encoder: the
// browser's MediaRecorder never fires 'start') is given up after the start timeout with a clear error,
// its recorder stopped and its empty take removed, instead of leaving the Record step waiting for ever.
// MediaRecorder and MediaStream are browser objects: a minimal stand-in here, the real ones in the e2e tests.
import { afterEach, describe, expect, it } from 'vitest';
import { TakeRecorder } from '../../src/renderer/features/recording/takeRecorder';

class StandInRecorder extends EventTarget {
  static startsOnItsOwn = true;
  static made: StandInRecorder[] = [];
  static isTypeSupported = () => true;
  state: 'inactive' | 'recording' | 'paused' = 'inactive';
  ondataavailable: ((event: unknown) => void) | null = null;
  constructor() {
    super();
    StandInRecorder.made.push(this);
  }
  start(): void {
    this.state = 'recording';
    if (StandInRecorder.startsOnItsOwn) queueMicrotask(() => this.dispatchEvent(new Event('start')));
  }
  stop(): void {
    this.state = 'inactive';
    queueMicrotask(() => this.dispatchEvent(new Event('stop')));
  }
}

const track = { getSettings: () => ({ height: 720 }), addEventListener: () => undefined };
const stream = { getVideoTracks: () => [track], getAudioTracks: () => [track], getTracks: () => [track, track] } as unknown as MediaStream;

function recorderWith(startTimeoutMs: number) {
  const aborted: string[] = [];
  const api = {
    beginTake: async () => ({ id: 'take-1' }),
    abortTake: async (id: string) => {
      aborted.push(id);
    },
    appendTakeEvents: async () => undefined,
  };
  const recorder = new TakeRecorder({ api: api as never, stream, capsuleId: 'c', grainId: 'g', onFailure: () => undefined, startTimeoutMs });
  return { recorder, aborted };
}

const position = { slideIndex: 0, sentenceIndex: 0 };
const realRecorder = (globalThis as { MediaRecorder?: unknown }).MediaRecorder;

afterEach(() => {
  (globalThis as { MediaRecorder?: unknown }).MediaRecorder = realRecorder;
  StandInRecorder.made = [];
  StandInRecorder.startsOnItsOwn = true;
});

describe('starting a take', () => {
  it('starts when the recorder does', async () => {
    (globalThis as { MediaRecorder?: unknown }).MediaRecorder = StandInRecorder;
    const { recorder, aborted } = recorderWith(200);
    await expect(recorder.start(position)).resolves.toMatchObject({ id: 'take-1' });
    expect(recorder.clock.running).toBe(true);
    expect(aborted).toEqual([]);
    await recorder.abort();
  });

  it('gives up a recorder that never starts: a clear error, the recorder stopped, the empty take removed', async () => {
    (globalThis as { MediaRecorder?: unknown }).MediaRecorder = StandInRecorder;
    StandInRecorder.startsOnItsOwn = false;
    const { recorder, aborted } = recorderWith(200);
    await expect(recorder.start(position)).rejects.toMatchObject({ code: 'RECORDER_NOT_STARTED' });
    expect(StandInRecorder.made.map((made) => made.state)).toEqual(['inactive']);
    expect(aborted).toEqual(['take-1']);
    expect(recorder.clock.running).toBe(false);
  });
});
