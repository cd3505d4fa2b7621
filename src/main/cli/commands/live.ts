// Runs in Node (CLI). `capsule live push`: pushes a file or FFmpeg's test source to one or more RTMP URLs
// with the studio's live settings (H.264 keyframe every 2 s, AAC, FLV, reconnecting fifo), printing the
// stream's health — for unattended tests and operators' scripts. Stream keys come from a file or a
// saved profile, never from the command line (any local user can read it with `ps`).
import os from 'node:os';
import path from 'node:path';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { DEFAULT_LIVE_ENCODING, type LiveEncoding, type LiveHealth } from '../../../shared/domain/live';
import { StudioError } from '../../../shared/errors';
import { defineCommand, UsageError, type CliIo } from '../command';
import { terminalSafe } from '../terminalText';
import { LiveSession } from '../../live/liveSession';
import { joinRtmpUrl, validateRtmpUrl, type LiveInput } from '../../live/liveArgs';

export function formatHealth(health: LiveHealth): string {
  const clock = new Date(health.uptimeSec * 1000).toISOString().slice(11, 19);
  const parts = [
    health.state.toUpperCase().padEnd(12),
    clock,
    `${(health.bitrateKbps / 1000).toFixed(2)} Mb/s`,
    `${health.fps.toFixed(0)} fps`,
    `dropped ${health.droppedFrames}`,
    `reconnects ${health.reconnects}`,
  ];
  // The message may quote a remote server's words (FFmpeg's log of an RTMP error): printed safe.
  return `${parts.join('  ')}${health.message ? `  — ${terminalSafe(health.message)}` : ''}`;
}

function readTextFile(file: string, what: string): string {
  if (!existsSync(file)) throw new StudioError('LIVE_NO_TARGET', `The ${what} file ${file} does not exist.`);
  return readFileSync(file, 'utf8');
}

/**
 * The RTMP targets, keys included, from --url-file (one full URL per line) or --url rtmp://server/app
 * with --key-file. A --url alone would carry the stream key on the command line: refused.
 */
export function targetUrls(args: { url?: string; urlFile?: string; keyFile?: string }): string[] {
  const urls: string[] = [];
  if (args.urlFile) {
    for (const line of readTextFile(args.urlFile, 'URL').split(/\r?\n/)) {
      const trimmed = line.trim();
      if (trimmed && !trimmed.startsWith('#')) urls.push(validateRtmpUrl(trimmed));
    }
    if (urls.length === 0) throw new StudioError('LIVE_NO_TARGET', `The URL file ${args.urlFile} holds no rtmp:// URL.`);
  }
  if (args.url !== undefined) {
    if (!args.keyFile) {
      throw new StudioError(
        'LIVE_KEY_ON_COMMAND_LINE',
        'Stream keys are not taken on the command line (any local user can read it with ps): give --url rtmp://server/application with --key-file FILE, or --url-file FILE, or --profile NAME.',
      );
    }
    const key = readTextFile(args.keyFile, 'stream key').trim();
    if (!key || /\s/.test(key)) throw new StudioError('LIVE_BAD_URL', `The stream key file ${args.keyFile} must hold one stream key.`);
    for (const server of args.url.split(',').map((url) => url.trim()).filter(Boolean)) urls.push(validateRtmpUrl(joinRtmpUrl(server, key)));
  }
  return urls;
}

