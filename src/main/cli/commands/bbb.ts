// Runs in Node (CLI). `capsule bbb list | import | profile add | profile list`: BigBlueButton recordings
// from the command line. The secret comes from a saved profile or a file, never from the command line.
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../../shared/errors';
import { BBB_RECORDING_STATES, type BbbImportResult, type BbbProfile, type BbbRecording, type BbbRecordingState } from '../../../shared/domain/bbb';
import { BBB_CHECKSUM_ALGORITHMS, normaliseBbbApiBase, type BbbChecksumAlgorithm } from '../../../shared/logic/bbbChecksum';
import { BbbClient, type RecordingFilter } from '../../bbb/bbbClient';
import { BBB_IMPORT_JOB, type BbbImportPayload } from '../../bbb/bbbImportJob';
import { checkRecordId } from '../../bbb/bbbHandlers';
import { BbbProfileStore, cleanMeetingIds } from '../../bbb/profileStore';
import type { Studio } from '../../studio';
import { defineCommand, UsageError, type CliCommand } from '../command';
import { progressPrinter } from '../progressPrinter';
import { terminalSafe } from '../terminalText';

/** What selects recordings on a server (a profile's saved filter is overridden flag by flag). */
const FILTER_OPTIONS = {
  meeting: { type: 'string', value: 'ID,ID', help: 'Only these meetings.' },
  meta: { type: 'string', value: 'key=value', help: 'Only recordings with this metadata (several: key=value;key2=value2).' },
  state: { type: 'string', value: 'STATE,STATE', help: `Only recordings in these states: ${BBB_RECORDING_STATES.join(', ')}, or any.` },
} as const;

const SERVER_OPTIONS = {
  profile: { type: 'string', value: 'NAME', help: 'A saved BigBlueButton profile (see capsule bbb profile list).' },
  url: { type: 'string', value: 'URL', help: 'The server, when no profile is given (with --secret-file).' },
  'secret-file': { type: 'string', value: 'FILE', help: "A file holding the server's shared secret (never on the command line)." },
  checksum: { type: 'string', value: 'ALGORITHM', help: 'The checksum the server expects (default sha256).', choices: BBB_CHECKSUM_ALGORITHMS },
  ...FILTER_OPTIONS,
} as const;
const SERVER_SYNOPSIS = '(--profile NAME | --url URL --secret-file FILE)';

interface ServerFlags {
  profile?: string;
  url?: string;
  'secret-file'?: string;
  checksum?: BbbChecksumAlgorithm;
  meeting?: string;
  meta?: string;
  state?: string;
}

/** --state published,unpublished (or any): each one checked, so a typo is not a silently empty list. */
function statesFlag(raw: string | undefined): BbbRecordingState[] | undefined {
  if (raw === undefined) return undefined;
  const states = raw.split(',').map((state) => state.trim()).filter(Boolean);
  const allowed: readonly string[] = [...BBB_RECORDING_STATES, 'any'];
  const wrong = states.find((state) => !allowed.includes(state));
  if (wrong !== undefined || states.length === 0) throw new UsageError(`--state must list states among ${allowed.join(', ')}; got "${raw}".`);
  return states as BbbRecordingState[];
}

function readSecretFile(file: string): string {
  if (!existsSync(file)) throw new StudioError('BBB_NO_SECRET', `The secret file ${file} does not exist.`);
  const secret = readFileSync(file, 'utf8').trim();
  if (!secret) throw new StudioError('BBB_NO_SECRET', `The secret file ${file} is empty.`);
  return secret;
}

