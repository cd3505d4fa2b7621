// Runs in Node (CLI). `capsule bbb list | import | profile add | profile list`: BigBlueButton recordings
// from the command line. The secret comes from a saved profile or a file, never from the command line.
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../../shared/errors';
import type { BbbImportResult, BbbProfile, BbbRecording, BbbRecordingState } from '../../../shared/domain/bbb';
import { BBB_CHECKSUM_ALGORITHMS, normaliseBbbApiBase, type BbbChecksumAlgorithm } from '../../../shared/logic/bbbChecksum';
import { BbbClient, type RecordingFilter } from '../../bbb/bbbClient';
import { BBB_IMPORT_JOB, type BbbImportPayload } from '../../bbb/bbbImportJob';
import { checkRecordId } from '../../bbb/bbbHandlers';
import { BbbProfileStore, cleanMeetingIds } from '../../bbb/profileStore';
import type { Studio } from '../../studio';
import type { CliCommand, ParsedArgs } from '../command';
import { stringFlag } from '../parseArgs';
import { progressPrinter } from '../progressPrinter';
import { terminalSafe } from '../terminalText';

const SERVER_FLAGS = ['profile', 'url', 'secret-file', 'checksum', 'meeting', 'meta', 'state'];
const SERVER_USAGE = '(--profile NAME | --url URL --secret-file FILE [--checksum sha256|sha1|sha384|sha512])';

function checksumFlag(args: ParsedArgs): BbbChecksumAlgorithm {
  const value = stringFlag(args, 'checksum') ?? 'sha256';
  if (!(BBB_CHECKSUM_ALGORITHMS as readonly string[]).includes(value)) throw new StudioError('BAD_ARGS', `--checksum must be one of ${BBB_CHECKSUM_ALGORITHMS.join(', ')}.`);
  return value as BbbChecksumAlgorithm;
}

function readSecretFile(file: string): string {
  if (!existsSync(file)) throw new StudioError('BBB_NO_SECRET', `The secret file ${file} does not exist.`);
  const secret = readFileSync(file, 'utf8').trim();
  if (!secret) throw new StudioError('BBB_NO_SECRET', `The secret file ${file} is empty.`);
  return secret;
}

/** --meta key=value (repeatable as key=value,key2=value2). */
function metaFlag(args: ParsedArgs): Record<string, string> {
  const raw = stringFlag(args, 'meta');
  if (!raw) return {};
  const out: Record<string, string> = {};
  for (const pair of raw.split(/[;&]/)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new StudioError('BAD_ARGS', `--meta expects key=value, got "${pair}".`);
    out[pair.slice(0, eq).trim().replace(/^meta_/, '')] = pair.slice(eq + 1).trim();
  }
  return out;
}

interface ResolvedServer {
  client: BbbClient;
  profile: BbbProfile | null;
  filter: RecordingFilter;
  adhoc: { apiUrl: string; checksum: BbbChecksumAlgorithm; secret: string } | null;
}

async function resolveServer(args: ParsedArgs, studio: Studio): Promise<ResolvedServer> {
  const profiles = new BbbProfileStore(studio.context.db, studio.context.secrets);
  const name = stringFlag(args, 'profile');
  const overrideFilter: RecordingFilter = {
    meetingIds: stringFlag(args, 'meeting') ? cleanMeetingIds(stringFlag(args, 'meeting')!.split(',')) : undefined,
    metaFilters: stringFlag(args, 'meta') ? metaFlag(args) : undefined,
    states: stringFlag(args, 'state') ? (stringFlag(args, 'state')!.split(',') as BbbRecordingState[]) : undefined,
  };
  if (name) {
    const profile = profiles.findByName(name);
    if (!profile) throw new StudioError('BBB_PROFILE_NOT_FOUND', `No BigBlueButton profile named "${name}". See: capsule bbb profile list`);
    const base = BbbProfileStore.filterOf(profile);
    return {
      client: new BbbClient(await profiles.serverConfig(profile)),
      profile,
      filter: { meetingIds: overrideFilter.meetingIds ?? base.meetingIds, metaFilters: overrideFilter.metaFilters ?? base.metaFilters, states: overrideFilter.states ?? base.states },
      adhoc: null,
    };
  }
  const url = stringFlag(args, 'url');
  const secretFile = stringFlag(args, 'secret-file');
  if (!url || !secretFile) throw new StudioError('BAD_ARGS', `Say which server: ${SERVER_USAGE}`);
  const apiUrl = normaliseBbbApiBase(url);
  if (!apiUrl) throw new StudioError('BBB_BAD_URL', 'The server address must be an http(s) URL.');
  const secret = readSecretFile(secretFile);
  const checksum = checksumFlag(args);
  return { client: new BbbClient({ apiUrl, secret, checksum }), profile: null, filter: overrideFilter, adhoc: { apiUrl, checksum, secret } };
}

