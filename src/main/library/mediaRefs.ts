// Runs in Node (main side). Opaque media references (`slide/<id>`, `take/<id>`, …) resolved to files.
// The renderer never names a path: both bindings serve media only through these resolvers, which the
// domains owning the rows register (slides and thumbnails, takes, renders: see src/main/services.ts).
import { StudioError } from '../../shared/errors';

export type MediaResolver = (id: string) => string | null;

export class MediaRefs {
  private readonly resolvers = new Map<string, MediaResolver>();

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