/** --meta key=value (repeatable as key=value,key2=value2). */
export function metaFlag(raw: string | undefined): Record<string, string> {
  if (!raw) return {};
  const out: Record<string, string> = {};
  for (const pair of raw.split(/[;&]/)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--meta expects key=value, got "${pair}".`);
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

async function resolveServer(flags: ServerFlags, studio: Studio): Promise<ResolvedServer> {
  const profiles = studio.context.stores.bbbProfiles;
  const name = flags.profile;
  const overrideFilter: RecordingFilter = {
    meetingIds: flags.meeting ? cleanMeetingIds(flags.meeting.split(',')) : undefined,
    metaFilters: flags.meta ? metaFlag(flags.meta) : undefined,
    states: statesFlag(flags.state),
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
  const url = flags.url;
  const secretFile = flags['secret-file'];
  if (!url || !secretFile) throw new UsageError(`Say which server: ${SERVER_SYNOPSIS}`);
  const apiUrl = normaliseBbbApiBase(url);
  if (!apiUrl) throw new StudioError('BBB_BAD_URL', 'The server address must be an http(s) URL.');
  const secret = readSecretFile(secretFile);
  const checksum = flags.checksum ?? 'sha256';
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

export const bbbListCommand = defineCommand({
  path: ['bbb', 'list'],
  synopsis: SERVER_SYNOPSIS,
  operands: { min: 0, max: 0 },
  summary: 'List the recordings of a BigBlueButton or Scalelite server (paged where the server can).',
  options: SERVER_OPTIONS,
  library: 'write',
  async run(args, io, studio) {
    const server = await resolveServer(args.flags, studio);
    const { recordings, paged } = await server.client.listRecordings(server.filter);
    if (server.profile) studio.context.stores.bbbRecordings.write(server.profile.id, recordings, paged);
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
});

export const bbbImportCommand = defineCommand({
  path: ['bbb', 'import'],
  synopsis: `<recordID> --out FILE.mp4 ${SERVER_SYNOPSIS}`,
  operands: { min: 1, max: 1 },
  summary: 'Turn one recording into an MP4 (the video format, else a local render of the presentation) and add it to the library.',
  options: {
    ...SERVER_OPTIONS,
    out: { type: 'string', value: 'FILE.mp4', help: 'Where to write the video. Required.' },
    presentation: { type: 'boolean', help: 'Render the presentation even when the server has a video format.' },
    cursor: { type: 'boolean', help: "Show the presenter's cursor." },
    chat: { type: 'boolean', help: 'Show the public chat.' },
    'no-webcams': { type: 'boolean', help: 'Leave the webcams out.' },
    fps: { type: 'string', value: 'N', help: 'Frame rate of a rendered presentation.', number: { min: 5, max: 30, integer: true } },
  },
  library: 'write',
  startJobs: true,
  async run(args, io, studio) {
    const recordId = checkRecordId(args.positional(0));
    const out = args.flags.out;
    if (!out) throw new UsageError('Say where to write the video: --out FILE.mp4');
    const ctx = studio.context;
    const server = await resolveServer(args.flags, studio);
    const fps = args.flags.fps;
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
});

export const bbbProfileAddCommand = defineCommand({
  path: ['bbb', 'profile', 'add'],
  synopsis: '<NAME> --url URL --secret-file FILE',
  operands: { min: 1, max: 1 },
  summary: 'Save a BigBlueButton/Scalelite server profile (the secret goes to the secret store).',
  options: {
    url: SERVER_OPTIONS.url,
    'secret-file': SERVER_OPTIONS['secret-file'],
    checksum: SERVER_OPTIONS.checksum,
    ...FILTER_OPTIONS,
  },
  library: 'write',
  async run(args, io, studio) {
    const name = args.positional(0);
    const { url, meeting, meta, state, checksum } = args.flags;
    const secretFile = args.flags['secret-file'];
    if (!url || !secretFile) throw new UsageError('Give --url URL --secret-file FILE.');
    const profiles = studio.context.stores.bbbProfiles;
    const existing = profiles.findByName(name);
    const profile = await profiles.save(existing?.id ?? null, {
      name,
      url,
      secret: readSecretFile(secretFile),
      checksum: checksum ?? 'sha256',
      meetingIds: meeting?.split(','),
      metaFilters: metaFlag(meta),
      states: statesFlag(state),
    });
    io.out(args.flags.json === true ? JSON.stringify(profile, null, 2) : `Saved profile "${profile.name}" (${profile.apiUrl}, ${profile.checksum}).`);
    return 0;
  },
});

export const bbbProfileListCommand = defineCommand({
  path: ['bbb', 'profile', 'list'],
  operands: { min: 0, max: 0 },
  summary: 'List the saved BigBlueButton server profiles.',
  options: {},
  library: 'read',
  async run(args, io, studio) {
    const list = studio.context.stores.bbbProfiles.list();
    if (args.flags.json === true) io.out(JSON.stringify(list, null, 2));
    else for (const p of list) io.out(terminalSafe(`${p.name}  ${p.apiUrl}  ${p.checksum}${p.meetingIds.length ? `  meetings: ${p.meetingIds.join(',')}` : ''}`));
    return 0;
  },
});

export const bbbCommands: CliCommand[] = [bbbListCommand, bbbImportCommand, bbbProfileAddCommand, bbbProfileListCommand];
