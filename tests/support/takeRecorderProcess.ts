// Runs in Node (a child process of the crash test). Plays the part of a recording studio: opens the
// library, begins a take, and appends a live WebM that FFmpeg encodes in real time (as MediaRecorder
// would deliver it) every 500 ms, with an event every second, until it is killed.
// Usage: node --import tsx takeRecorderProcess.ts <libraryDir> <capsuleId> <grainId>
import { spawn } from 'node:child_process';
import { createStudio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { ffmpegBinaries } from '../../src/main/ffmpeg/ffmpeg';

const [libraryDir, capsuleId, grainId] = process.argv.slice(2);
const say = (message: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(message)}\n`);

const studio = await createStudio({ libraryDir: libraryDir!, binding: 'cli', log: createLogger(() => undefined), startJobs: false });
const take = await studio.calls.beginTake(capsuleId!, grainId!, 'video/webm;codecs=vp8,opus');
const { ffmpeg } = await ffmpegBinaries();
// Spawned directly (not through ffmpeg.ts) because the media must stream out on stdout in real time.
const encoder = spawn(
  ffmpeg,
  [
    '-hide_banner', '-loglevel', 'error', '-re',
    '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k', '-g', '25', '-c:a', 'libopus',
    '-f', 'webm', '-live', '1', '-cluster_time_limit', '500', '-flush_packets', '1',
    '-progress', 'pipe:2', '-stats_period', '0.1', 'pipe:1',
  ],
  { stdio: ['ignore', 'pipe', 'pipe'] },
);

// The media time the encoder has produced so far: the "time recorded" a crash is measured against
// (on a loaded machine it runs behind the wall clock, as a real recorder's timeline does when it drops frames).
let progressTail = '';
encoder.stderr.setEncoding('utf8');
encoder.stderr.on('data', (text: string) => {
  progressTail += text;
  const lines = progressTail.split('\n');
  progressTail = lines.pop() ?? '';
  for (const line of lines) {
    const match = /^out_time_us=(\d+)/.exec(line);
    if (match) say({ type: 'media', mediaMs: Math.round(Number(match[1]) / 1000), at: Date.now() });
    else if (line && !/^[a-z_]+=/.test(line)) process.stderr.write(`${line}\n`);
  }
});

let startedAt = 0;
let pending: Buffer[] = [];
let seq = 0;
let busy = false;
let sentence = 0;
encoder.stdout.on('data', (data: Buffer) => {
  if (startedAt === 0) {
    startedAt = Date.now();
    say({ type: 'started', takeId: take.id, path: take.path, startedAt, encoderPid: encoder.pid });
  }
  pending.push(data);
});

setInterval(() => {
  if (busy || pending.length === 0) return;
  busy = true;
  const chunk = Buffer.concat(pending);
  pending = [];
  studio.calls
    .appendChunk(take.id, seq, new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
    .then(() => {
      seq += 1;
      say({ type: 'chunk', seq, elapsedMs: Date.now() - startedAt });
    })
    .catch((error: Error) => say({ type: 'error', message: error.message }))
    .finally(() => {
      busy = false;
    });
}, 500);

setInterval(() => {
  if (startedAt === 0) return;
  sentence += 1;
  studio.calls
    .appendTakeEvents(take.id, [{ type: 'next_sentence', atMs: Date.now() - startedAt, slideIndex: 0, sentenceIndex: sentence }])
    .catch((error: Error) => say({ type: 'error', message: error.message }));
}, 1000);
