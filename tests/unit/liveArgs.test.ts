// Runs in Node (tests). The live push's FFmpeg arguments, its log and statistics parsers, and the health
// state machine, replayed from lines FFmpeg 5.1 really prints.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIVE_ENCODING } from '../../src/shared/domain/live';
import { StudioError } from '../../src/shared/errors';
import { buildLivePushArgs, joinRtmpUrl, liveVideoFilter, rtmpTeeSlave, teeEscape, validateRtmpUrl } from '../../src/main/live/liveArgs';
import { LineSplitter, isRefusal, parseLiveLogLine, parseVstatsLine } from '../../src/main/live/ffmpegLiveLog';
import { CONNECT_GRACE_MS, LiveHealthTracker } from '../../src/main/live/liveHealth';
import type { FfmpegProgress } from '../../src/main/ffmpeg/progress';

function valueAfter(args: string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
}

describe('buildLivePushArgs', () => {
  const base = {
    input: { kind: 'pipe' as const, mime: 'video/webm;codecs=vp8,opus' },
    rtmpUrls: ['rtmp://live.example.edu/live/amphi-a'],
    encoding: DEFAULT_LIVE_ENCODING,
    recordPath: null,
    vstatsPath: '/tmp/s.vstats',
    durationSec: null,
  };

  it('encodes once to H.264 with a 2 s GOP and AAC, and sends FLV through a recovering fifo', () => {
    const args = buildLivePushArgs(base);
    expect(valueAfter(args, '-i')).toBe('pipe:0');
    expect(valueAfter(args, '-c:v')).toBe('libx264');
    expect(valueAfter(args, '-g')).toBe('50');
    expect(valueAfter(args, '-keyint_min')).toBe('50');
    expect(valueAfter(args, '-sc_threshold')).toBe('0');
    expect(valueAfter(args, '-c:a')).toBe('aac');
    expect(valueAfter(args, '-ar')).toBe('48000');
    expect(valueAfter(args, '-flags')).toBe('+global_header');
    expect(valueAfter(args, '-f')).toBe('matroska');
    expect(args[args.length - 2]).toBe('tee');
    const slave = args[args.length - 1]!;
    for (const option of ['f=fifo', 'fifo_format=flv', 'attempt_recovery=1', 'recover_any_error=1', 'drop_pkts_on_overflow=1', 'restart_with_keyframe=1', 'onfail=ignore']) {
      expect(slave).toContain(option);
    }
    expect(slave.endsWith(']rtmp://live.example.edu/live/amphi-a')).toBe(true);
    expect(valueAfter(args, '-vstats_file')).toBe('/tmp/s.vstats');
    expect(args).not.toContain('-t');
  });

  it('sends to several targets and records locally from the same encode', () => {
    const args = buildLivePushArgs({ ...base, rtmpUrls: ['rtmp://a.example/live/k1', 'rtmps://b.example/app/k2'], recordPath: '/lib/staging/live|1/program.mkv', durationSec: 30 });
    const slaves = args[args.length - 1]!;
    expect(slaves.split(/(?<!\\)\|/)).toHaveLength(3);
    expect(slaves).toContain('[f=matroska:onfail=ignore]/lib/staging/live\\|1/program.mkv');
    expect(args.filter((arg) => arg === 'libx264')).toHaveLength(1);
    expect(valueAfter(args, '-t')).toBe('30');
  });

  it('uses a keyframe every 2 s at any frame rate, and 1080p when asked', () => {
    const args = buildLivePushArgs({ ...base, encoding: { ...DEFAULT_LIVE_ENCODING, fps: 30, resolution: '1920x1080', audioSampleRate: 44100 } });
    expect(valueAfter(args, '-g')).toBe('60');
    expect(valueAfter(args, '-ar')).toBe('44100');
    expect(valueAfter(args, '-vf')).toContain('scale=1920:1080');
  });

  it('reads a test source or a looped file at real time', () => {
    const testsrc = buildLivePushArgs({ ...base, input: { kind: 'testsrc' } });
    expect(testsrc.filter((arg) => arg === 'lavfi')).toHaveLength(2);
    expect(testsrc).toContain('-re');
    const file = buildLivePushArgs({ ...base, input: { kind: 'file', path: '/media/lecture.mp4', loop: true } });
    expect(valueAfter(file, '-stream_loop')).toBe('-1');
    expect(valueAfter(file, '-i')).toBe('/media/lecture.mp4');
  });

  it('refuses bad targets and settings with stable codes', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return (error as StudioError).code;
      }
      return null;
    };
    expect(code(() => buildLivePushArgs({ ...base, rtmpUrls: ['http://example.edu/live/x'] }))).toBe('LIVE_BAD_URL');
    expect(code(() => buildLivePushArgs({ ...base, rtmpUrls: ['rtmp://example.edu/onlyapp'] }))).toBe('LIVE_BAD_URL');
    expect(code(() => buildLivePushArgs({ ...base, rtmpUrls: ['rtmp://example.edu/live/a|b'] }))).toBe('LIVE_BAD_URL');
    expect(code(() => buildLivePushArgs({ ...base, rtmpUrls: [] }))).toBe('LIVE_NO_TARGET');
    expect(code(() => buildLivePushArgs({ ...base, encoding: { ...DEFAULT_LIVE_ENCODING, resolution: '640x360' as never } }))).toBe('LIVE_BAD_SETTINGS');
    expect(code(() => buildLivePushArgs({ ...base, encoding: { ...DEFAULT_LIVE_ENCODING, audioSampleRate: 22050 as never } }))).toBe('LIVE_BAD_SETTINGS');
  });

  it('keeps stream keys out of error details', () => {
    try {
      validateRtmpUrl('rtmpx://example.edu/live/SECRETKEY');
    } catch (error) {
      expect(JSON.stringify((error as StudioError).details)).not.toContain('SECRETKEY');
    }
  });

  it('has small helpers that do one thing', () => {
    expect(joinRtmpUrl('rtmp://h/live/', '/key')).toBe('rtmp://h/live/key');
    expect(teeEscape("C:\\a'b|c")).toBe("C:\\\\a\\'b\\|c");
    expect(rtmpTeeSlave('rtmp://h/live/k', { waitSec: 2, queueSize: 10 })).toContain('recovery_wait_time=2:');
    expect(liveVideoFilter(DEFAULT_LIVE_ENCODING)).toContain('fps=25');
  });
});

