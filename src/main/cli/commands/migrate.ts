// Runs in Node (CLI). `capsule migrate bbb-to-pod`: a whole BigBlueButton/Scalelite server's recordings, each
// published once as a video in its owner's Pod account. Progress per recording on stderr, a summary table (or
// the JSON report) at the end; `--shard I/N` lets N copies (a Kubernetes Indexed Job, a Slurm array, GNU
// parallel) split the work with no coordinator. See deploy/README.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanMeetingIds } from '../../bbb/profileStore';
import { migrateBbbToPod } from '../../migrate/bbbToPod';
import { parseShard } from '../../migrate/shard';
import { defineCommand, UsageError, type CliCommand } from '../command';
import { progressPrinter } from '../progressPrinter';
import { terminalSafe } from '../terminalText';
import { metaFlag } from './bbb';
import { waitForStopSignal } from './publish';
import { summaryTable } from '../../migrate/migrationReport';

/** `--since 2025-09-01` (a day, UTC) or a full ISO date-time. */
export function sinceFlag(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms)) throw new UsageError(`--since expects a date such as 2025-09-01 (or 2025-09-01T08:00:00Z), got "${raw}".`);
  return ms;
}

export const migrateBbbToPodCommand = defineCommand({
  path: ['migrate', 'bbb-to-pod'],
  synopsis: '--bbb-profile B --pod-profile P [--shard I/N] [--owner-from KEY] [--dry-run]',
  operands: { min: 0, max: 0 },
  summary:
    "Publish a BigBlueButton/Scalelite server's recordings to Pod, each once, in its owner's account: import, publish, remember; a rerun continues and never publishes twice. --shard I/N splits the work between N copies (see deploy/README.md).",
  options: {
    'bbb-profile': { type: 'string', value: 'NAME', help: 'The BigBlueButton profile (capsule bbb profile add).' },
    'pod-profile': { type: 'string', value: 'NAME', help: 'The Pod profile: its token must be a staff token allowed to publish for others (capsule pod profile add).' },
    meeting: { type: 'string', value: 'ID,ID', help: "Only these meetings (overrides the profile's)." },
    meta: { type: 'string', value: 'key=value', help: 'Only recordings with this metadata (several: key=value;key2=value2).' },
    since: { type: 'string', value: 'DATE', help: 'Only recordings started on or after this date (2025-09-01, UTC).' },
    'owner-from': { type: 'string', value: 'KEY', help: "The BBB metadata key holding the owner's Pod username; without it every video goes to the Pod profile's account." },
    shard: { type: 'string', value: 'I/N', help: 'Take only share I of N (I from 0), chosen by a hash of the record ID: N copies split the work.' },
    'dry-run': { type: 'boolean', help: 'List what would be done; import, publish and record nothing.' },
    public: { type: 'boolean', help: 'Publish the videos for everyone (default: drafts, visible to their owners only).' },
    report: { type: 'string', value: 'FILE.json', help: 'Write the JSON report there.' },
    'keep-capsules': { type: 'boolean', help: 'Keep each imported capsule in the library once its video is on Pod (default: removed, to free the disk).' },
  },
  library: 'write',
  startJobs: true,
  async run(args, io, studio) {
    const { flags } = args;
    const bbbProfile = flags['bbb-profile'];
    const podProfile = flags['pod-profile'];
    if (!bbbProfile || !podProfile) throw new UsageError('Say which servers: --bbb-profile NAME --pod-profile NAME.');
    const shard = parseShard(flags.shard);
    if (typeof shard === 'string') throw new UsageError(shard);
    const ownerFrom = flags['owner-from']?.trim();
    if (ownerFrom !== undefined && !/^[A-Za-z0-9_-]{1,100}$/.test(ownerFrom)) throw new UsageError(`--owner-from expects a metadata key (letters, digits, - and _), got "${flags['owner-from']}".`);
    const json = flags.json === true;
    const say = (line: string) => io.err(json ? JSON.stringify({ migrate: line }) : terminalSafe(line));
    const unsubscribe = studio.context.events.subscribe(progressPrinter(io, json));
    const stopSignal = waitForStopSignal();
    const stopper = new AbortController();
    // Set from the signal's callback: a holder, so the type stays what it is at run time.
    const stopped: { by: NodeJS.Signals | null } = { by: null };
    void stopSignal.signal.then((signal) => {
      stopped.by = signal;
      stopper.abort();
    });
    try {
      const report = await migrateBbbToPod(
        studio,
        {
          bbbProfile,
          podProfile,
          meetingIds: flags.meeting ? cleanMeetingIds(flags.meeting.split(',')) : undefined,
          metaFilters: flags.meta ? metaFlag(flags.meta) : undefined,
          since: sinceFlag(flags.since),
          ownerFrom,
          shard,
          dryRun: flags['dry-run'] === true,
          isPublic: flags.public === true,
          keepCapsules: flags['keep-capsules'] === true,
          stop: stopper.signal,
        },
        {
          say,
          done(outcome, position, total) {
            const where = outcome.pageUrl ?? (outcome.error ? `${outcome.error.code}: ${outcome.error.message}` : '');
            say(`[${position}/${total}] ${outcome.recordId}${outcome.owner ? ` (${outcome.owner})` : ''}: ${outcome.outcome}${where ? ` ${where}` : ''}`);
          },
        },
      );
      const stoppedBy = stopped.by;
      report.stoppedBy = stoppedBy;
      if (flags.report) {
        const target = path.resolve(flags.report);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, `${JSON.stringify(report, null, 2)}\n`);
      }
      if (json) io.out(JSON.stringify(report, null, 2));
      else for (const line of summaryTable(report)) io.out(terminalSafe(line));
      if (stoppedBy) {
        io.err(`Stopped by ${stoppedBy}. Run the same command again to continue: what is on Pod is found again, nothing is published twice.`);
        return stoppedBy === 'SIGINT' ? 130 : 143;
      }
      return report.counts.failed > 0 ? 1 : 0;
    } finally {
      stopSignal.dispose();
      unsubscribe();
    }
  },
});

export const migrateCommands: CliCommand[] = [migrateBbbToPodCommand];
