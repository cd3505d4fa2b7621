// Runs in Node (tests). A real studio (SQLite library, job queue) wired to a fake Pod on loopback,
// with the publish job's timings shortened so error paths run in milliseconds.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createStudio, type Studio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { runFfmpeg } from '../../src/main/ffmpeg/ffmpeg';
import { PodService } from '../../src/main/pod/podService';
import type { PublishJobConfig } from '../../src/main/pod/publishJob';
import type { PodMetadata, PodProfile } from '../../src/shared/domain/pod';
import { EMPTY_POD_METADATA } from '../../src/shared/domain/pod';
import { startPodServer, type PodServer, type PodServerOptions } from './podServer/server';
import { STAFF_TOKEN } from './podServer/state';

export const FAST_CONFIG: Partial<PublishJobConfig> = {
  pollFirstMs: 5,
  pollMaxMs: 20,
  stuckAfterMs: 400,
  maxAttempts: 1,
  timeouts: { connectMs: 2_000, idleMs: 1_500, responseMs: 3_000 },
};

export interface PodTestBed {
  studio: Studio;
  pod: PodService;
  server: PodServer;
  profile: PodProfile;
  close(): Promise<void>;
}

export const quietLog = createLogger(() => undefined);

export async function openPodTestBed(libraryDir: string, options: { server?: PodServerOptions; config?: Partial<PublishJobConfig>; token?: string; username?: string; existingServer?: PodServer } = {}): Promise<PodTestBed> {
  const server = options.existingServer ?? (await startPodServer(options.server));
  const studio = await createStudio({ libraryDir, binding: 'cli', log: quietLog, startJobs: false });
  // Registers the 'publish' job again with the shortened timings (the queue keeps the last handler of a kind),
  // before the queue starts, so a job left by a previous run resumes with them.
  const pod = new PodService(studio.context, { ...FAST_CONFIG, ...options.config });
  studio.context.jobs.start();
  const existing = pod.profiles.findByName('Test Pod');
  const profile = await pod.saveProfile({ id: existing?.id, name: 'Test Pod', baseUrl: server.url, username: options.username ?? 'jdoe', token: options.token ?? STAFF_TOKEN });
  return {
    studio,
    pod,
    server,
    profile,
    async close() {
      await studio.close();
      if (!options.existingServer) await server.close();
    },
  };
}

/** A real MP4 (H.264 + AAC) made by FFmpeg. */
export async function makeMp4(file: string, seconds = 2): Promise<{ path: string; sha256: string; size: number }> {
  await runFfmpeg(
    ['-f', 'lavfi', '-i', `testsrc=size=160x120:rate=10`, '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=22050', '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-y', file],
    { label: 'test mp4' },
  );
  const bytes = readFileSync(file);
  return { path: file, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}

export function writeVtt(dir: string, name = 'captions.vtt'): string {
  const file = path.join(dir, name);
  writeFileSync(file, 'WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour à tous.\n\n00:01.000 --> 00:02.000\nVoici le plan.\n');
  return file;
}

export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export function metadata(patch: Partial<PodMetadata> = {}): PodMetadata {
  return {
    ...EMPTY_POD_METADATA,
    title: 'Capsule 1 – Introduction',
    description: 'Résumé de la capsule.\n\nDeuxième paragraphe.',
    dateEvt: '2025-03-14',
    type: '/rest/types/1/',
    disciplines: ['/rest/discipline/3/', '/rest/discipline/13/'],
    channels: ['/rest/channels/5/'],
    themes: ['/rest/themes/9/'],
    licence: 'by-nc-sa',
    mainLang: 'fr',
    isDraft: false,
    allowDownloading: true,
    ...patch,
  };
}

export { startPodServer, STAFF_TOKEN };
