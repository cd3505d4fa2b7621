// Runs in Node (tests). The streamed multipart body: exact layout and length, escaping, repeated keys,
// a round trip through the fake Pod's streaming parser (including bytes that look like a boundary),
// and a file that changes size while it is sent.
import { createHash } from 'node:crypto';
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { multipartLayout, multipartStream, newBoundary } from '../../src/main/pod/multipartBody';
import { parseMultipart } from '../support/podServer/multipart';
import { tempDir } from '../support/tempDir';

const dir = tempDir('pod-multipart-');

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe('multipart layout', () => {
  it('writes fields in order, repeats keys, escapes quotes and line breaks, and knows its exact length', async () => {
    const file = path.join(dir, 'a "b".mp4');
    writeFileSync(file, 'VIDEO');
    const layout = multipartLayout('XyZ', [['title', 'Capsule – été'], ['discipline', '/rest/discipline/1/'], ['discipline', '/rest/discipline/3/'], ['we"ird\nname', 'v']], [{ field: 'video', filename: 'a "b".mp4', contentType: 'video/mp4', path: file, size: 5 }]);
    const body = await collect(multipartStream(layout));
    expect(body.toString('utf8')).toBe(
      [
        '--XyZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nCapsule – été\r\n',
        '--XyZ\r\nContent-Disposition: form-data; name="discipline"\r\n\r\n/rest/discipline/1/\r\n',
        '--XyZ\r\nContent-Disposition: form-data; name="discipline"\r\n\r\n/rest/discipline/3/\r\n',
        '--XyZ\r\nContent-Disposition: form-data; name="we%22ird%0Aname"\r\n\r\nv\r\n',
        '--XyZ\r\nContent-Disposition: form-data; name="video"; filename="a %22b%22.mp4"\r\nContent-Type: video/mp4\r\n\r\nVIDEO\r\n',
        '--XyZ--\r\n',
      ].join(''),
    );
    expect(layout.length).toBe(body.length);
    expect(layout.contentType).toBe('multipart/form-data; boundary=XyZ');
  });

  it('round-trips through a streaming parser, even with boundary-like bytes in the file', async () => {
    const boundary = newBoundary();
    const file = path.join(dir, 'tricky.bin');
    const tricky = Buffer.concat([Buffer.from(`\r\n--${boundary.slice(0, -1)}`), Buffer.alloc(3_000_000, 7), Buffer.from(`--${boundary}`), Buffer.from('\r\n--')]);
    writeFileSync(file, tricky);
    const layout = multipartLayout(boundary, [['title', 'T']], [{ field: 'video', filename: 'tricky.bin', contentType: 'application/octet-stream', path: file, size: tricky.length }]);
    const form = await parseMultipart(multipartStream(layout), boundary, () => null);
    expect(form.fields).toEqual([['title', 'T']]);
    expect(form.files).toEqual([{ field: 'video', filename: 'tricky.bin', contentType: 'application/octet-stream', size: tricky.length, sha256: createHash('sha256').update(tricky).digest('hex'), path: null }]);
  });

  it('stops with a clear error when the file changed size after the layout was made', async () => {
    const file = path.join(dir, 'growing.mp4');
    writeFileSync(file, 'abc');
    const layout = multipartLayout('B', [], [{ field: 'video', filename: 'growing.mp4', contentType: 'video/mp4', path: file, size: 3 }]);
    appendFileSync(file, 'def');
    await expect(collect(multipartStream(layout))).rejects.toMatchObject({ code: 'POD_FILE_CHANGED' });
  });

  it('refuses a boundary that could break the body', () => {
    expect(() => multipartLayout('bad boundary"', [], [])).toThrow(/boundary/);
  });
});
