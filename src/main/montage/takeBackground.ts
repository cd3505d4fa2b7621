// Runs in Node (main side). Which picture of a take the montage shows (issue #15): the camera as filmed,
// or the camera with the virtual background recorded beside it, when the take has one and it is applied.
// The sound always comes from the camera file.
import path from 'node:path';
import type { TakeBackground } from '../../shared/domain/take';
import type { TakeRow } from './montageStore';

export function appliedProcessedPath(row: Pick<TakeRow, 'processed_file' | 'background_json'>, capsuleDir: string): string | null {
  if (!row.processed_file || !row.background_json) return null;
  const background = JSON.parse(row.background_json) as TakeBackground;
  if (!background.applied || background.effect.mode === 'none') return null;
  return path.isAbsolute(row.processed_file) ? row.processed_file : path.join(capsuleDir, row.processed_file);
}
