// Runs in Node (unit tests). The pen's drawing session in the renderer: events stamped on the take's
// media clock and sent one by one in order, a drawing kept per slide, undo and clear on the slide
// shown, the eraser's reach, and the laser pointer ending at its release.
import { describe, expect, it } from 'vitest';
import type { InkEvent } from '../../src/shared/logic/strokes/inkEvents';
import { InkSession } from '../../src/renderer/features/pen/inkSession';

function session() {
  let now = 0;
  const sent: InkEvent[][] = [];
  const ink = new InkSession({
    clock: () => now,
    send: async (events) => {
      sent.push(events);
    },
  });
  return { ink, sent, at: (ms: number) => (now = ms) };
}

describe('a drawing session during a take', () => {
  it('stamps every point on the media clock and sends each finished event once, in order', async () => {
    const { ink, sent, at } = session();
    at(0);
    ink.slide(0);
    at(1000);
    ink.beginDraw('pen', 0, 0.1, 0.1, '#e53935', 0.008);
    at(1040);
    ink.extendDraw(0.2, 0.2);
    ink.extendDraw(0.2, 0.2); // the same place again: no new point
    at(1080);
    ink.extendDraw(0.3, 0.3);
    await ink.flushed();
    expect(sent).toHaveLength(1); // the stroke is sent when it is finished
    expect(ink.visible(0).strokes[0]!.points).toHaveLength(3); // but shown while drawn
    ink.endDraw();
    await ink.flushed();
    expect(sent.map((batch) => batch.map((event) => event.type))).toEqual([['slide'], ['pen']]);
    expect(sent[1]![0]).toMatchObject({ atMs: 1000, slideIndex: 0, color: '#e53935', width: 0.008, points: [[0.1, 0.1, 1000], [0.2, 0.2, 1040], [0.3, 0.3, 1080]] });
  });

  it('keeps each slide’s drawing; undo and clear act on the slide given', () => {
    const { ink, at } = session();
    at(100);
    ink.beginDraw('pen', 0, 0.5, 0.5, '#111111', 0.004);
    ink.endDraw();
    ink.slide(1);
    at(200);
    ink.beginDraw('highlighter', 1, 0.2, 0.2, '#ffd400', 0.008);
    ink.extendDraw(0.4, 0.2);
    ink.endDraw();
    expect(ink.visible(0).strokes.map((stroke) => stroke.tool)).toEqual(['pen']);
    expect(ink.visible(1).strokes.map((stroke) => stroke.tool)).toEqual(['highlighter']);
    ink.clear(1);
    expect(ink.visible(1).strokes).toEqual([]);
    expect(ink.visible(0).strokes).toHaveLength(1);
    ink.undo(1); // takes the clear back
    expect(ink.visible(1).strokes).toHaveLength(1);
    ink.undo(0);
    expect(ink.visible(0).strokes).toEqual([]);
  });

  it('erases only the strokes under the eraser', () => {
    const { ink, at } = session();
    at(0);
    ink.beginDraw('pen', 0, 0.1, 0.5, '#e53935', 0.008);
    ink.extendDraw(0.4, 0.5);
    ink.endDraw();
    ink.beginDraw('pen', 0, 0.1, 0.9, '#1e63d6', 0.008);
    ink.extendDraw(0.4, 0.9);
    ink.endDraw();
    ink.eraseAt(0, 0.8, 0.5, 16 / 9); // nowhere near either
    expect(ink.events.filter((event) => event.type === 'erase')).toEqual([]);
    ink.eraseAt(0, 0.25, 0.505, 16 / 9);
    expect(ink.visible(0).strokes.map((stroke) => stroke.color)).toEqual(['#1e63d6']);
  });

  it('shows the laser pointer while held, and its path ends at the release even when held still', () => {
    const { ink, at } = session();
    at(500);
    ink.beginDraw('pointer', 0, 0.3, 0.3, '#ff1744', 0.008);
    at(520);
    ink.extendDraw(0.35, 0.3);
    expect(ink.visible(0).pointer).toEqual({ x: 0.35, y: 0.3, color: '#ff1744' });
    at(1500);
    expect(ink.visible(0).pointer).not.toBeNull(); // held still
    ink.endDraw();
    expect(ink.visible(0).pointer).toBeNull();
    const pointer = ink.events.find((event) => event.type === 'pointer')!;
    expect(pointer.points!.at(-1)).toEqual([0.35, 0.3, 1500]);
    expect(pointer.width).toBeUndefined();
  });

  it('a rehearsal (no take) keeps its drawing in memory and sends nothing', () => {
    const ink = new InkSession({ clock: () => 10 });
    ink.beginDraw('pen', 0, 0.5, 0.5, '#e53935', 0.008);
    ink.endDraw();
    expect(ink.recording).toBe(false);
    expect(ink.visible(0).strokes).toHaveLength(1);
  });
});
