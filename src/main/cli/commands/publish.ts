// Runs in Node (CLI). `capsule publish`: publishes a capsule's latest render, or any MP4, to Esup-Pod
// through the same persistent 'publish' job as the app, printing what it sends (visibility, language,
// licence), progress on stderr and the page URL. One capsule, one video: an unfinished publication is
// continued, a capsule already on the server needs --replace or --new, and Ctrl-C leaves the job resumable.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../../shared/errors';
import type { PodMetadata, PodMetadataField, PodVocabulary, PublishResult } from '../../../shared/domain/pod';
import { allowedValuesText, changedFields, displayFieldValue } from '../../../shared/logic/podMetadata';
import { defineCommand, type CliIo } from '../command';
import { progressPrinter } from '../progressPrinter';
import { chooseOrAddPodProfile, POD_SERVER_OPTIONS } from './podProfile';

const POD_ALREADY_PUBLISHED = 'POD_ALREADY_PUBLISHED';

/** Pod's fixture type "Other" exists on every instance (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py). */
const FALLBACK_TYPE = '/rest/types/1/';

export const publishCommand = defineCommand({
  path: ['publish'],
  synopsis: '<capsule|file.mp4> (--profile NAME | --pod URL --token-file FILE --owner USER)',
  operands: { min: 1, max: 1 },
  summary:
    'Publish a capsule (its latest render) or an MP4 to Esup-Pod and print the video page URL. Draft unless --public (or your institution\'s provisioning file says otherwise); a capsule already on that server needs --replace (same video) or --new (a second video).',
  options: {
    ...POD_SERVER_OPTIONS,
    title: { type: 'string', value: 'T', help: 'The video title (default: the capsule title).' },
    description: { type: 'string', value: 'D', help: 'The video description.' },
    type: { type: 'string', value: '/rest/types/N/', help: 'The Pod video type.' },
    licence: { type: 'string', value: 'L', help: 'The licence, for example by-nc-sa.' },
    lang: { type: 'string', value: 'LANG', help: 'The main language, for example fr.' },
    public: { type: 'boolean', help: 'Everyone can see the video.' },
    draft: { type: 'boolean', help: 'Only its owners can see the video.', ifValueGiven: 'Write --public to publish a video everyone can see (--draft=false is not accepted).' },
    new: { type: 'boolean', help: 'Publish a second, separate video of a capsule already on this server.' },
    replace: { type: 'boolean', help: 'Send the new file to the video already on this server (edits made on Pod are kept).' },
    refresh: { type: 'boolean', help: "Read the server's lists (types, licences, languages) again." },
    captions: { type: 'string', value: 'FILE.vtt', help: 'Captions to send (default: the capsule\'s own).' },
    'no-captions': { type: 'boolean', help: 'Send no captions.' },
  },
  exclusive: [
    ['public', 'draft'],
    ['replace', 'new'],
    ['captions', 'no-captions'],
  ],
  library: 'write',
  startJobs: true,
  async run(args, io, studio) {
    const target = args.positional(0);
    const calls = studio.calls;
    const { flags } = args;
    const json = flags.json === true;
    const flag = (name: 'public' | 'draft' | 'replace' | 'new' | 'refresh' | 'no-captions') => flags[name] === true;

    // What to publish: a file on disk, else a capsule id.
    let filePath: string | undefined;
    let capsuleId: string | undefined;
    if (existsSync(target) && statSync(target).isFile()) filePath = path.resolve(target);
    else if (/^[A-Za-z0-9_-]{1,64}$/.test(target) && studio.context.library.exists(target)) capsuleId = target;
    else throw new StudioError('NOT_FOUND', `"${target}" is neither a video file nor a capsule of this library.`);

    const profile = await chooseOrAddPodProfile(flags, studio, io);
    const vocabulary = await calls.getPodVocabulary(profile.id, { refresh: flag('refresh') });
    const draft = await calls.getPublishDraft({ profileId: profile.id, capsuleId, filePath });
    if (!draft.source) throw new StudioError('POD_NO_SOURCE', draft.sourceProblem ?? 'Nothing to publish.');

    if (draft.unfinished) {
      const { unfinished } = draft;
      io.err(
        `Continuing the unfinished publication of "${unfinished.title}" started ${unfinished.createdAt} (job ${unfinished.jobId}${unfinished.videoId !== null ? `, Pod video ${unfinished.videoId}` : ''}): no second video is made.`,
      );
      // The start-up notice listed it among the jobs "this command does not run": this one it does.
      if (studio.unfinishedJobs.some((job) => job.id === unfinished.jobId)) io.err('  That is the job listed above as waiting: this command runs it now.');
    } else if (draft.previous && !flag('replace') && !flag('new')) {
      throw new StudioError(
        POD_ALREADY_PUBLISHED,
        `${capsuleId ? 'This capsule' : 'This file'} is already on this Pod server: ${draft.previous.pageUrl} (video ${draft.previous.videoId}). Run again with --replace to send the new file to that same video (what was edited on Pod is kept), or with --new to publish a second, separate video.`,
        { videoId: draft.previous.videoId, pageUrl: draft.previous.pageUrl },
      );
    }
    const replace = flag('replace') && !draft.unfinished;
    // Continuing: the unfinished job's own fields, except those given again on this command line.
    const base = draft.unfinished?.metadata ?? draft.metadata;
    const given = givenFields(flags);
    if (replace && !draft.previous) throw new StudioError('POD_NOTHING_TO_REPLACE', 'This capsule has not been published on this Pod server yet: publish it without --replace.');

    // Visibility never comes from a remembered choice: --public, --draft, else the institution's default, else draft.
    // On a replace without either flag it stays as the last publication set it (so Pod's value is kept).
    const visibilityFlag = flag('public') ? false : flag('draft') ? true : undefined;
    const isDraft = visibilityFlag ?? (draft.unfinished ? draft.unfinished.metadata.isDraft : replace ? draft.metadata.isDraft : (profile.provisionedDefaults.isDraft ?? true));
    const metadata: PodMetadata = {
      ...base,
      title: flags.title ?? base.title,
      description: flags.description ?? base.description,
      type: flags.type ?? base.type ?? (vocabulary.types.some((type) => type.path === FALLBACK_TYPE) ? FALLBACK_TYPE : (vocabulary.types[0]?.path ?? null)),
      licence: flags.licence ?? base.licence,
      mainLang: flags.lang ?? base.mainLang,
      isDraft,
    };
    if (draft.unfinished) {
      const rerun = changedFields(draft.unfinished.metadata, metadata, given);
      io.err(
        rerun.length === 0
          ? '  It keeps the fields of its first run; give --title, --description, --type, --licence, --lang, --public or --draft to change them on the same video.'
          : '  Given again on this command line, applied to the same video:',
      );
      for (const field of rerun) io.err(`    ${field}: ${displayFieldValue(draft.unfinished.metadata, field, vocabulary)} → ${displayFieldValue(metadata, field, vocabulary)}`);
    }

    if (replace) {
      const preview = await calls.previewPodReplace({ profileId: profile.id, capsuleId, filePath, metadata });
      const sent = preview.changes.filter((change) => change.action === 'send');
      io.err(`Replacing the file of Pod video ${preview.videoId} (${preview.pageUrl}).`);
      io.err(sent.length === 0 ? '  No field changed in the studio since the last publication: every field stays as it is on Pod.' : '  Fields changed in the studio since the last publication, sent:');
      for (const change of sent) io.err(`    ${change.field}: ${change.onPod ?? '(not readable)'} → ${change.inStudio}`);
      const kept = preview.changes.filter((change) => change.action === 'keep' && change.onPod !== null && change.lastPublished !== null && change.onPod !== change.lastPublished);
      // Pod's value differs from what was last sent: edited on Pod, or filled in by Pod itself. Either way it stays.
      for (const change of kept) io.err(`  Kept as Pod holds it (differs from the last publication): ${change.field} = ${change.onPod}`);
    }
    describeWhatIsSent(io, metadata, vocabulary, { replace, visibilityGiven: visibilityFlag !== undefined });

    const unsubscribe = studio.context.events.subscribe(progressPrinter(io, json));
    const stopped = waitForStopSignal();
    try {
      const captions = flags.captions;
      const job = await calls
        .publishToPod({
          profileId: profile.id,
          capsuleId,
          filePath,
          metadata,
          mode: replace ? 'replace' : 'new',
          captionsPath: captions ? path.resolve(captions) : undefined,
          withCaptions: !flag('no-captions'),
          rememberDefaults: false,
          rerunFields: draft.unfinished ? given : undefined,
        })
        .catch((error: unknown) => {
          throw withFieldList(error, vocabulary);
        });
      io.err(`Publishing "${job.title}" to ${profile.baseUrl} (job ${job.id})`);
      const outcome = await Promise.race([
        studio.context.jobs.result<PublishResult>(job.id).then(
          (result) => ({ result }),
          (error: unknown) => {
            throw withFieldList(error, vocabulary);
          },
        ),
        stopped.signal.then((signal) => ({ signal })),
      ]);
      if ('signal' in outcome) {
        // main() closes the studio next: the queue puts the running job back as queued, with its checkpoint.
        io.err(
          `Stopped by ${outcome.signal}. The publication is kept and resumable: run the same command again to continue it where it stopped (it will not create a second video). Job ${job.id}.`,
        );
        return outcome.signal === 'SIGINT' ? 130 : 143;
      }
      const { result } = outcome;
      if (json) io.out(JSON.stringify({ jobId: job.id, ...result }, null, 2));
      else {
        io.out(result.isDraft ? `${result.pageUrl} (draft: only its owners can open it, after logging in to Pod)` : result.pageUrl);
        if (result.notice) io.err(result.notice);
      }
    } finally {
      stopped.dispose();
      unsubscribe();
    }
    return 0;
  },
});

