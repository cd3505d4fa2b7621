// Runs in Node (main side). Turns the file arguments of StudioApi methods into main-side paths: a
// grant from a renderer, or a path from main-side code (the CLI is the user). A path from a renderer is
// refused before anything touches the disk, with one answer whatever the path: no existence oracle.
import { StudioError } from '../../shared/errors';
import type { FilePurpose } from '../../shared/api/files';
import type { FileGrants, GrantedFile } from './fileGrants';
import { isRendererCall } from './callOrigin';

export function refusePathFromRenderer(what: string): StudioError {
  return new StudioError('FORBIDDEN', `The window cannot name ${what} by its path; choose it in the app (a file dialog or an upload).`);
}

/** A main-side path argument: refused when a renderer sends it. */
export function mainSidePath(value: string | null | undefined, what: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (isRendererCall()) throw refusePathFromRenderer(what);
  return value;
}

/** The file a `{path?, grant?}` argument designates for this purpose, or undefined when neither is given. */
export function fileToRead(grants: FileGrants, source: { path?: string | null; grant?: string | null }, purpose: FilePurpose, what: string): string | undefined {
  if (source.grant) return grants.use(source.grant, purpose).path;
  return mainSidePath(source.path, what);
}

/** Where to save: a save grant (the user's choice in a native dialog), or a main-side path. */
export function fileToSave(grants: FileGrants, target: { path?: string | null; grant?: string | null }, what: string): GrantedFile | { path: string; name: string; overwrite: null } | undefined {
  if (target.grant) return grants.use(target.grant, 'save-video');
  const path = mainSidePath(target.path, what);
  return path === undefined ? undefined : { path, name: path, overwrite: null };
}
