// Runs in Node (tests). The crash test: a process recording a take (real-time WebM appended every
// 500 ms, events every second) is killed with SIGKILL mid-take. The next start finds the take,
// repairs it and offers it back: playable, with its events, losing at most 1.5 s of what was recorded.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/studio';
import { openDatabase } from '../../src/main/library/database';
import { createLogger } from '../../src/main/log';
import { runFfmpegCapture } from '../../src/main/ffmpeg/ffmpeg';
import type { StudioEvents } from '../../src/shared/api/studioApi';
import { seedCapsule } from '../support/recordingMedia';
import { repoRoot, tempDir } from '../support/tempDir';

interface Report {
  type: string;
  mediaMs?: number;
  at?: number;
  takeId?: string;
  startedAt?: number;
  encoderPid?: number;
  seq?: number;
  elapsedMs?: number;
  message?: string;
}

const killList: number[] = [];
afterAll(() => {
  for (const pid of killList) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone, as expected after the test killed it.
    }
  }
});

describe('crash in the middle of a take', () => {
  it('recovers the take after SIGKILL: playable, with its events, at most 1.5 s lost', async () => {
    const libraryDir = path.join(tempDir('capsule-crash-'), 'library');
    const seedDb = openDatabase(libraryDir);
    const { capsuleId, grainIds } = seedCapsule(seedDb);
    seedDb.close();

    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'tests/support/takeRecorderProcess.ts'), libraryDir, capsuleId, grainIds[0]!], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    killList.push(child.pid!);
    const lines = readline.createInterface({ input: child.stdout! });
    let started: Report | null = null;
    let media: Report | null = null;
    const { wallMs, recordedMs } = await new Promise<{ wallMs: number; recordedMs: number }>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the recorder exited early (${code})`)));
      lines.on('line', (line) => {
        const report = JSON.parse(line) as Report;
        if (report.type === 'error') reject(new Error(report.message));
        if (report.type === 'media') media = report;
        if (report.type === 'started') {
          started = report;
          killList.push(report.encoderPid!);
        }
        // Kill between two appends, at a random moment of the next 500 ms: a chunk may be half written.
        if (report.type === 'chunk' && report.elapsedMs! >= 4000) {
          setTimeout(() => {
            lines.removeAllListeners('line');
            child.removeAllListeners('exit');
            child.kill('SIGKILL');
            process.kill(started!.encoderPid!, 'SIGKILL');
            const killedAt = Date.now();
            // Media produced until the kill: the last progress report plus the time since, at real-time pace.
            resolve({ wallMs: killedAt - started!.startedAt!, recordedMs: media!.mediaMs! + (killedAt - media!.at!) });
          }, Math.random() * 500);
        }
      });
    });
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));
    expect(child.signalCode).toBe('SIGKILL');

    const studio: Studio = await createStudio({ libraryDir, binding: 'cli', log: createLogger(() => undefined) });
    try {
      const recovered = await new Promise<StudioEvents['take.recovered']>((resolve) => {
        studio.context.events.subscribe((name, payload) => {
          if (name === 'take.recovered') resolve(payload as StudioEvents['take.recovered']);
        });
      });
      expect(recovered).toMatchObject({ id: started!.takeId, state: 'ready', recovery: 'pending', hasVideo: true, hasAudio: true, isActive: true });
      expect(recovered.durationMs!).toBeGreaterThanOrEqual(recordedMs - 1500);
      expect(recovered.durationMs!).toBeLessThanOrEqual(recordedMs + 500);
      // The events saved as they happened survived the crash (one a second).
      expect(recovered.events.length).toBeGreaterThanOrEqual(3);
      expect(recovered.events.every((event) => event.type === 'next_sentence')).toBe(true);
      const { stderr } = await runFfmpegCapture(['-v', 'error', '-i', recovered.path, '-f', 'null', '-']);
      expect(stderr.trim()).toBe('');
      expect(await studio.calls.listRecoveredTakes(undefined)).toMatchObject([{ id: started!.takeId }]);
      console.log(`crash test: recorded ${recordedMs} ms of media (${wallMs} ms of wall time), recovered ${recovered.durationMs} ms, lost ${recordedMs - recovered.durationMs!} ms`);
    } finally {
      await studio.close();
    }
  });
});
