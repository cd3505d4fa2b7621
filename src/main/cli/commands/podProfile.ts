// Runs in Node (CLI). `capsule pod profile add | list | import`: saved Esup-Pod servers for scripts, as `capsule
// bbb profile` does for BigBlueButton. A token is read from a file, checked against the server (token, staff
// rights, owner account) and saved only when it works; it goes to the secret store, never to the output.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isStudioErrorCode, StudioError } from '../../../shared/errors';
import type { PodProfile } from '../../../shared/domain/pod';
import { normalizeBaseUrl } from '../../../shared/logic/podUrls';
import type { Studio } from '../../studio';
import { testPodConnection } from '../../pod/connectionTest';
import { POD_ERROR } from '../../pod/podErrors';
import { downloadProvisioning, PROVISIONING_LIMITS } from '../../pod/provisioningDownload';
import { defineCommand, UsageError, type CliCommand, type CliIo } from '../command';

/** Flags naming a Pod server on any command. */
export const POD_SERVER_OPTIONS = {
  profile: { type: 'string', value: 'NAME', help: 'A saved Pod profile (see capsule pod profile list).' },
  pod: { type: 'string', value: 'URL', help: 'The Pod server, when no profile is given (with --token-file and --owner).' },
  url: { type: 'string', value: 'URL', help: 'Same as --pod.' },
  'token-file': { type: 'string', value: 'FILE', help: 'A file holding the Pod token (never on the command line).' },
  owner: { type: 'string', value: 'USER', help: 'The Pod account that owns the videos.' },
} as const;

/** The Pod server flags a command received. */
export interface PodServerFlags {
  profile?: string;
  pod?: string;
  url?: string;
  'token-file'?: string;
  owner?: string;
}

function readTokenFile(tokenFile: string): string {
  // The token is read from a file, never taken from the command line (it would show in process lists and shell history).
  if (!existsSync(tokenFile)) throw new StudioError('BAD_ARGS', `The token file ${tokenFile} does not exist.`);
  const token = readFileSync(tokenFile, 'utf8').trim();
  if (token === '') throw new StudioError('BAD_ARGS', `The token file ${tokenFile} is empty.`);
  return token;
}

/** Checks the token on the server first: a token that fails is never saved. */
async function saveCheckedProfile(studio: Studio, input: { name: string; url: string; tokenFile: string; owner: string }): Promise<PodProfile> {
  const baseUrl = normalizeBaseUrl(input.url);
  const token = readTokenFile(input.tokenFile);
  const report = await testPodConnection({ baseUrl, token, username: input.owner.trim() });
  if (!report.ok) {
    const problem = report.problem ?? { code: 'POD_BAD_TOKEN', message: 'The Pod server refused this token.' };
    throw new StudioError(isStudioErrorCode(problem.code) ? problem.code : 'POD_BAD_TOKEN', `${problem.message} Nothing was saved.`, { host: new URL(baseUrl).host });
  }
  const profiles = studio.context.stores.podProfiles;
  const existing = profiles.findByName(input.name);
  const profile = await profiles.save({ id: existing?.id, name: input.name, baseUrl, username: input.owner.trim(), token });
  profiles.setOwner(profile.id, report.ownerUrl, report.ownerName);
  studio.context.events.emit('pod.profilesChanged', { profileId: profile.id });
  return profiles.get(profile.id);
}

/** `--profile NAME`, or `--pod URL --token-file FILE --owner USER` (checked, then remembered as a profile so a queued job can resume). */
export async function chooseOrAddPodProfile(flags: PodServerFlags, studio: Studio, io: CliIo): Promise<PodProfile> {
  const name = flags.profile;
  const profiles = studio.context.stores.podProfiles;
  if (name) {
    const profile = profiles.findByName(name);
    if (!profile) throw new StudioError('POD_NO_PROFILE', `No Pod profile is called "${name}". Known: ${profiles.list().map((item) => item.name).join(', ') || 'none'}. See: capsule pod profile list`);
    return profile;
  }
  const url = flags.pod ?? flags.url;
  const tokenFile = flags['token-file'];
  const owner = flags.owner;
  if (!url || !tokenFile || !owner) throw new UsageError('Give --profile NAME, or --pod URL --token-file FILE --owner USER.');
  const baseUrl = normalizeBaseUrl(url);
  const profile = await saveCheckedProfile(studio, { name: `${new URL(baseUrl).host} (${owner.trim()})`, url: baseUrl, tokenFile, owner });
  io.err(`Token accepted by ${new URL(baseUrl).host}; saved as the profile "${profile.name}" (next time: --profile "${profile.name}").`);
  return profile;
}