export const livePushCommand = defineCommand({
  path: ['live', 'push'],
  synopsis: '--input <file|testsrc> (--url-file FILE | --url rtmp://server/app[,rtmp://…] --key-file FILE | --profile NAME | --record FILE)',
  operands: { min: 0, max: 0 },
  summary: 'Push a file or a test pattern live to RTMP servers, reconnecting by itself, and print the stream health.',
  options: {
    input: { type: 'string', value: 'FILE|testsrc', help: "A video file, or testsrc for FFmpeg's test pattern. Required." },
    loop: { type: 'boolean', help: 'Loop the input file.' },
    'url-file': { type: 'string', value: 'FILE', help: 'A file of full rtmp:// URLs, keys included, one a line.' },
    url: { type: 'string', value: 'rtmp://server/app[,…]', help: 'RTMP servers without the key (with --key-file).' },
    'key-file': { type: 'string', value: 'FILE', help: 'A file holding the stream key (never on the command line).' },
    profile: { type: 'string', value: 'NAME', help: 'A saved stream profile (name or id).' },
    duration: { type: 'string', value: 'S', help: 'Stop after S seconds.', number: { min: 1, max: 7 * 24 * 3600 } },
    record: { type: 'string', value: 'FILE', help: 'Also record what is sent to FILE.' },
    resolution: { type: 'string', value: 'WxH', help: `Output size (default ${DEFAULT_LIVE_ENCODING.resolution}).`, choices: ['1280x720', '1920x1080'] },
    fps: { type: 'string', value: 'N', help: `Frames a second (default ${DEFAULT_LIVE_ENCODING.fps}).`, number: { min: 10, max: 60, integer: true } },
    'video-kbps': { type: 'string', value: 'N', help: `Video bitrate (default ${DEFAULT_LIVE_ENCODING.videoKbps}).`, number: { min: 300, max: 20_000, integer: true } },
    'audio-rate': { type: 'string', value: 'HZ', help: `Audio sample rate (default ${DEFAULT_LIVE_ENCODING.audioSampleRate}).`, choices: ['44100', '48000'] },
  },
  library: 'write',
  async run(args, io: CliIo, studio) {
    const { flags } = args;
    const inputFlag = flags.input;
    if (!inputFlag) throw new UsageError('Give --input <file> or --input testsrc.');
    const input: LiveInput = inputFlag === 'testsrc' ? { kind: 'testsrc' } : { kind: 'file', path: path.resolve(inputFlag), loop: flags.loop === true };
    const urls = targetUrls({ url: flags.url, urlFile: flags['url-file'], keyFile: flags['key-file'] });
    const profileName = flags.profile;
    if (profileName) {
      const profiles = studio.context.stores.streamProfiles;
      const profile = profiles.list().find((candidate) => candidate.name === profileName || candidate.id === profileName);
      if (!profile) throw new StudioError('LIVE_PROFILE_NOT_FOUND', `No stream profile is called "${profileName}".`);
      urls.push(await profiles.targetUrl(profile.id));
    }
    const record = flags.record;
    if (urls.length === 0 && !record) throw new StudioError('LIVE_NO_TARGET', 'Give --url-file FILE (full rtmp:// URLs), --url rtmp://server/application --key-file FILE, --profile NAME, or --record FILE.');
    const audioRate = flags['audio-rate'];
    const encoding: LiveEncoding = {
      ...DEFAULT_LIVE_ENCODING,
      resolution: flags.resolution ?? DEFAULT_LIVE_ENCODING.resolution,
      fps: flags.fps ?? DEFAULT_LIVE_ENCODING.fps,
      videoKbps: flags['video-kbps'] ?? DEFAULT_LIVE_ENCODING.videoKbps,
      audioSampleRate: audioRate === undefined ? DEFAULT_LIVE_ENCODING.audioSampleRate : audioRate === '44100' ? 44100 : 48000,
    };
    const durationSec = flags.duration ?? null;
    const json = flags.json === true;
    const workDir = mkdtempSync(path.join(os.tmpdir(), 'capsule-live-'));
    let lastPrinted = 0;
    const session = await LiveSession.start({
      sessionId: `cli-${process.pid}`,
      input,
      rtmpUrls: urls,
      encoding,
      recordPath: record ? path.resolve(record) : null,
      durationSec,
      workDir,
      log: studio.context.log,
      onHealth: (health) => {
        // One line every 2 s, and every state change that matters (red states at once).
        if (Date.now() - lastPrinted >= 2000 || health.alarm) {
          lastPrinted = Date.now();
          io.err(formatHealth(health));
        }
      },
    });
    const stop = () => {
      io.err('Stopping…');
      session.stop().catch((error: Error) => io.err(`Stop failed: ${error.message}`));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const final = await session.finished;
      if (json) io.out(JSON.stringify(final, null, 2));
      else io.out(formatHealth(final));
      return final.state === 'failed' ? 1 : 0;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      rmSync(workDir, { recursive: true, force: true });
    }
  },
});
