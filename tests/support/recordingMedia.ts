// Runs in Node (tests). Real media for the recording tests: live-style WebM made by FFmpeg (Segment
// of unknown size, as MediaRecorder writes it), cut into chunks, and a capsule with grains to record.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Db } from '../../src/main/library/database';
import { runFfmpeg } from '../../src/main/ffmpeg/ffmpeg';

export interface WebmOptions {
  seconds: number;
  video?: boolean;
  audio?: boolean;
  width?: number;
  height?: number;
}

/** VP8 + Opus (or one of them) in a live WebM, like a MediaRecorder take. */
export async function makeLiveWebm(file: string, options: WebmOptions): Promise<Uint8Array> {
  const { seconds, video = true, audio = true, width = 320, height = 240 } = options;
  const args: string[] = [];
  if (video) args.push('-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=25`);
  if (audio) args.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000');
  args.push('-t', String(seconds));
  if (video) args.push('-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '400k', '-g', '25');
  if (audio) args.push('-c:a', 'libopus', '-b:a', '64k');
  args.push('-f', 'webm', '-live', '1', '-cluster_time_limit', '500', '-y', file);
  await runFfmpeg(args, { label: 'test media' });
  return new Uint8Array(readFileSync(file));
}

/** Cuts bytes into `count` pieces of about the same size, at arbitrary offsets (as a recorder's timeslices fall). */
export function splitIntoChunks(bytes: Uint8Array, count: number): Uint8Array[] {
  const size = Math.ceil(bytes.length / count);
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) chunks.push(bytes.subarray(offset, Math.min(bytes.length, offset + size)));
  return chunks;
}

/** A capsule with `grains` grains of one slide each, inserted as the library would. */
export function seedCapsule(db: Db, grains = 2): { capsuleId: string; grainIds: string[] } {
  const capsuleId = randomUUID();
  const now = new Date().toISOString();
  const grainIds: string[] = [];
  db.transaction(() => {
    db.prepare('INSERT INTO capsules (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)').run(capsuleId, 'Recording test', now, now);
    for (let index = 0; index < grains; index += 1) {
      const grainId = randomUUID();
      grainIds.push(grainId);
      db.prepare('INSERT INTO grains (id, capsule_id, position) VALUES (?, ?, ?)').run(grainId, capsuleId, index);
      db.prepare('INSERT INTO slides (id, capsule_id, grain_id, position, prompt, image_file, thumb_file, width, height) VALUES (?, ?, ?, 0, ?, ?, ?, 1920, 1080)').run(
        randomUUID(),
        capsuleId,
        grainId,
        'First sentence.\nSecond sentence.',
        `slides/${index}.png`,
        `slides/${index}.thumb.png`,
      );
    }
  })();
  return { capsuleId, grainIds };
}