export const podProfileAddCommand = defineCommand({
  path: ['pod', 'profile', 'add'],
  synopsis: '<NAME> --url URL --token-file FILE --owner USER',
  operands: { min: 1, max: 1 },
  summary: 'Save an Esup-Pod server profile after checking its token (the token goes to the secret store; a refused token is not saved).',
  options: {
    url: { type: 'string', value: 'URL', help: 'The Pod server. Required.' },
    'token-file': { type: 'string', value: 'FILE', help: 'A file holding the token (never on the command line). Required.' },
    owner: { type: 'string', value: 'USER', help: 'The Pod account that owns the videos. Required.' },
  },
  library: 'write',
  async run(args, io, studio) {
    const name = args.positional(0);
    const { url, owner } = args.flags;
    const tokenFile = args.flags['token-file'];
    if (!url || !tokenFile || !owner) throw new UsageError('Give --url URL --token-file FILE --owner USER.');
    const profile = await saveCheckedProfile(studio, { name, url, tokenFile, owner });
    io.out(args.flags.json === true ? JSON.stringify(profile, null, 2) : `Saved profile "${profile.name}" (${profile.baseUrl}, owner ${profile.username}${profile.ownerName ? ` — ${profile.ownerName}` : ''}).`);
    return 0;
  },
});

export const podProfileListCommand = defineCommand({
  path: ['pod', 'profile', 'list'],
  operands: { min: 0, max: 0 },
  summary: 'List the saved Esup-Pod server profiles (names usable with --profile).',
  options: {},
  library: 'write',
  async run(args, io, studio) {
    const list = studio.context.stores.podProfiles.list();
    if (args.flags.json === true) io.out(JSON.stringify(list, null, 2));
    else if (list.length === 0) io.err('No Pod profile yet. Add one: capsule pod profile add <NAME> --url URL --token-file FILE --owner USER');
    else for (const p of list) io.out(`${p.name}  ${p.baseUrl}  owner ${p.username || '—'}${p.hasToken ? '' : '  (no token)'}${p.provisioned ? '  (provisioned)' : ''}`);
    return 0;
  },
});

export const podProfileImportCommand = defineCommand({
  path: ['pod', 'profile', 'import'],
  synopsis: '<provisioning.json | https://…>',
  operands: { min: 1, max: 1 },
  summary: "Import your institution's provisioning file (a file, or its web address): its Pod servers become profiles, with its defaults.",
  options: {},
  library: 'write',
  async run(args, io, studio) {
    const source = args.positional(0);
    const text = /^https?:\/\//i.test(source) ? await downloadProvisioning(source) : readProvisioningFile(source);
    const saved = await studio.calls.importPodProvisioning({ text });
    if (args.flags.json === true) io.out(JSON.stringify(saved, null, 2));
    else for (const profile of saved) io.out(`Imported profile "${profile.name}" (${profile.baseUrl}${profile.hasToken ? '' : ', no token yet'}).`);
    return 0;
  },
});

function readProvisioningFile(file: string): string {
  if (!existsSync(file)) throw new StudioError('BAD_ARGS', `The provisioning file ${file} does not exist.`);
  if (statSync(file).size > PROVISIONING_LIMITS.maxBytes) throw new StudioError(POD_ERROR.provisioning, `${file} is larger than ${PROVISIONING_LIMITS.maxBytes / 1024} KiB: it is not a provisioning file.`);
  return readFileSync(file, 'utf8');
}

export const podCommands: CliCommand[] = [podProfileAddCommand, podProfileListCommand, podProfileImportCommand];
