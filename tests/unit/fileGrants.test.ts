// Runs in Node (tests). Grants and the renderer's view of paths: a grant is bound to one purpose,
// expires, is evicted when too many are alive, and takes its uploaded file with it; answers to a
// renderer keep file names only (Pod's URL paths are not file paths).
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileGrants, GRANT_TTL_MS } from '../../src/main/files/fileGrants';
import { hideMainPaths } from '../../src/main/files/rendererView';
import { tempDir } from '../support/tempDir';

describe('FileGrants', () => {
  const dir = tempDir();
  const file = path.join(dir, 'cours.pdf');
  writeFileSync(file, '%PDF-1.4');

  it('binds a grant to one purpose and expires it', () => {
    let now = 1_000;
    const grants = new FileGrants(() => now);
    const { grant, name } = grants.grantRead(file, 'read-pdf');
    expect(grant).toMatch(/^g[0-9a-f]{32}$/);
    expect(name).toBe('cours.pdf');
    expect(grants.use(grant, 'read-pdf').path).toBe(file);
    expect(() => grants.use(grant, 'read-video')).toThrow(expect.objectContaining({ code: 'GRANT_INVALID' }));
    now += GRANT_TTL_MS;
    expect(() => grants.use(grant, 'read-pdf')).toThrow(expect.objectContaining({ code: 'GRANT_INVALID' }));
  });

  it('evicts the oldest grants beyond its bound, and removes the uploads it owns', () => {
    const grants = new FileGrants();
    const upload = path.join(dir, 'upload.pdf');
    writeFileSync(upload, '%PDF-1.4');
    const owned = grants.grantRead(upload, 'read-pdf', { ownsFile: true });
    for (let i = 0; i < 300; i += 1) grants.grantSave(path.join(dir, `out-${i}.mp4`), 'save-video', { overwrite: false });
    expect(grants.size()).toBeLessThanOrEqual(256);
    expect(() => grants.use(owned.grant, 'read-pdf')).toThrow(expect.objectContaining({ code: 'GRANT_INVALID' }));
    expect(existsSync(upload)).toBe(false);
  });

  it('refuses a purpose that does not match the kind of grant', () => {
    const grants = new FileGrants();
    expect(() => grants.grantRead(file, 'save-video')).toThrow(expect.objectContaining({ code: 'BAD_ARGS' }));
    expect(() => grants.grantSave(file, 'read-pdf', { overwrite: true })).toThrow(expect.objectContaining({ code: 'BAD_ARGS' }));
  });
});

describe('hideMainPaths', () => {
  it('reduces main-side paths to file names, leaves URLs and Pod relation paths alone', () => {
    const shown = hideMainPaths({
      directory: '/home/prof/.config/Capsule Studio/capsules/abc',
      grains: [{ slides: [{ imagePath: 'C:\\Users\\prof\\capsules\\abc\\slides\\1.png', image: 'slide/1' }] }],
      take: { path: '/lib/capsules/abc/takes/t.webm', media: 'take/t' },
      vocabulary: { types: [{ path: '/rest/types/1/', title: 'Cours' }] },
      publish: { source: { path: '/lib/capsules/abc/renders/x.mp4', bytes: 10 } },
      link: { file: 'https://pod.example/video.mp4' },
      bytes: new Uint8Array([1, 2]),
    });
    expect(shown.directory).toBe('abc');
    expect(shown.grains[0]!.slides[0]!.imagePath).toBe('1.png');
    expect(shown.take).toEqual({ path: 't.webm', media: 'take/t' });
    expect(shown.vocabulary.types[0]!.path).toBe('/rest/types/1/');
    expect(shown.publish.source.path).toBe('x.mp4');
    expect(shown.link.file).toBe('https://pod.example/video.mp4');
    expect(shown.bytes).toBeInstanceOf(Uint8Array);
  });
});
