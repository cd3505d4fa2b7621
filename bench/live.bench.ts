// Runs in Node (benchmarks). Live streaming: glass-to-glass latency and the main side's CPU while
// streaming 720p, with the default settings, against the issue's target (< 3 s) and, in the same run,
// against the plain FLV push (https://ffmpeg.org/ffmpeg-formats.html#flv; no tee, no fifo: what the reconnection costs).
//
// Glass: Node draws each 1280x720 frame with the wall clock burned in as black/white blocks
// (liveTimecode.ts), at 25 fps, and an FFmpeg stands in for the renderer's MediaRecorder (H.264 in
// WebM/Matroska as the panel prefers it, a cluster every 250 ms = the panel's timeslice). Its chunks go to
// the push exactly as `liveAppend` does. A third run feeds the raw frames straight to the push: the main
// side's own share of the latency, without the renderer's encode.
// Glass again: a player-like FFmpeg pulls the stream back from a real nginx-rtmp, decodes it with low
// delay, and Node reads the blocks of every frame and compares them with the clock.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LIVE_ENCODING } from '../src/shared/domain/live';
import { ffmpegBinaries, runFfmpegCapture, startFfmpeg, type FfmpegHandle } from '../src/main/ffmpeg/ffmpeg';
import { createLogger } from '../src/main/log';
import { LiveSession } from '../src/main/live/liveSession';
import { NginxRtmp } from '../tests/support/nginxRtmp';
import { drawTimecode, elapsedMod32, readTimecode, timecodeLayout } from './liveTimecode';

const WIDTH = 1280;
const HEIGHT = 720;
const FPS = DEFAULT_LIVE_ENCODING.fps;
const WARMUP_MS = 4000;
const MEASURE_MS = 12_000;
const TARGET_LATENCY_MS = 3000;
const PULL_WIDTH = 320;
const PULL_HEIGHT = 20;
const CODE_HEIGHT = 80;

interface Pusher {
  name: string;
  pid: number | undefined;
  write(chunk: Uint8Array): Promise<void>;
  stop(): Promise<void>;
}

