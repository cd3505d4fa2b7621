// Runs in Node (main side). The `take_remux` job: cuts a take's file after its last complete block
// (an interrupted take ends with a torn chunk), remuxes it with `-c copy` so it has a duration and
// seeks, probes it and records what it holds. The same job finishes normal takes and repairs crashed ones.
import { renameSync, rmSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import type { JobRunContext } from '../jobs/jobQueue';
import { nowIso } from '../library/database';
import { probeMedia, runFfmpeg } from '../ffmpeg/ffmpeg';
import { openFileReader } from './takeFile';
import { scanWebm, type WebmScan } from './webmScan';
import { buildRemuxArgs, containerFor, mediaFacts } from './remuxPlan';
import type { TakeStore } from './takeStore';
import { finishScreenTrack, type FinishedScreenTrack } from './screenTrackFinalizer';

export const TAKE_REMUX_JOB = 'take_remux';

export interface TakeRemuxPayload {
  takeId: string;
  /** The take was interrupted: offer it back to the user once repaired. */
  recovered: boolean;
}

export function scanTakeFile(file: string): WebmScan & { fileBytes: number } {
  const reader = openFileReader(file);
  try {
    return { ...scanWebm(reader.read, reader.size), fileBytes: reader.size };
  } finally {
    reader.close();
  }
}

export async function finalizeTake(store: TakeStore, job: JobRunContext<TakeRemuxPayload>): Promise<{ takeId: string }> {
  const { takeId, recovered } = job.payload;
  const row = store.row(takeId);
  if (row.state === 'ready') return { takeId };
  const raw = store.absolutePath(row);
  const db = store.db;
  let marked = false;
  const markFailed = (error: StudioError) => {
    marked = true;
    db.prepare("UPDATE takes SET state = 'failed', error = ?, recovery = ?, updated_at = ? WHERE id = ?").run(
      error.message,
      recovered ? 'pending' : row.recovery,
      nowIso(),
      takeId,
    );
    const take = store.getTake(takeId);
    store.emitChanged(take);
    if (recovered) store.emitRecovered(take);
    return error;
  };

  try {
    job.progress(0, 'checking');
    if (!store.fileExists(row) || statSync(raw).size === 0) {
      throw markFailed(new StudioError('TAKE_EMPTY', 'Nothing was recorded in this take before it stopped.'));
    }
    const isWebm = /\.(webm|mkv)$/i.test(raw);
    // Only a take that stopped abruptly can end with a torn block; a take finished normally is never cut.
    const mayBeTorn = recovered || row.state === 'interrupted' || row.error !== null;
    let scan: (WebmScan & { fileBytes: number }) | null = null;
    if (isWebm) {
      scan = scanTakeFile(raw);
      if (mayBeTorn && !scan.decodable) throw markFailed(new StudioError('TAKE_EMPTY', 'The take stopped before its first second was written: nothing can be played.'));
      if (mayBeTorn && scan.completeBytes < scan.fileBytes) {
        // A crash tore the last chunk: keep every complete block, drop the partial one.
        store.log.info('cutting the torn tail of a take', { takeId, kept: scan.completeBytes, dropped: scan.fileBytes - scan.completeBytes });
        truncateSync(raw, scan.completeBytes);
      }
    }
    const source = mediaFacts(await probeMedia(raw, { signal: job.signal }));
    if (!source.hasAudio && !source.hasVideo) throw markFailed(new StudioError('TAKE_EMPTY', 'This recording holds neither sound nor picture.'));
    const container = containerFor(source);
    const takesDir = path.dirname(raw);
    const temporary = path.join(takesDir, `${takeId}.remux.${container.extension}`);
    const final = path.join(takesDir, `${takeId}.${container.extension}`);
    job.progress(0, 'remuxing');
    try {
      await runFfmpeg(buildRemuxArgs(raw, temporary, container.format), {
        signal: job.signal,
        label: `take ${row.attempt}`,
        durationSec: scan?.lastBlockMs ? scan.lastBlockMs / 1000 : undefined,
        onProgress: (progress) => job.progress(progress.fraction),
      });
    } catch (error) {
      rmSync(temporary, { force: true });
      if ((error as StudioError).code === 'CANCELLED') throw error;
      throw markFailed(error instanceof StudioError ? error : new StudioError('FFMPEG_FAILED', (error as Error).message));
    }
    renameSync(temporary, final);
    if (final !== raw) rmSync(raw, { force: true });
    const facts = mediaFacts(await probeMedia(final, { signal: job.signal }));
    // A screen grain's take: its screen file is finished the same way (issue #15).
    let screen: FinishedScreenTrack | null = null;
    const screenRaw = store.screenPath(row);
    if (screenRaw && row.screen_file) {
      try {
        screen = await finishScreenTrack({
          takeId,
          raw: screenRaw,
          relative: row.screen_file,
          mayBeTorn,
          signal: job.signal,
          onCut: (kept, dropped) => store.log.info('cutting the torn tail of a screen recording', { takeId, kept, dropped }),
        });
      } catch (error) {
        if ((error as StudioError).code === 'CANCELLED') throw error;
        throw markFailed(error instanceof StudioError ? error : new StudioError('FFMPEG_FAILED', (error as Error).message));
      }
    }
    // A take with a virtual background: the processed camera beside the camera as filmed (issue #15).
    let processed: FinishedScreenTrack | null = null;
    const processedRaw = store.processedPath(row);
    if (processedRaw && row.processed_file) {
      try {
        processed = await finishScreenTrack({ takeId, raw: processedRaw, relative: row.processed_file, mayBeTorn, signal: job.signal, suffix: 'processed' });
      } catch (error) {
        if ((error as StudioError).code === 'CANCELLED') throw error;
        throw markFailed(error instanceof StudioError ? error : new StudioError('FFMPEG_FAILED', (error as Error).message));
      }
    }
    const relative = path.posix.join(path.posix.dirname(row.file), path.basename(final));
    db.transaction(() => {
      db.prepare(
        `UPDATE takes SET state = 'ready', file = ?, bytes = ?, duration_ms = ?, video_codec = ?, audio_codec = ?, width = ?, height = ?,
           has_audio = ?, has_video = ?, recovery = ?, recovered_ms = ?, writer_pid = NULL, updated_at = ? WHERE id = ?`,
      ).run(
        relative,
        statSync(final).size,
        facts.durationMs,
        facts.videoCodec,
        facts.audioCodec,
        facts.width,
        facts.height,
        facts.hasAudio ? 1 : 0,
        facts.hasVideo ? 1 : 0,
        recovered ? 'pending' : row.recovery,
        recovered ? facts.durationMs : row.recovered_ms,
        nowIso(),
        takeId,
      );
      if (screen) {
        db.prepare('UPDATE takes SET screen_file = ?, screen_bytes = ?, screen_duration_ms = ?, screen_width = ?, screen_height = ? WHERE id = ?').run(
          screen.relative,
          screen.bytes,
          screen.facts.durationMs,
          screen.facts.width,
          screen.facts.height,
          takeId,
        );
      }
      if (processed) db.prepare('UPDATE takes SET processed_file = ?, processed_bytes = ? WHERE id = ?').run(processed.relative, processed.bytes, takeId);
      // The newest finished take becomes the grain's active take (a crash-repaired one once kept).
      store.activateIfChosen(takeId, recovered);
      store.library.markUpdated(row.capsule_id);
    })();
    job.progress(1, 'done');
    const take = store.getTake(takeId);
    store.emitChanged(take);
    store.emitStatus(take, null);
    if (recovered) store.emitRecovered(take);
    return { takeId };
  } catch (error) {
    if (marked || (error instanceof StudioError && error.code === 'CANCELLED')) throw error;
    // Anything else (an unreadable file, a vanished folder) leaves the take failed with its reason, not half-finished.
    throw markFailed(error instanceof StudioError ? error : new StudioError('TAKE_FINALIZE_FAILED', `The take could not be finished: ${(error as Error).message}`));
  }
}
