// Runs anywhere (pure logic over a byte reader; used by the main side). Walks a WebM/Matroska file
// as MediaRecorder writes it (Segment and Clusters of unknown size) to find where its last complete
// block ends, so an interrupted take can be cut there and remuxed without a torn frame at its tail.

/** Reads up to `length` bytes at `offset`; returns fewer at the end of the data. */
export type ByteReader = (offset: number, length: number) => Uint8Array;

export interface WebmScan {
  /** EBML header, Segment and Tracks were all found complete: the file can be decoded. */
  decodable: boolean;
  /** Bytes from the start that form complete elements; everything after is a torn tail. */
  completeBytes: number;
  /** Timestamp of the last complete block in ms (relative to the first cluster), or null if none. */
  lastBlockMs: number | null;
  blocks: number;
  clusters: number;
}

const ID = {
  EBML: 0x1a45dfa3,
  Segment: 0x18538067,
  Cluster: 0x1f43b675,
  Tracks: 0x1654ae6b,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  ClusterTimecode: 0xe7,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
} as const;

/** Children of Segment: meeting one inside an unknown-size Cluster means that Cluster has ended. */
const SEGMENT_CHILDREN = new Set([0x114d9b74, 0x1549a966, 0x1654ae6b, 0x1f43b675, 0x1c53bb6b, 0x1941a469, 0x1043a770, 0x1254c367]);

interface Header {
  id: number;
  /** null when the size is "unknown" (all data bits set), as in live WebM. */
  size: number | null;
  dataStart: number;
}

function vintLength(first: number): number {
  for (let length = 1; length <= 8; length += 1) if (first & (0x80 >> (length - 1))) return length;
  return 0;
}

/** Reads an element header at `offset`, or null when it is cut by the end of the data or invalid. */
export function readElementHeader(read: ByteReader, offset: number, end: number): Header | null {
  const bytes = read(offset, 12);
  if (bytes.length < 2 || offset >= end) return null;
  const idLength = vintLength(bytes[0]!);
  if (idLength === 0 || idLength > 4 || bytes.length < idLength + 1) return null;
  let id = 0;
  for (let i = 0; i < idLength; i += 1) id = id * 256 + bytes[i]!;
  const sizeFirst = bytes[idLength]!;
  const sizeLength = vintLength(sizeFirst);
  if (sizeLength === 0 || bytes.length < idLength + sizeLength) return null;
  let size = sizeFirst & (0xff >> sizeLength);
  let allOnes = size === 0xff >> sizeLength;
  for (let i = 1; i < sizeLength; i += 1) {
    const byte = bytes[idLength + i]!;
    size = size * 256 + byte;
    if (byte !== 0xff) allOnes = false;
  }
  const dataStart = offset + idLength + sizeLength;
  if (dataStart > end) return null;
  return { id, size: allOnes ? null : size, dataStart };
}

function readUint(read: ByteReader, offset: number, length: number): number {
  const bytes = read(offset, length);
  let value = 0;
  for (const byte of bytes) value = value * 256 + byte;
  return value;
}

/** Relative timestamp of a (Simple)Block: after the track number vint, a signed 16-bit value. */
function blockRelativeTime(read: ByteReader, dataStart: number): number {
  const head = read(dataStart, 8);
  const trackLength = vintLength(head[0] ?? 0);
  if (trackLength === 0 || head.length < trackLength + 2) return 0;
  const raw = (head[trackLength]! << 8) | head[trackLength + 1]!;
  return raw >= 0x8000 ? raw - 0x10000 : raw;
}

export function scanWebm(read: ByteReader, totalBytes: number): WebmScan {
  const result: WebmScan = { decodable: false, completeBytes: 0, lastBlockMs: null, blocks: 0, clusters: 0 };
  const ebml = readElementHeader(read, 0, totalBytes);
  if (!ebml || ebml.id !== ID.EBML || ebml.size === null || ebml.dataStart + ebml.size > totalBytes) return result;
  const segment = readElementHeader(read, ebml.dataStart + ebml.size, totalBytes);
  if (!segment || segment.id !== ID.Segment) return result;
  const segmentEnd = segment.size === null ? totalBytes : Math.min(totalBytes, segment.dataStart + segment.size);

  let timecodeScaleNs = 1_000_000;
  let tracksSeen = false;
  let lastBlockTicks: number | null = null;
  let completeBytes = segment.dataStart;
  let offset = segment.dataStart;

  outer: while (offset < segmentEnd) {
    const header = readElementHeader(read, offset, segmentEnd);
    if (!header) break;
    if (header.id === ID.Cluster) {
      result.clusters += 1;
      const clusterEnd = header.size === null ? segmentEnd : header.dataStart + header.size;
      let clusterTime = 0;
      let inner = header.dataStart;
      completeBytes = Math.max(completeBytes, inner);
      while (inner < Math.min(clusterEnd, segmentEnd)) {
        const child = readElementHeader(read, inner, segmentEnd);
        if (!child) break outer;
        if (header.size === null && SEGMENT_CHILDREN.has(child.id)) {
          offset = inner; // the unknown-size cluster ended where the next top-level element starts
          continue outer;
        }
        if (child.size === null) break outer;
        const childEnd = child.dataStart + child.size;
        if (childEnd > segmentEnd) break outer; // torn element: stop before it
        if (child.id === ID.ClusterTimecode) clusterTime = readUint(read, child.dataStart, child.size);
        if (child.id === ID.SimpleBlock || child.id === ID.BlockGroup) {
          let blockStart = child.dataStart;
          if (child.id === ID.BlockGroup) {
            const block = readElementHeader(read, child.dataStart, childEnd);
            blockStart = block && block.id === ID.Block ? block.dataStart : -1;
          }
          if (blockStart >= 0) {
            const ticks = clusterTime + blockRelativeTime(read, blockStart);
            lastBlockTicks = lastBlockTicks === null ? ticks : Math.max(lastBlockTicks, ticks);
            result.blocks += 1;
          }
        }
        inner = childEnd;
        completeBytes = inner;
      }
      if (header.size === null || inner < clusterEnd) break;
      offset = clusterEnd;
      continue;
    }
    if (header.size === null) break;
    const end = header.dataStart + header.size;
    if (end > segmentEnd) break;
    if (header.id === ID.Tracks) tracksSeen = true;
    if (header.id === ID.Info) timecodeScaleNs = readTimecodeScale(read, header.dataStart, end) ?? timecodeScaleNs;
    offset = end;
    completeBytes = end;
  }

  result.decodable = tracksSeen;
  result.completeBytes = tracksSeen ? completeBytes : 0;
  result.lastBlockMs = lastBlockTicks === null ? null : Math.round((lastBlockTicks * timecodeScaleNs) / 1_000_000);
  return result;
}

function readTimecodeScale(read: ByteReader, start: number, end: number): number | null {
  let offset = start;
  while (offset < end) {
    const child = readElementHeader(read, offset, end);
    if (!child || child.size === null) return null;
    if (child.id === ID.TimecodeScale) return readUint(read, child.dataStart, child.size);
    offset = child.dataStart + child.size;
  }
  return null;
}

/** A ByteReader over bytes in memory (tests, small files). */
export function memoryReader(bytes: Uint8Array): ByteReader {
  return (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length));
}
