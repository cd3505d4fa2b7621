// Runs in Node (tests). A live push to a REAL nginx-rtmp on loopback: the stream read back with ffprobe
// (codecs, size, a keyframe every 2 s), then nginx stopped for 5 s and started again: the push resumes by
// itself and the health counts exactly one reconnect. Also: a refused stream turns the health red.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveHealth } from '../../src/shared/domain/live';
import { DEFAULT_LIVE_ENCODING } from '../../src/shared/domain/live';
import { createLogger } from '../../src/main/log';
import { LiveSession } from '../../src/main/live/liveSession';
import { probeMedia } from '../../src/main/ffmpeg/ffmpeg';
import { NginxRtmp } from '../support/nginxRtmp';
import { keyframeIntervals, readBack } from '../support/rtmpProbe';
import { tempDir } from '../support/tempDir';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

let nginx: NginxRtmp;
const work = tempDir('capsule-live-');
const logLines: string[] = [];
const log = createLogger((line) => logLines.push(line));

beforeAll(async () => {
  nginx = await NginxRtmp.start({ record: true });
});

afterAll(async () => {
  await nginx?.dispose();
});

describe('live push to nginx-rtmp', () => {
  it('delivers H.264/AAC at 1280x720 with a keyframe every 2 s, survives a 5 s server outage, and records locally', async () => {
    const secretKey = 'lecture-key-6f1c2a';
    const url = nginx.url(secretKey);
    const healths: LiveHealth[] = [];
    const recordPath = path.join(work, 'program.mkv');
    const session = await LiveSession.start({
      sessionId: 'push1',
      input: { kind: 'testsrc' },
      rtmpUrls: [url],
      encoding: { ...DEFAULT_LIVE_ENCODING, videoKbps: 1200, audioSampleRate: 44100 },
      recordPath,
      durationSec: null,
      workDir: work,
      log,
      reconnect: { waitSec: 1, queueSize: 250 },
      onHealth: (health) => healths.push(health),
      healthIntervalMs: 250,
    });
    try {
      // The stream key never reaches FFmpeg's command line (the process list), only the relay.
      if (existsSync(`/proc/${session.pid}/cmdline`)) {
        const argv = readFileSync(`/proc/${session.pid}/cmdline`, 'utf8');
        expect(argv).toContain('rtmp://127.0.0.1:');
        expect(argv).not.toContain(secretKey);
      }
      // Read the live stream back from the server while it is being pushed.
      const live = await readBack(url, 7);
      expect(live.video?.codec_name).toBe('h264');
      expect(live.video?.width).toBe(1280);
      expect(live.video?.height).toBe(720);
      expect(live.audio?.codec_name).toBe('aac');
      expect(live.audio?.sample_rate).toBe('44100');
      expect(live.keyframeTimes.length).toBeGreaterThanOrEqual(2);
      for (const gap of keyframeIntervals(live.keyframeTimes)) expect(gap).toBeCloseTo(2, 1);

      await waitFor('a green state', () => session.health().state === 'live', 10_000);
      const before = session.health();
      expect(before.alarm).toBe(false);
      expect(before.reconnects).toBe(0);
      expect(before.bitrateKbps).toBeGreaterThan(200);
      expect(before.fps).toBeGreaterThan(15);

      // The server goes away for 5 s.
      await nginx.stop();
      await waitFor('a red state while the server is down', () => session.health().state === 'reconnecting', 8000);
      const down = session.health();
      expect(down.alarm).toBe(true);
      expect(down.bitrateKbps).toBe(0);
      expect(down.message).toMatch(/cannot be reached/);
      await sleep(5000 - 1000);
      await nginx.restart();

      await waitFor('the push to resume', () => session.health().state === 'live', 15_000);
      const after = session.health();
      expect(after.reconnects).toBe(1);
      expect(after.targets[0]!.reconnects).toBe(1);
      expect(after.droppedFrames).toBeGreaterThan(0);
      const resumed = await readBack(url, 3);
      expect(resumed.video?.codec_name).toBe('h264');
      expect(resumed.videoPackets).toBeGreaterThan(25);
    } finally {
      await session.stop();
    }
    const final = await session.finished;
    expect(final.state).toBe('stopped');
    expect(final.reconnects).toBe(1);
    expect(healths.some((health) => health.state === 'reconnecting')).toBe(true);
    expect(final.uptimeSec).toBeGreaterThan(10);

    // nginx recorded one file per publish, under the real stream name: before and after the outage.
    expect(nginx.recordings().length).toBe(2);
    for (const file of nginx.recordings()) expect(path.basename(file)).toMatch(new RegExp(`^${secretKey}-\\d+\\.flv$`));
    // The local recording holds the whole program, outage included.
    const recorded = await probeMedia(recordPath);
    expect(recorded.streams.map((stream) => stream.codec_name).sort()).toEqual(['aac', 'h264']);
    expect(Number(recorded.format.duration)).toBeGreaterThan(final.uptimeSec - 4);

    // The stream key never reached the log.
    expect(logLines.join('\n')).not.toContain(secretKey);
    expect(logLines.join('\n')).toContain('live push starting');
  });

  it('turns red when the server refuses the stream, and stops cleanly', async () => {
    const session = await LiveSession.start({
      sessionId: 'refused1',
      input: { kind: 'testsrc' },
      rtmpUrls: [nginx.url('some-key', 'no-such-application')],
      encoding: { ...DEFAULT_LIVE_ENCODING, videoKbps: 600 },
      recordPath: null,
      durationSec: null,
      workDir: work,
      log,
      reconnect: { waitSec: 1, queueSize: 50 },
      healthIntervalMs: 250,
    });
    try {
      await waitFor('a refused state', () => session.health().state === 'refused', 10_000);
      const health = session.health();
      expect(health.alarm).toBe(true);
      expect(health.targets[0]!.state).toBe('refused');
      expect(health.message).toMatch(/refuses the stream/);
      expect(health.targets[0]!.url).not.toContain('some-key');
    } finally {
      await session.stop();
    }
    expect((await session.finished).state).toBe('stopped');
  });
});
