// Runs in Node (main side). Finishes the screen track of a screen grain's take inside the take_remux
// job, exactly as the camera file is finished: a torn tail cut after a crash, a `-c copy` remux so it
// has a duration and seeks, then a probe of its size and length (screen captures have odd sizes).
import { renameSync, rmSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import { probeMedia, runFfmpeg } from '../ffmpeg/ffmpeg';
import { buildRemuxArgs, containerFor, mediaFacts, type MediaFacts } from './remuxPlan';
import { scanTakeFile } from './takeFinalizer';

export interface FinishedScreenTrack {
  /** The remuxed file, relative to the capsule's folder (as `takes.screen_file`). */
  relative: string;
  bytes: number;
  facts: MediaFacts;
}

/**
 * Remuxes the raw screen file `raw` (relative name `relative`) of take `takeId`. Throws a
 * StudioError when nothing playable was recorded: a screen take without its screen is not kept as if whole.
 */
export async function finishScreenTrack(input: {
  takeId: string;
  raw: string;
  relative: string;
  mayBeTorn: boolean;
  signal: AbortSignal;
  onCut?(kept: number, dropped: number): void;
  /** Which side file: the screen (screen grains) or the processed camera (virtual background). */
  suffix?: 'screen' | 'processed';
}): Promise<FinishedScreenTrack> {
  const suffix = input.suffix ?? 'screen';
  const { raw, takeId, signal } = input;
  let size = 0;
  try {
    size = statSync(raw).size;
  } catch {
    size = 0;
  }
  if (size === 0) throw new StudioError('TAKE_EMPTY', 'Nothing of the screen was recorded in this take.');
  const scan = scanTakeFile(raw);
  if (input.mayBeTorn && !scan.decodable) throw new StudioError('TAKE_EMPTY', 'The screen recording stopped before its first second was written.');
  if (input.mayBeTorn && scan.completeBytes < scan.fileBytes) {
    input.onCut?.(scan.completeBytes, scan.fileBytes - scan.completeBytes);
    truncateSync(raw, scan.completeBytes);
  }
  const source = mediaFacts(await probeMedia(raw, { signal }));
  if (!source.hasVideo) throw new StudioError('TAKE_EMPTY', 'The screen recording of this take holds no picture.');
  const container = containerFor(source);
  const dir = path.dirname(raw);
  const temporary = path.join(dir, `${takeId}.${suffix}.remux.${container.extension}`);
  const final = path.join(dir, `${takeId}.${suffix}.${container.extension}`);
  try {
    await runFfmpeg(buildRemuxArgs(raw, temporary, container.format), { signal, label: `the ${suffix} recording`, durationSec: scan.lastBlockMs ? scan.lastBlockMs / 1000 : undefined });
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  renameSync(temporary, final);
  if (final !== raw) rmSync(raw, { force: true });
  const facts = mediaFacts(await probeMedia(final, { signal }));
  return { relative: path.posix.join(path.posix.dirname(input.relative), path.basename(final)), bytes: statSync(final).size, facts };
}
