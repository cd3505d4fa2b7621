// Runs in Node (unit tests). The encode slots: how many grain encodes run at once, who goes first
// when a slot frees up, and how many threads each encode is given.
import { describe, expect, it } from 'vitest';
import { EncodeSlots, encodeSlotCount, threadShare, type EncodeSlot } from '../../src/main/montage/encodeSlots';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('encode slots', () => {
  it('uses two slots from two cores up, one on a single core', () => {
    expect(encodeSlotCount(1)).toBe(1);
    expect(encodeSlotCount(2)).toBe(2);
    expect(encodeSlotCount(16)).toBe(2);
  });

  it('shares the cores between encodes running together, and lets a lone encode choose', () => {
    expect(threadShare(2, 1)).toBeNull();
    expect(threadShare(2, 2)).toBe(1);
    expect(threadShare(8, 2)).toBe(4);
    expect(threadShare(1, 2)).toBe(1);
  });

  it('runs at most `slots` at once and grants freed slots by priority, then by arrival', async () => {
    const slots = new EncodeSlots(2, 2);
    const order: string[] = [];
    const held = new Map<string, EncodeSlot>();
    const ask = (name: string, priority: 'export' | 'prerender' | 'speculative') =>
      slots.acquire(priority).then((slot) => {
        order.push(name);
        held.set(name, slot);
      });
    void ask('spec-1', 'speculative');
    void ask('pre-1', 'prerender');
    void ask('spec-2', 'speculative');
    void ask('pre-2', 'prerender');
    void ask('export-1', 'export');
    await tick();
    await tick();
    // Asked together: the two most urgent start, each with one of the two cores.
    expect(order).toEqual(['export-1', 'pre-1']);
    expect(held.get('export-1')!.threads).toBe(1);
    expect(slots.busy).toBe(2);
    held.get('pre-1')!.release();
    held.get('pre-1')!.release(); // a second release is ignored
    await tick();
    await tick();
    expect(order).toEqual(['export-1', 'pre-1', 'pre-2']);
    held.get('export-1')!.release();
    held.get('pre-2')!.release();
    await tick();
    await tick();
    expect(order).toEqual(['export-1', 'pre-1', 'pre-2', 'spec-1', 'spec-2']);
    expect(slots.peakRunning).toBe(2);
  });

  it('gives a lone encode FFmpeg’s own thread choice', async () => {
    const slots = new EncodeSlots(2, 2);
    const slot = await slots.acquire('export');
    expect(slot.threads).toBeNull();
    slot.release();
  });

  it('drops a waiter whose caller gives up, without taking its slot', async () => {
    const slots = new EncodeSlots(1, 2);
    const first = await slots.acquire('export');
    const controller = new AbortController();
    const waiting = slots.acquire('prerender', controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
    const next = slots.acquire('speculative');
    first.release();
    const granted = await next;
    expect(slots.busy).toBe(1);
    granted.release();
    await expect(slots.acquire('export', controller.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