export function recordingJson(recording: BbbRecording) {
  const durationSec = recording.startTime !== null && recording.endTime !== null ? Math.round((recording.endTime - recording.startTime) / 1000) : null;
  return {
    recordId: recording.recordId,
    name: recording.name,
    meetingId: recording.meetingId,
    state: recording.state,
    startTime: recording.startTime === null ? null : new Date(recording.startTime).toISOString(),
    durationSec,
    lengthMinutes: recording.formats.reduce<number | null>((max, f) => (f.lengthMinutes === null ? max : Math.max(max ?? 0, f.lengthMinutes)), null),
    participants: recording.participants,
    formats: recording.formats.map((f) => f.type),
    previews: recording.formats.flatMap((f) => f.previews.map((p) => p.url)),
    metadata: recording.metadata,
  };
}

export const bbbListCommand: CliCommand = {
  path: ['bbb', 'list'],
  usage: `capsule bbb list ${SERVER_USAGE} [--meeting ID,ID] [--meta key=value] [--state published,unpublished|any] [--json]`,
  summary: 'List the recordings of a BigBlueButton or Scalelite server (paged where the server can).',
  valueFlags: SERVER_FLAGS,
  needsStudio: true,
  async run(args, io, studio) {
    const server = await resolveServer(args, studio!);
    const { recordings, paged } = await server.client.listRecordings(server.filter);
    if (server.profile) new (await import('../../bbb/recordingCache')).BbbRecordingCache(studio!.context.db).write(server.profile.id, recordings, paged);
    const sorted = [...recordings].sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0));
    if (args.flags.json === true) {
      io.out(JSON.stringify({ recordings: sorted.map(recordingJson), paged }, null, 2));
      return 0;
    }
    if (sorted.length === 0) io.out('No recordings.');
    for (const recording of sorted) {
      const r = recordingJson(recording);
      const minutes = r.durationSec === null ? '?' : Math.round(r.durationSec / 60);
      // Names, IDs and formats come from the server: no escape sequence reaches the terminal.
      io.out(terminalSafe(`${r.recordId}  ${r.startTime?.slice(0, 16).replace('T', ' ') ?? '-'}  ${minutes} min  ${r.participants ?? '?'} people  [${r.formats.join(', ')}]  ${r.name}`));
    }
    return 0;
  },
};

