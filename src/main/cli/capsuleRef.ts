// Runs in Node (CLI). The commands that take a `<capsule>` operand accept an id or a title, and each
// of them must resolve it the same way (exact title, else an unambiguous prefix).
import { StudioError } from '../../shared/errors';
import type { Studio } from '../studio';

/** A capsule by id, or by a title that names exactly one capsule. */
export function capsuleByRef(studio: Studio, ref: string): string {
  const library = studio.context.library;
  if (library.exists(ref)) return ref;
  const matches = library.list().filter((c) => c.title === ref || c.title.toLowerCase().startsWith(ref.toLowerCase()));
  if (matches.length === 1) return matches[0]!.id;
  if (matches.length === 0) throw new StudioError('NOT_FOUND', `No capsule "${ref}" (give an id from \`capsule list\`).`);
  throw new StudioError('AMBIGUOUS', `"${ref}" names ${matches.length} capsules; give an id from \`capsule list\`.`);
}
