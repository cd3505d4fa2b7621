// Runs in Node (tests). The live StudioApi on a real library: stream profiles with their keys in the
// secret store (never listed, never logged), a WebM program stream sent chunk by chunk like the renderer
// does, pushed to a real nginx-rtmp and recorded locally into a `live_recording` capsule.
import { existsSync, mkdirSync, readFileSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveHealth } from '../../src/shared/domain/live';
import { StudioError } from '../../src/shared/errors';
import { createStudio, type Studio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { LiveService, liveRecordingsRoot } from '../../src/main/live/liveService';
import { LIVE_RECORDING_FILE } from '../../src/main/live/liveRecording';
import { runFfmpeg, probeMedia } from '../../src/main/ffmpeg/ffmpeg';
import { NginxRtmp } from '../support/nginxRtmp';
import { tempDir } from '../support/tempDir';

let studio: Studio;
let nginx: NginxRtmp;
const logLines: string[] = [];
const work = tempDir('capsule-live-service-');
const programFile = path.join(work, 'program.webm');

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    return (error as StudioError).code;
  }
}

beforeAll(async () => {
  nginx = await NginxRtmp.start({ record: true });
  studio = await createStudio({ libraryDir: tempDir('capsule-live-lib-'), binding: 'cli', log: createLogger((line) => logLines.push(line)), startJobs: false });
  // What MediaRecorder hands over: WebM, VP8 + Opus.
  await runFfmpeg([
    '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '4', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '600k', '-c:a', 'libopus', '-f', 'webm', '-y', programFile,
  ]);
});

afterAll(async () => {
  await studio?.close();
  await nginx?.dispose();
});

describe('stream profiles', () => {
  it('keep the stream key in the secret store and only say that one exists', async () => {
    const calls = studio.calls;
    const saved = await calls.saveStreamProfile({ name: 'Amphi A', serverUrl: nginx.url('', 'live').replace(/\/$/, ''), streamKey: 'amphi-a-secret-77' });
    expect(saved.hasStreamKey).toBe(true);
    expect(JSON.stringify(await calls.listStreamProfiles())).not.toContain('amphi-a-secret-77');
    expect(await studio.context.secrets.get(`live.streamKey.${saved.id}`)).toBe('amphi-a-secret-77');

    const renamed = await calls.saveStreamProfile({ id: saved.id, name: 'Amphi A (main)', serverUrl: saved.serverUrl });
    expect(renamed.hasStreamKey).toBe(true);
    expect(await codeOf(calls.saveStreamProfile({ name: 'Amphi A (main)', serverUrl: 'rtmp://x.example/live/k' }))).toBe('LIVE_PROFILE_NAME');
    expect(await codeOf(calls.saveStreamProfile({ name: 'Bad', serverUrl: 'https://x.example/live' }))).toBe('LIVE_BAD_URL');
    // Without a key, the server URL must name the stream.
    expect(await codeOf(calls.saveStreamProfile({ name: 'No key', serverUrl: 'rtmp://x.example/live' }))).toBe('LIVE_BAD_URL');

    const other = await calls.saveStreamProfile({ name: 'Backup', serverUrl: 'rtmp://backup.example/live/room1' });
    expect(other.hasStreamKey).toBe(false);
    await calls.deleteStreamProfile(other.id);
    expect((await calls.listStreamProfiles()).map((profile) => profile.name)).toEqual(['Amphi A (main)']);
    expect(await codeOf(calls.deleteStreamProfile(other.id))).toBe('LIVE_PROFILE_NOT_FOUND');
  });
});