interface Measurement {
  name: string;
  latencies: number[];
  unreadable: number;
  cpuPercent: number | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU time (s) a process has used, from /proc (Linux); null elsewhere. */
function cpuSeconds(pid: number | undefined): number | null {
  if (!pid || !existsSync(`/proc/${pid}/stat`)) return null;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // After "pid (comm) ": state is field 0, utime field 11, stime field 12 (clock ticks, 100 a second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function studioPusher(url: string, workDir: string, raw = false): Promise<Pusher> {
  const session = await LiveSession.start({
    sessionId: raw ? 'bench-studio-raw' : 'bench-studio',
    input: raw ? { kind: 'rawvideo', pixelFormat: 'gray', width: WIDTH, height: HEIGHT, fps: FPS } : { kind: 'pipe', mime: 'video/webm;codecs=h264,opus' },
    rtmpUrls: [url],
    encoding: DEFAULT_LIVE_ENCODING,
    recordPath: null,
    durationSec: null,
    workDir,
    log: createLogger(() => undefined),
  });
  let seq = 0;
  return {
    name: raw ? 'Studio push fed raw frames (main side only, no renderer encode)' : 'Studio push (default settings: loopback key relay, tee + fifo with reconnection, 720p25, 2.5 Mb/s, veryfast)',
    pid: session.pid,
    write: (chunk) => session.append(seq++, chunk),
    stop: async () => {
      await session.stop();
    },
  };
}

/** The plain FLV push (https://ffmpeg.org/ffmpeg-formats.html#flv), fed the same WebM on stdin. */
async function referencePusher(url: string): Promise<Pusher> {
  const handle: FfmpegHandle = await startFfmpeg([
    '-f', 'matroska', '-i', 'pipe:0',
    '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p',
    '-b:v', '2500k', '-maxrate', '2500k', '-bufsize', '5000k', '-g', '50', '-keyint_min', '50', '-sc_threshold', '0',
    '-c:a', 'aac', '-b:a', '128k', '-ar', '44100', '-ac', '2',
    '-f', 'flv', '-flvflags', 'no_duration_filesize', url,
  ]);
  const stdin = handle.input!;
  return {
    name: 'Reference: plain `-f flv` push (https://ffmpeg.org/ffmpeg-formats.html#flv, no reconnection)',
    pid: handle.process.pid,
    write: (chunk) => new Promise((resolve, reject) => stdin.write(chunk, (error) => (error ? reject(error) : resolve()))),
    stop: async () => {
      stdin.end();
      // The reference push ends with a non-zero code when its input stops mid-stream: expected here.
      await handle.done.catch(() => undefined);
    },
  };
}

/**
 * Two seconds of FFmpeg's moving test pattern as gray frames: a program with texture and motion, so the
 * encoders work as hard as on a real slide + camera picture (a flat frame costs x264 next to nothing).
 */
async function backgroundFrames(): Promise<Buffer[]> {
  const { stdout } = await runFfmpegCapture(['-f', 'lavfi', '-i', `testsrc2=size=${WIDTH}x${HEIGHT}:rate=${FPS}`, '-t', '2', '-pix_fmt', 'gray', '-f', 'rawvideo', 'pipe:1'], { label: 'live bench background' });
  const size = WIDTH * HEIGHT;
  const frames: Buffer[] = [];
  for (let offset = 0; offset + size <= stdout.length; offset += size) frames.push(stdout.subarray(offset, offset + size));
  if (frames.length === 0) throw new Error('the live bench background has no frames');
  return frames;
}

/**
 * The renderer stand-in: textured frames with the clock burned in → H.264 in Matroska, a cluster every
 * 250 ms (or, `raw`, the frames themselves, as they are drawn).
 */
function startGenerator(ffmpeg: string, background: Buffer[], raw: boolean, onChunk: (chunk: Buffer) => void): { stop(): void } {
  const child: ChildProcess | null = raw ? null : spawn(ffmpeg, [
    '-hide_banner', '-loglevel', 'error',
    '-f', 'rawvideo', '-pixel_format', 'gray', '-video_size', `${WIDTH}x${HEIGHT}`, '-framerate', String(FPS), '-i', 'pipe:0',
    '-re', '-f', 'lavfi', '-i', 'anullsrc=channel_layout=stereo:sample_rate=48000',
    '-map', '0:v', '-map', '1:a', '-shortest',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-b:v', '4M', '-g', String(FPS * 2), '-pix_fmt', 'yuv420p',
    '-c:a', 'libopus', '-b:a', '128k',
    '-f', 'matroska', '-live', '1', '-cluster_time_limit', '250', '-flush_packets', '1', 'pipe:1',
  ], { stdio: ['pipe', 'pipe', 'pipe'] });
  child?.stdout!.on('data', onChunk);
  child?.stdin!.on('error', () => undefined); // the generator may close first at the end of the run
  const layout = timecodeLayout(WIDTH, HEIGHT);
  const code = Buffer.alloc(WIDTH * HEIGHT);
  const started = Date.now();
  let written = 0;
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - started) * FPS) / 1000) + 1;
    // Normally one frame a tick; after a stall, catch up so the stream's clock stays real time.
    while (written < due) {
      const frame = Buffer.from(background[written % background.length]!);
      drawTimecode(code, layout, Date.now());
      code.copy(frame, 0, 0, WIDTH * CODE_HEIGHT);
      if (child) child.stdin!.write(frame);
      else onChunk(frame);
      written += 1;
    }
  }, 1000 / FPS / 2);
  return {
    stop() {
      clearInterval(timer);
      if (!child) return;
      child.stdin!.end();
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    },
  };
}