describe('FFmpeg live log lines', () => {
  it('recognises the fifo muxer lines of FFmpeg 5.1', () => {
    expect(parseLiveLogLine('[fifo @ 0x55daf84fc400] Error opening rtmp://127.0.0.1:19350/live/test: Connection refused')).toEqual({
      type: 'open_failed',
      fifo: '0x55daf84fc400',
      url: 'rtmp://127.0.0.1:19350/live/test',
      reason: 'Connection refused',
    });
    expect(parseLiveLogLine('[fifo @ 0x55daf84fc400] Recovery failed: Connection refused')).toEqual({ type: 'recovery_failed', fifo: '0x55daf84fc400', reason: 'Connection refused' });
    expect(parseLiveLogLine('[fifo @ 0x55daf84fc400] Recovery successful')).toEqual({ type: 'recovered', fifo: '0x55daf84fc400' });
    expect(parseLiveLogLine('[fifo @ 0xabc] FIFO queue full')).toEqual({ type: 'queue_full', fifo: '0xabc' });
    expect(parseLiveLogLine('[fifo @ 0xabc] FIFO queue flushed')).toEqual({ type: 'queue_flushed', fifo: '0xabc' });
    expect(parseLiveLogLine('[tcp @ 0x7fe540004580] Connection to tcp://127.0.0.1:19350?tcp_nodelay=0 failed: Connection refused')).toBeNull();
    expect(parseLiveLogLine('pipe:0: Invalid data found when processing input')?.type).toBe('fatal');
  });

  it('tells a refusal from a network failure', () => {
    expect(isRefusal('Input/output error')).toBe(true);
    expect(isRefusal('Connection refused')).toBe(false);
    expect(isRefusal('Connection timed out')).toBe(false);
  });

  it('parses -vstats_file lines and splits growing text into lines', () => {
    expect(parseVstatsLine('out=  0 st=  0 frame=     1 q= 28.0 f_size=    755 s_size=        4kB time= 0.040 br=   151.0kbits/s avg_br=  3625.6kbits/s type= P')).toEqual({
      frame: 1,
      bytes: 755,
      timeSec: 0.04,
      type: 'P',
    });
    expect(parseVstatsLine('garbage')).toBeNull();
    const splitter = new LineSplitter();
    expect(splitter.push('a\nb')).toEqual(['a']);
    expect(splitter.push('c\r\nd\n')).toEqual(['bc', 'd']);
  });
});

function progress(frame: number, extra: Partial<FfmpegProgress> = {}): FfmpegProgress {
  return { outTimeSec: frame / 25, frame, fps: 25, bitrateKbps: null, speed: 1, dropFrames: 0, dupFrames: 0, totalSize: null, ended: false, ...extra };
}