describe('a live session fed chunk by chunk', () => {
  it('pushes the program to nginx, records it, and turns the recording into a live_recording capsule', async () => {
    const calls = studio.calls;
    const [profile] = await calls.listStreamProfiles();
    const healths: LiveHealth[] = [];
    const unsubscribe = studio.context.events.subscribe((name, payload) => {
      if (name === 'live.health') healths.push(payload as LiveHealth);
    });
    const info = await calls.startLive({ profileIds: [profile!.id], mime: 'video/webm;codecs=vp8,opus', record: true, title: 'Cours en direct' });
    expect(info.targets[0]).not.toContain('amphi-a-secret-77');
    expect(info.recording).toBe(true);
    expect(info.encoding.resolution).toBe('1280x720');
    expect((await calls.listLiveSessions()).map((session) => session.sessionId)).toEqual([info.sessionId]);

    const bytes = readFileSync(programFile);
    const chunkSize = 48 * 1024;
    let seq = 0;
    for (let offset = 0; offset < bytes.length; offset += chunkSize) {
      await calls.liveAppend(info.sessionId, seq, new Uint8Array(bytes.subarray(offset, offset + chunkSize)));
      seq += 1;
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    expect(await codeOf(calls.liveAppend(info.sessionId, seq + 5, new Uint8Array(10)))).toBe('LIVE_CHUNK_ORDER');
    const during = await calls.getLiveHealth(info.sessionId);
    expect(during.inputBytes).toBe(bytes.length);

    const result = await calls.stopLive(info.sessionId);
    unsubscribe();
    expect(result.health.state).toBe('stopped');
    expect(result.health.reconnects).toBe(0);
    expect(healths.at(-1)?.state).toBe('stopped');
    expect(await codeOf(calls.getLiveHealth(info.sessionId))).toBe('LIVE_NOT_RUNNING');

    // What nginx received: H.264 + AAC at the program size.
    const [received] = nginx.recordings();
    const probe = await probeMedia(received!);
    const video = probe.streams.find((stream) => stream.codec_type === 'video')!;
    expect(video.codec_name).toBe('h264');
    expect([video.width, video.height]).toEqual([1280, 720]);
    expect(probe.streams.find((stream) => stream.codec_type === 'audio')?.codec_name).toBe('aac');
    expect(Number(probe.format.duration)).toBeGreaterThan(3);

    // The local recording is a capsule of kind live_recording.
    expect(result.recordingCapsuleId).not.toBeNull();
    const capsule = await calls.getCapsule(result.recordingCapsuleId!);
    expect(capsule.kind).toBe('live_recording');
    expect(capsule.title).toBe('Cours en direct');
    expect(capsule.grains[0]!.slides).toHaveLength(1);
    const meta = studio.context.library.metadata(capsule.id) as { liveRecording: { file: string; durationSec: number; targets: string[] } };
    expect(meta.liveRecording.durationSec).toBeGreaterThan(3);
    expect(meta.liveRecording.targets[0]).not.toContain('amphi-a-secret-77');
    const recorded = await probeMedia(path.join(capsule.directory, meta.liveRecording.file));
    expect(recorded.streams.map((stream) => stream.codec_name).sort()).toEqual(['aac', 'h264']);

    const row = studio.database.prepare('SELECT ended_at, recording_capsule_id FROM live_sessions WHERE id = ?').get(info.sessionId) as { ended_at: string | null; recording_capsule_id: string };
    expect(row.ended_at).not.toBeNull();
    expect(row.recording_capsule_id).toBe(capsule.id);
    expect(logLines.join('\n')).not.toContain('amphi-a-secret-77');
  });

  it('refuses a start without any target, and bad settings', async () => {
    expect(await codeOf(studio.calls.startLive({ mime: 'video/webm' }))).toBe('LIVE_NO_TARGET');
    expect(await codeOf(studio.calls.startLive({ mime: 'video/webm', urls: ['rtmp://127.0.0.1:1/live'] }))).toBe('LIVE_BAD_URL');
    expect(await codeOf(studio.calls.stopLive('nope'))).toBe('LIVE_NOT_RUNNING');
  });

  it('recovers a recording an interrupted stream left behind, and leaves fresh ones alone', async () => {
    const root = liveRecordingsRoot(studio.context.libraryDir);
    const old = path.join(root, 'crashed-session');
    const fresh = path.join(root, 'running-elsewhere');
    for (const dir of [old, fresh]) {
      mkdirSync(dir, { recursive: true });
      await runFfmpeg(['-i', programFile, '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-f', 'matroska', '-y', path.join(dir, LIVE_RECORDING_FILE)]);
    }
    const empty = path.join(root, 'nothing-recorded');
    mkdirSync(empty, { recursive: true });
    const longAgo = new Date(Date.now() - 10 * 60 * 1000);
    for (const target of [path.join(old, LIVE_RECORDING_FILE), old, empty]) utimesSync(target, longAgo, longAgo);

    const before = (await studio.calls.listCapsules()).length;
    const recovered = await new LiveService(studio.context).recovery;
    expect(recovered).toHaveLength(1);
    const capsule = await studio.calls.getCapsule(recovered[0]!);
    expect(capsule.kind).toBe('live_recording');
    expect(capsule.title).toMatch(/\(recovered\)$/);
    expect((await studio.calls.listCapsules()).length).toBe(before + 1);
    expect(readFileSync(path.join(capsule.directory, LIVE_RECORDING_FILE)).length).toBeGreaterThan(0);
    // Still being written by another process: untouched. Empty and abandoned: removed.
    expect(readFileSync(path.join(fresh, LIVE_RECORDING_FILE)).length).toBeGreaterThan(0);
    expect(existsSync(empty)).toBe(false);
  });
});