/** Resolves on the first SIGINT or SIGTERM while a publication runs (the default handlers would kill the process mid-job). */
export function waitForStopSignal(): { signal: Promise<NodeJS.Signals>; dispose(): void } {
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = (name) => resolve(name);
  });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    signal,
    dispose() {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    },
  };
}

/** The metadata fields this command line sets explicitly (they win over an unfinished publication's). */
function givenFields(flags: Record<string, unknown>): PodMetadataField[] {
  const byFlag: [string, PodMetadataField][] = [
    ['title', 'title'],
    ['description', 'description'],
    ['type', 'type'],
    ['licence', 'licence'],
    ['lang', 'mainLang'],
    ['public', 'isDraft'],
    ['draft', 'isDraft'],
  ];
  return [...new Set(byFlag.filter(([name]) => flags[name] !== undefined && flags[name] !== false).map(([, field]) => field))];
}

/** The choices that surprise when wrong are printed, with where they come from. */
function describeWhatIsSent(io: CliIo, metadata: PodMetadata, vocabulary: PodVocabulary, options: { replace: boolean; visibilityGiven: boolean }): void {
  const visibility = options.replace && !options.visibilityGiven ? 'as on Pod (unchanged)' : metadata.isDraft ? 'draft (only its owners can see it; --public to publish it for everyone)' : 'public';
  const show = (field: PodMetadataField) => displayFieldValue(metadata, field, vocabulary);
  io.err(`Visibility: ${visibility}. Language: ${show('mainLang')}. Licence: ${show('licence')}.`);
}

/** Field errors (ours or Pod's) spelled out, with the values the server allows, since the CLI has no form to show them next to. */
function withFieldList(error: unknown, vocabulary: PodVocabulary | null): unknown {
  if (!(error instanceof StudioError)) return error;
  const fields = error.details?.fields as Record<string, string[]> | undefined;
  if (!fields || Object.keys(fields).length === 0) return error;
  const list = Object.entries(fields)
    .map(([field, messages]) => {
      const given = (error.details?.allowed as Record<string, string> | undefined)?.[field];
      const allowed = messages.includes('not_offered') ? (given ?? allowedValuesText(field as PodMetadataField, vocabulary)) : null;
      return `  ${field}: ${messages.join(' ')}${allowed ? ` (allowed: ${allowed})` : ''}`;
    })
    .join('\n');
  return new StudioError(error.code, `${error.message}\n${list}`, error.details);
}