/** The viewer stand-in: pulls from nginx with low delay and reads the clock of every frame. */
function startPuller(ffmpeg: string, url: string, onFrame: (value: number | null, receivedAt: number) => void): ChildProcess {
  const child = spawn(ffmpeg, [
    '-hide_banner', '-loglevel', 'error',
    '-fflags', 'nobuffer', '-flags', 'low_delay', '-probesize', '32768', '-analyzeduration', '0', '-rw_timeout', '15000000',
    '-i', url,
    '-an', '-vf', `crop=${WIDTH}:${CODE_HEIGHT}:0:0,scale=${PULL_WIDTH}:${PULL_HEIGHT}:flags=area,format=gray`,
    '-f', 'rawvideo', 'pipe:1',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  const frameBytes = PULL_WIDTH * PULL_HEIGHT;
  const drawn = { ...timecodeLayout(WIDTH, HEIGHT), height: CODE_HEIGHT };
  let pending = Buffer.alloc(0);
  child.stdout.on('data', (chunk: Buffer) => {
    const receivedAt = Date.now();
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= frameBytes) {
      onFrame(readTimecode(pending.subarray(0, frameBytes), PULL_WIDTH, PULL_HEIGHT, drawn), receivedAt);
      pending = pending.subarray(frameBytes);
    }
  });
  return child;
}

async function measure(nginx: NginxRtmp, streamName: string, background: Buffer[], raw: boolean, makePusher: (url: string) => Promise<Pusher>): Promise<Measurement> {
  const { ffmpeg } = await ffmpegBinaries();
  const url = nginx.url(streamName);
  const pusher = await makePusher(url);
  let chain = Promise.resolve();
  const latencies: number[] = [];
  let unreadable = 0;
  let measuring = false;
  let refusedWhileMeasuring: unknown = null;
  const generator = startGenerator(ffmpeg, background, raw, (chunk) => {
    // A write refused at the very end (the pusher stopping first) must not stop the chain; one
    // refused while measuring would skew the figures, so it fails the benchmark below.
    chain = chain
      .then(() => pusher.write(new Uint8Array(chunk)))
      .catch((error: unknown) => {
        if (measuring) refusedWhileMeasuring ??= error;
      });
  });
  await sleep(1500);
  const puller = startPuller(ffmpeg, url, (value, receivedAt) => {
    if (!measuring) return;
    if (value === null) unreadable += 1;
    else latencies.push(elapsedMod32(value, receivedAt));
  });
  try {
    await sleep(WARMUP_MS);
    measuring = true;
    const cpuStart = cpuSeconds(pusher.pid);
    const wallStart = Date.now();
    await sleep(MEASURE_MS);
    const cpuEnd = cpuSeconds(pusher.pid);
    measuring = false;
    if (refusedWhileMeasuring) throw new Error(`the ${pusher.name} push refused program data while measuring: ${(refusedWhileMeasuring as Error).message}`);
    const cpuPercent = cpuStart !== null && cpuEnd !== null ? ((cpuEnd - cpuStart) / ((Date.now() - wallStart) / 1000)) * 100 : null;
    return { name: pusher.name, latencies: latencies.sort((a, b) => a - b), unreadable, cpuPercent };
  } finally {
    puller.kill('SIGKILL');
    generator.stop();
    await chain;
    await pusher.stop();
  }
}

function row(m: Measurement): string {
  const ms = (value: number) => (Number.isFinite(value) ? `${(value / 1000).toFixed(2)} s` : 'n/a');
  return `| ${m.name} | ${m.latencies.length} (${m.unreadable} unreadable) | ${ms(percentile(m.latencies, 50))} | ${ms(percentile(m.latencies, 95))} | ${ms(m.latencies.at(-1) ?? NaN)} | ${m.cpuPercent === null ? 'n/a' : `${m.cpuPercent.toFixed(0)} %`} |`;
}

export async function runLiveBench(): Promise<string> {
  const nginx = await NginxRtmp.start();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'capsule-live-bench-'));
  try {
    const background = await backgroundFrames();
    const studio = await measure(nginx, 'bench-studio', background, false, (url) => studioPusher(url, workDir));
    const reference = await measure(nginx, 'bench-reference', background, false, referencePusher);
    const mainOnly = await measure(nginx, 'bench-studio-raw', background, true, (url) => studioPusher(url, workDir, true));
    if (studio.latencies.length < FPS) throw new Error(`only ${studio.latencies.length} frames were read back from the studio push`);
    const median = percentile(studio.latencies, 50);
    const p95 = percentile(studio.latencies, 95);
    const verdict = p95 < TARGET_LATENCY_MS ? `**met**: 95 % of frames under ${(p95 / 1000).toFixed(2)} s` : `**not met**: 95th percentile ${(p95 / 1000).toFixed(2)} s`;
    return [
      `Glass-to-glass latency of a 1280x720 25 fps program: clock burned into each frame as blocks, H.264 WebM/Matroska in 250 ms chunks (the panel's MediaRecorder timeslice) → FFmpeg push → nginx-rtmp on loopback → low-delay pull, blocks read back from the decoded pixels. ${MEASURE_MS / 1000} s measured after ${WARMUP_MS / 1000} s of warm-up. CPU is the pushing FFmpeg's (utime + stime from /proc), in % of one core.`,
      '',
      '| push | frames read | median latency | 95th percentile | max | pusher CPU |',
      '|---|---|---|---|---|---|',
      row(studio),
      row(reference),
      row(mainOnly),
      '',
      `Target < ${TARGET_LATENCY_MS / 1000} s with the default settings: ${verdict} (median ${(median / 1000).toFixed(2)} s). ` +
        `The studio path (key relay + tee + fifo) costs ${(median - percentile(reference.latencies, 50)).toFixed(0)} ms of median latency against the plain push.`,
    ].join('\n');
  } finally {
    rmSync(workDir, { recursive: true, force: true });
    await nginx.dispose();
  }
}
