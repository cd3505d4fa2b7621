// Runs in Node (tests). The stream-key relay's client-side filter: the RTMP handshake passes untouched, the
// stand-in is replaced in AMF command messages even when a chunk boundary cuts it (type-3 continuation
// chunks, extended timestamps, a Set Chunk Size on the way), and everything after `publish` passes as is.
import { describe, expect, it } from 'vitest';
import { PlaypathRewriter, splitRtmpUrl, standIn } from '../../src/main/live/rtmpKeyRelay';

function amfString(text: string): Buffer {
  const body = Buffer.from(text);
  const head = Buffer.alloc(3);
  head[0] = 0x02;
  head.writeUInt16BE(body.length, 1);
  return Buffer.concat([head, body]);
}

function amfNumber(value: number): Buffer {
  const out = Buffer.alloc(9);
  out[0] = 0x00;
  out.writeDoubleBE(value, 1);
  return out;
}

/** Serialises one message as chunks of `chunkSize`: a type-0 header, then type-3 continuations. */
function chunks(csid: number, type: number, payload: Buffer, chunkSize: number, timestamp = 0): Buffer {
  const extended = timestamp >= 0xffffff;
  const header = Buffer.alloc(12);
  header[0] = csid;
  header.writeUIntBE(extended ? 0xffffff : timestamp, 1, 3);
  header.writeUIntBE(payload.length, 4, 3);
  header[7] = type;
  header.writeUInt32LE(1, 8);
  const ext = Buffer.alloc(extended ? 4 : 0);
  if (extended) ext.writeUInt32BE(timestamp, 0);
  const parts: Buffer[] = [header, ext];
  for (let offset = 0; offset < payload.length; offset += chunkSize) {
    if (offset > 0) parts.push(Buffer.from([0xc0 | csid]), ext);
    parts.push(payload.subarray(offset, offset + chunkSize));
  }
  return Buffer.concat(parts);
}

function command(name: string, ...values: Buffer[]): Buffer {
  return Buffer.concat([amfString(name), amfNumber(1), Buffer.from([0x05]), ...values]);
}

describe('PlaypathRewriter', () => {
  const key = 'real-Secret_key?auth=42';
  const placeholder = standIn(key.length);

  function run(stream: Buffer, pieces: number): Buffer {
    const rewriter = new PlaypathRewriter(Buffer.from(placeholder), Buffer.from(key));
    const out: Buffer[] = [];
    const step = Math.max(1, Math.ceil(stream.length / pieces));
    for (let offset = 0; offset < stream.length; offset += step) out.push(rewriter.push(stream.subarray(offset, offset + step)));
    return Buffer.concat(out);
  }

  it('replaces the stand-in in every command, whatever the chunking and the TCP segmentation', () => {
    const handshake = Buffer.alloc(1 + 1536 + 1536, 7);
    // The stand-in at payload offsets 122-144 of a 128-byte chunking: cut by a type-3 header.
    const setChunkSize = Buffer.alloc(4);
    setChunkSize.writeUInt32BE(4096, 0);
    const build = (name: string) =>
      Buffer.concat([
        handshake,
        chunks(3, 20, command('connect', amfString('live')), 128),
        chunks(3, 20, command('releaseStream', amfString('x'.repeat(90)), amfString(name)), 128),
        chunks(2, 1, setChunkSize, 128),
        chunks(3, 20, command('FCPublish', amfString(name)), 4096, 0x1000000),
        chunks(8, 20, command('publish', amfString(name), amfString('live')), 4096),
        // Media after publish: never touched, even if it happened to contain the stand-in.
        chunks(4, 9, Buffer.concat([Buffer.from(placeholder), Buffer.alloc(5000, 1)]), 4096),
      ]);
    const stream = build(placeholder);
    // Same length: the expected bytes are the same chunks with the real name in the three commands.
    const expected = build(key);
    for (const pieces of [1, 7, 300, stream.length]) {
      const out = run(stream, pieces);
      expect(out.length).toBe(stream.length);
      expect(out.subarray(0, handshake.length)).toEqual(handshake);
      expect(out.equals(expected)).toBe(true);
    }
  });

  it('splits RTMP URLs like FFmpeg: first segment the application, the rest the stream name', () => {
    expect(splitRtmpUrl('rtmp://live.example.edu/live/amphi-a')).toEqual({ secure: false, host: 'live.example.edu', port: 1935, app: 'live', playpath: 'amphi-a' });
    expect(splitRtmpUrl('rtmps://a.example:4443/app/sub/key?x=1')).toEqual({ secure: true, host: 'a.example', port: 4443, app: 'app', playpath: 'sub/key?x=1' });
    expect(() => splitRtmpUrl('rtmp://host/onlyapp')).toThrow();
    expect(standIn(12)).toMatch(/^[a-z0-9]{12}$/);
    expect(() => new PlaypathRewriter(Buffer.from('ab'), Buffer.from('abc'))).toThrow();
  });
});
