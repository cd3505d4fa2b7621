// Runs in Node (tests). The WebM walker that finds where an interrupted take's last complete block ends.
import { describe, expect, it } from 'vitest';
import { memoryReader, readElementHeader, scanWebm } from '../../src/main/recording/webmScan';

const UNKNOWN = [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];

function size(n: number): number[] {
  if (n < 0x7f) return [0x80 | n];
  if (n < 0x3fff) return [0x40 | (n >> 8), n & 0xff];
  throw new Error('test sizes stay small');
}

function element(id: number[], body: number[], unknownSize = false): number[] {
  return [...id, ...(unknownSize ? UNKNOWN : size(body.length)), ...body];
}

const ebmlHeader = element([0x1a, 0x45, 0xdf, 0xa3], element([0x42, 0x82], [0x77, 0x65, 0x62, 0x6d]));
const info = element([0x15, 0x49, 0xa9, 0x66], element([0x2a, 0xd7, 0xb1], [0x0f, 0x42, 0x40]));
const tracks = element([0x16, 0x54, 0xae, 0x6b], element([0xae], element([0xd7], [0x01])));

/** A SimpleBlock of track 1 at `relative` ms with `payload` bytes. */
function block(relative: number, payload = 20): number[] {
  return element([0xa3], [0x81, (relative >> 8) & 0xff, relative & 0xff, 0x80, ...new Array<number>(payload).fill(0x55)]);
}

function cluster(timecode: number, blocks: number[][], unknownSize = true): number[] {
  const body = [...element([0xe7], [(timecode >> 8) & 0xff, timecode & 0xff]), ...blocks.flat()];
  return element([0x1f, 0x43, 0xb6, 0x75], body, unknownSize);
}

function liveFile(clusters: number[][]): Uint8Array {
  return new Uint8Array([...ebmlHeader, ...[0x18, 0x53, 0x80, 0x67], ...UNKNOWN, ...info, ...tracks, ...clusters.flat()]);
}

describe('scanWebm', () => {
  const clusters = [cluster(0, [block(0), block(33), block(66)]), cluster(1000, [block(0), block(40)])];
  const whole = liveFile(clusters);

  it('walks unknown-size clusters to the end of a complete live file', () => {
    const scan = scanWebm(memoryReader(whole), whole.length);
    expect(scan).toEqual({ decodable: true, completeBytes: whole.length, lastBlockMs: 1040, blocks: 5, clusters: 2 });
  });

  it('stops before a block torn by a crash, at the end of the last complete one', () => {
    for (const tear of [1, 5, 12]) {
      const cut = whole.subarray(0, whole.length - tear);
      const scan = scanWebm(memoryReader(cut), cut.length);
      expect(scan.completeBytes).toBe(whole.length - block(40).length);
      expect(scan.lastBlockMs).toBe(1000);
      expect(scan.blocks).toBe(4);
    }
  });

  it('reads clusters of known size too (FFmpeg seekable output) and a block group', () => {
    const group = element([0xa0], element([0xa1], [0x81, 0x00, 0x10, 0x00, 1, 2, 3]));
    const file = new Uint8Array([...ebmlHeader, ...element([0x18, 0x53, 0x80, 0x67], [...info, ...tracks, ...cluster(0, [block(0)], false), ...cluster(500, [group], false)])]);
    expect(scanWebm(memoryReader(file), file.length)).toMatchObject({ decodable: true, completeBytes: file.length, lastBlockMs: 516, blocks: 2, clusters: 2 });
  });

  it('applies the timecode scale of the Info element', () => {
    const microInfo = element([0x15, 0x49, 0xa9, 0x66], element([0x2a, 0xd7, 0xb1], [0x03, 0xe8])); // 1000 ns ticks
    const file = new Uint8Array([...ebmlHeader, 0x18, 0x53, 0x80, 0x67, ...UNKNOWN, ...microInfo, ...tracks, ...cluster(0, [block(0), block(5000)])]);
    expect(scanWebm(memoryReader(file), file.length).lastBlockMs).toBe(5);
  });

  it('says a file cut before its tracks cannot be decoded', () => {
    const cut = whole.subarray(0, ebmlHeader.length + 12 + info.length + 3);
    expect(scanWebm(memoryReader(cut), cut.length)).toMatchObject({ decodable: false, completeBytes: 0, blocks: 0 });
    expect(scanWebm(memoryReader(new Uint8Array([1, 2, 3])), 3).decodable).toBe(false);
    expect(scanWebm(memoryReader(new Uint8Array()), 0).decodable).toBe(false);
  });

  it('keeps the clusters before a torn cluster header', () => {
    const cut = whole.subarray(0, whole.length - cluster(1000, [block(0), block(40)]).length + 3);
    const scan = scanWebm(memoryReader(cut), cut.length);
    expect(scan.completeBytes).toBe(whole.length - cluster(1000, [block(0), block(40)]).length);
    expect(scan.lastBlockMs).toBe(66);
  });

  it('reads element headers with unknown sizes', () => {
    const header = readElementHeader(memoryReader(new Uint8Array([0x1f, 0x43, 0xb6, 0x75, ...UNKNOWN])), 0, 12);
    expect(header).toEqual({ id: 0x1f43b675, size: null, dataStart: 12 });
  });
});