describe('LiveHealthTracker', () => {
  const url = 'rtmp://127.0.0.1:1935/live/secret-key';

  it('goes green after the grace period, red on a drop, green again with one reconnect', () => {
    const tracker = new LiveHealthTracker('s1', [url], 0, 128);
    tracker.onProgress(progress(10), 400);
    expect(tracker.snapshot(500).state).toBe('connecting');
    tracker.onProgress(progress(60), CONNECT_GRACE_MS + 100);
    // 2 s of 10 kB frames at 25 fps: 400 kbit/s of video, plus the audio.
    tracker.onVstats(Array.from({ length: 50 }, (_, index) => ({ frame: index, bytes: 2000, timeSec: index / 25, type: index % 50 === 0 ? 'I' : 'P' })));
    let health = tracker.snapshot(CONNECT_GRACE_MS + 200);
    expect(health.state).toBe('live');
    expect(health.alarm).toBe(false);
    expect(health.bitrateKbps).toBe(400 + 128);
    expect(health.targets[0]!.url).not.toContain('secret-key');

    tracker.onLog({ type: 'open_failed', fifo: '0x1', url, reason: 'Connection refused' }, 3000);
    tracker.onLog({ type: 'recovery_failed', fifo: '0x1', reason: 'Connection refused' }, 3000);
    tracker.onProgress(progress(160), 7000);
    health = tracker.snapshot(7000);
    expect(health.state).toBe('reconnecting');
    expect(health.alarm).toBe(true);
    expect(health.bitrateKbps).toBe(0);
    expect(health.droppedFrames).toBe(100);
    expect(health.message).toContain('Connection refused');
    expect(health.message).not.toContain('secret-key');

    tracker.onLog({ type: 'recovered', fifo: '0x1' }, 8000);
    tracker.onProgress(progress(200), 8500);
    health = tracker.snapshot(8500);
    expect(health.state).toBe('live');
    expect(health.reconnects).toBe(1);
    expect(health.droppedFrames).toBe(100);
    expect(health.uptimeSec).toBe(8.5);
  });

  it('is red and says why when the server refuses; a failed FFmpeg stays red', () => {
    const tracker = new LiveHealthTracker('s2', [url], 0, 128);
    tracker.onLog({ type: 'open_failed', fifo: '0x2', url, reason: 'Input/output error' }, 100);
    expect(tracker.snapshot(200).state).toBe('refused');
    expect(tracker.snapshot(200).message).toMatch(/refuses the stream/);
    tracker.end('failed', 'FFmpeg failed (live push): pipe:0: Invalid data', 'LIVE_FFMPEG_FAILED');
    const health = tracker.snapshot(300);
    expect(health.state).toBe('failed');
    expect(health.alarm).toBe(true);
    expect(health.errorCode).toBe('LIVE_FFMPEG_FAILED');
  });

  it('attributes recoveries among several targets by the fifo that named its URL', () => {
    const other = 'rtmp://backup.example/live/k2';
    const tracker = new LiveHealthTracker('s3', [url, other], 0, 96);
    tracker.onProgress(progress(60), 2500);
    tracker.onLog({ type: 'open_failed', fifo: '0xb', url: other, reason: 'Connection timed out' }, 3000);
    let health = tracker.snapshot(3000);
    expect(health.targets.map((target) => target.state)).toEqual(['live', 'reconnecting']);
    tracker.onLog({ type: 'recovered', fifo: '0xb' }, 4000);
    health = tracker.snapshot(4000);
    expect(health.targets.map((target) => target.reconnects)).toEqual([0, 1]);
    expect(health.state).toBe('live');
  });

  it('turns red when writes stall (queue full) and green when the writer moves again', () => {
    const tracker = new LiveHealthTracker('s4', [url], 0, 128);
    tracker.onProgress(progress(60), 2500);
    expect(tracker.snapshot(2500).state).toBe('live');
    tracker.onLog({ type: 'queue_full', fifo: '0xc' }, 3000);
    let health = tracker.snapshot(3000);
    expect(health.state).toBe('reconnecting');
    expect(health.message).toContain('stopped taking the stream');
    tracker.onLog({ type: 'queue_flushed', fifo: '0xc' }, 9000);
    health = tracker.snapshot(9000);
    expect(health.state).toBe('live');
    expect(health.reconnects).toBe(0);
    // A flush during a real reconnection (FFmpeg logs it while retrying) does not hide the outage.
    tracker.onLog({ type: 'open_failed', fifo: '0xc', url, reason: 'Connection refused' }, 10_000);
    tracker.onLog({ type: 'queue_flushed', fifo: '0xc' }, 10_500);
    expect(tracker.snapshot(10_500).state).toBe('reconnecting');
    tracker.onLog({ type: 'recovered', fifo: '0xc' }, 12_000);
    expect(tracker.snapshot(12_000).reconnects).toBe(1);
  });
});
