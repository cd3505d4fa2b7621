// Runs in Node (main side). Opaque media references (`slide/<id>`, `take/<id>`, …) resolved to files.
// The renderer never names a path: both bindings serve media only through these resolvers.
import { StudioError } from '../../shared/errors';
import type { Db } from './database';
import { capsuleDir } from './capsuleFiles';
import path from 'node:path';

export type MediaResolver = (id: string) => string | null;

export class MediaRefs {
  private readonly resolvers = new Map<string, MediaResolver>();

  constructor(db: Db, libraryDir: string) {
    const slideFile = (column: 'image_file' | 'thumb_file') => (id: string) => {
      const row = db.prepare(`SELECT capsule_id, ${column} AS file FROM slides WHERE id = ?`).get(id) as { capsule_id: string; file: string } | undefined;
      return row ? path.join(capsuleDir(libraryDir, row.capsule_id), row.file) : null;
    };
    this.register('slide', slideFile('image_file'));
    this.register('thumb', slideFile('thumb_file'));
    this.register('take', (id) => {
      const row = db.prepare('SELECT capsule_id, file FROM takes WHERE id = ?').get(id) as { capsule_id: string; file: string } | undefined;
      return row ? path.join(capsuleDir(libraryDir, row.capsule_id), row.file) : null;
    });
    // The camera with its virtual background (issue #15).
    this.register('processed', (id) => {
      const row = db.prepare('SELECT capsule_id, processed_file AS file FROM takes WHERE id = ?').get(id) as { capsule_id: string; file: string | null } | undefined;
      return row?.file ? path.join(capsuleDir(libraryDir, row.capsule_id), row.file) : null;
    });
    // The screen track of a screen grain's take (issue #15).
    this.register('screen', (id) => {
      const row = db.prepare('SELECT capsule_id, screen_file AS file FROM takes WHERE id = ?').get(id) as { capsule_id: string; file: string | null } | undefined;
      return row?.file ? path.join(capsuleDir(libraryDir, row.capsule_id), row.file) : null;
    });
  }

  /** Domains add their kinds of media (renders, previews) here. */
  register(kind: string, resolver: MediaResolver): void {
    this.resolvers.set(kind, resolver);
  }

  /** Resolves a reference to an absolute path, or throws NOT_FOUND. Never accepts a path. */
  resolve(ref: string): string {
    const match = /^([a-z_]+)\/([A-Za-z0-9_-]{1,64})$/.exec(ref);
    const resolver = match ? this.resolvers.get(match[1]!) : undefined;
    const file = resolver && match ? resolver(match[2]!) : null;
    if (!file) throw new StudioError('NOT_FOUND', `No media ${ref}.`);
    return file;
  }
}
