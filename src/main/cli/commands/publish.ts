// Runs in Node (CLI). `capsule publish`: publishes a capsule's latest render, or any MP4, to Esup-Pod
// through the same persistent 'publish' job as the app, printing progress on stderr and the page URL.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../../shared/errors';
import type { PodMetadata, PodProfile, PublishResult } from '../../../shared/domain/pod';
import { normalizeBaseUrl } from '../../../shared/logic/podUrls';
import type { CliCommand } from '../command';
import { stringFlag } from '../parseArgs';
import { progressPrinter } from '../progressPrinter';

const USAGE =
  'capsule publish <capsule|file.mp4> (--profile NAME | --pod URL --token-file FILE --owner USER) [--title T] [--description D] [--type /rest/types/1/] [--licence by-nc-sa] [--lang fr] [--draft] [--captions file.vtt] [--replace] [--json]';

/** Pod's fixture type "Other" exists on every instance (pod-rest.md §6.1). */
const FALLBACK_TYPE = '/rest/types/1/';

export const publishCommand: CliCommand = {
  path: ['publish'],
  usage: USAGE,
  summary: 'Publish a capsule (its latest render) or an MP4 to Esup-Pod and print the video page URL.',
  valueFlags: ['profile', 'pod', 'token-file', 'owner', 'title', 'description', 'type', 'licence', 'lang', 'captions'],
  needsStudio: true,
  startJobs: true,
  async run(args, io, studio) {
    const target = args.positionals[0];
    if (!target || !studio) throw new StudioError('BAD_ARGS', `Usage: ${USAGE}`);
    const calls = studio.calls;
    const json = args.flags.json === true;

    // What to publish: a file on disk, else a capsule id.
    let filePath: string | undefined;
    let capsuleId: string | undefined;
    if (existsSync(target) && statSync(target).isFile()) filePath = path.resolve(target);
    else if (/^[A-Za-z0-9_-]{1,64}$/.test(target) && studio.context.db.prepare('SELECT 1 FROM capsules WHERE id = ?').get(target)) capsuleId = target;
    else throw new StudioError('NOT_FOUND', `"${target}" is neither a video file nor a capsule of this library.`);

    const profile = await chooseProfile(args.flags, calls);
    const vocabulary = await calls.getPodVocabulary(profile.id, undefined);
    const draft = await calls.getPublishDraft({ profileId: profile.id, capsuleId, filePath });
    if (!draft.source) throw new StudioError('POD_NO_SOURCE', draft.sourceProblem ?? 'Nothing to publish.');
    const metadata: PodMetadata = {
      ...draft.metadata,
      title: stringFlag(args, 'title') ?? draft.metadata.title,
      description: stringFlag(args, 'description') ?? draft.metadata.description,
      type: stringFlag(args, 'type') ?? draft.metadata.type ?? (vocabulary.types.some((type) => type.path === FALLBACK_TYPE) ? FALLBACK_TYPE : (vocabulary.types[0]?.path ?? null)),
      licence: stringFlag(args, 'licence') ?? draft.metadata.licence,
      mainLang: stringFlag(args, 'lang') ?? draft.metadata.mainLang,
      isDraft: args.flags.draft === true ? true : args.flags.draft === undefined ? draft.metadata.isDraft : false,
    };
    const replace = args.flags.replace === true;
    if (replace && !draft.previous) throw new StudioError('POD_NOTHING_TO_REPLACE', 'This capsule has not been published on this Pod server yet: publish it without --replace.');

    const unsubscribe = studio.context.events.subscribe(progressPrinter(io, json));
    try {
      const captions = stringFlag(args, 'captions');
      const job = await calls
        .publishToPod({ profileId: profile.id, capsuleId, filePath, metadata, mode: replace ? 'replace' : 'new', captionsPath: captions ? path.resolve(captions) : undefined })
        .catch((error: unknown) => {
          throw withFieldList(error);
        });
      io.err(`Publishing "${metadata.title}" to ${profile.baseUrl} (job ${job.id})`);
      const result = await studio.context.jobs.result<PublishResult>(job.id).catch((error: unknown) => {
        throw withFieldList(error);
      });
      if (json) io.out(JSON.stringify({ jobId: job.id, ...result }, null, 2));
      else {
        io.out(result.pageUrl);
        if (result.notice) io.err(result.notice);
      }
    } finally {
      unsubscribe();
    }
    return 0;
  },
};

async function chooseProfile(flags: Record<string, string | boolean>, calls: NonNullable<Parameters<CliCommand['run']>[2]>['calls']): Promise<PodProfile> {
  const name = typeof flags.profile === 'string' ? flags.profile : undefined;
  const profiles = await calls.listPodProfiles();
  if (name) {
    const profile = profiles.find((item) => item.name === name);
    if (!profile) throw new StudioError('POD_NO_PROFILE', `No Pod profile is called "${name}". Known: ${profiles.map((item) => item.name).join(', ') || 'none'}.`);
    return profile;
  }
  const pod = typeof flags.pod === 'string' ? flags.pod : undefined;
  const tokenFile = typeof flags['token-file'] === 'string' ? flags['token-file'] : undefined;
  const owner = typeof flags.owner === 'string' ? flags.owner : undefined;
  if (!pod || !tokenFile || !owner) throw new StudioError('BAD_ARGS', `Give --profile NAME, or --pod URL --token-file FILE --owner USER.\nUsage: ${USAGE}`);
  // The token is read from a file, never taken from the command line (it would show in process lists and shell history).
  if (!existsSync(tokenFile)) throw new StudioError('BAD_ARGS', `The token file ${tokenFile} does not exist.`);
  const token = readFileSync(tokenFile, 'utf8').trim();
  if (token === '') throw new StudioError('BAD_ARGS', `The token file ${tokenFile} is empty.`);
  const baseUrl = normalizeBaseUrl(pod);
  // Remembered as a profile so the queued job can resume after a restart (the token goes to the secret store).
  const profileName = `${new URL(baseUrl).host} (${owner})`;
  const existing = profiles.find((item) => item.name === profileName);
  return calls.savePodProfile({ id: existing?.id, name: profileName, baseUrl, username: owner, token });
}

/** Field errors (ours or Pod's) spelled out, since the CLI has no form to show them next to. */
function withFieldList(error: unknown): unknown {
  if (!(error instanceof StudioError)) return error;
  const fields = error.details?.fields as Record<string, string[]> | undefined;
  if (!fields || Object.keys(fields).length === 0) return error;
  const list = Object.entries(fields)
    .map(([field, messages]) => `  ${field}: ${messages.join(' ')}`)
    .join('\n');
  return new StudioError(error.code, `${error.message}\n${list}`, error.details);
}