export const bbbImportCommand: CliCommand = {
  path: ['bbb', 'import'],
  usage: `capsule bbb import <recordID> --out FILE.mp4 ${SERVER_USAGE} [--presentation] [--cursor] [--chat] [--no-webcams] [--fps N] [--json]`,
  summary: 'Turn one recording into an MP4 (the video format, else a local render of the presentation) and add it to the library.',
  valueFlags: [...SERVER_FLAGS, 'out', 'fps'],
  needsStudio: true,
  startJobs: true,
  async run(args, io, studio) {
    const recordId = checkRecordId(args.positionals[0] ?? '');
    const out = stringFlag(args, 'out');
    if (!out) throw new StudioError('BAD_ARGS', 'Say where to write the video: --out FILE.mp4');
    const ctx = studio!.context;
    const server = await resolveServer(args, studio!);
    const fps = stringFlag(args, 'fps') ? Number(stringFlag(args, 'fps')) : undefined;
    if (fps !== undefined && (!Number.isInteger(fps) || fps < 5 || fps > 30)) throw new StudioError('BAD_ARGS', '--fps must be an integer from 5 to 30.');
    // A one-off secret stays in this process's memory: never written to the library, gone after a kill -9.
    const secretKey = server.adhoc ? ctx.secrets.holdInMemory(`bbb:adhoc:${randomUUID()}`, server.adhoc.secret) : null;
    const payload: BbbImportPayload = {
      profileId: server.profile?.id ?? null,
      adhoc: server.adhoc && secretKey ? { apiUrl: server.adhoc.apiUrl, checksum: server.adhoc.checksum, secretKey } : undefined,
      recordId,
      options: { preferPresentation: args.flags.presentation === true, cursor: args.flags.cursor === true, chat: args.flags.chat === true, webcams: args.flags['no-webcams'] !== true, frameRate: fps },
    };
    const json = args.flags.json === true;
    const unsubscribe = ctx.events.subscribe(progressPrinter(io, json));
    try {
      const job = ctx.jobs.enqueue(BBB_IMPORT_JOB, payload, { title: `BigBlueButton ${recordId}` });
      const result = await ctx.jobs.result<BbbImportResult>(job.id);
      const target = path.resolve(out);
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(result.file, target);
      if (json) io.out(JSON.stringify({ ...result, out: target }, null, 2));
      else {
        io.out(terminalSafe(`${target}  ${result.durationSec.toFixed(1)} s, from the ${result.source} format, ${result.chapters.length} chapters`));
        io.out(`capsule ${result.capsuleId}`);
        for (const warning of result.warnings) io.err(`warning: ${terminalSafe(warning)}`);
      }
      return 0;
    } finally {
      unsubscribe();
      if (secretKey) ctx.secrets.delete(secretKey);
    }
  },
};

export const bbbProfileAddCommand: CliCommand = {
  path: ['bbb', 'profile', 'add'],
  usage: 'capsule bbb profile add <NAME> --url URL --secret-file FILE [--checksum sha256|sha1|sha384|sha512] [--meeting ID,ID] [--meta key=value] [--state s,s] [--json]',
  summary: 'Save a BigBlueButton/Scalelite server profile (the secret goes to the secret store).',
  valueFlags: SERVER_FLAGS,
  needsStudio: true,
  async run(args, io, studio) {
    const name = args.positionals[0];
    const url = stringFlag(args, 'url');
    const secretFile = stringFlag(args, 'secret-file');
    if (!name || !url || !secretFile) throw new StudioError('BAD_ARGS', 'Usage: capsule bbb profile add <NAME> --url URL --secret-file FILE');
    const profiles = new BbbProfileStore(studio!.context.db, studio!.context.secrets);
    const existing = profiles.findByName(name);
    const profile = await profiles.save(existing?.id ?? null, {
      name,
      url,
      secret: readSecretFile(secretFile),
      checksum: checksumFlag(args),
      meetingIds: stringFlag(args, 'meeting')?.split(','),
      metaFilters: metaFlag(args),
      states: stringFlag(args, 'state')?.split(',') as BbbRecordingState[] | undefined,
    });
    io.out(args.flags.json === true ? JSON.stringify(profile, null, 2) : `Saved profile "${profile.name}" (${profile.apiUrl}, ${profile.checksum}).`);
    return 0;
  },
};

export const bbbProfileListCommand: CliCommand = {
  path: ['bbb', 'profile', 'list'],
  usage: 'capsule bbb profile list [--json]',
  summary: 'List the saved BigBlueButton server profiles.',
  needsStudio: true,
  libraryAccess: 'read',
  async run(args, io, studio) {
    const list = new BbbProfileStore(studio!.context.db, studio!.context.secrets).list();
    if (args.flags.json === true) io.out(JSON.stringify(list, null, 2));
    else for (const p of list) io.out(terminalSafe(`${p.name}  ${p.apiUrl}  ${p.checksum}${p.meetingIds.length ? `  meetings: ${p.meetingIds.join(',')}` : ''}`));
    return 0;
  },
};

export const bbbCommands: CliCommand[] = [bbbListCommand, bbbImportCommand, bbbProfileAddCommand, bbbProfileListCommand];
