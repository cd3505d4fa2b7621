// Runs in Node (CLI). `capsule jobs list | resume`: a command runs only the job it was asked for, so
// jobs an earlier run left unfinished (a crash, a kill) wait here until the user resumes them.
import type { JobInfo } from '../../../shared/domain/jobs';
import { defineCommand, UsageError, type CliCommand } from '../command';
import { withProgress } from '../progressPrinter';
import { terminalSafe } from '../terminalText';

/** The stderr notice about jobs left waiting, or '' when there are none. */
export function describeUnfinishedJobs(jobs: readonly JobInfo[]): string {
  if (jobs.length === 0) return '';
  const lines = jobs.map((job) => `  ${job.id}  ${job.kind}  ${terminalSafe(job.title)}`);
  return [
    `${jobs.length} unfinished job(s) from an earlier run are waiting (this command does not run them):`,
    ...lines,
    'Resume them with: capsule jobs resume <id> (or --all), or open the library in the app.',
  ].join('\n');
}

export const jobsListCommand = defineCommand({
  path: ['jobs', 'list'],
  operands: { min: 0, max: 0 },
  summary: 'List unfinished jobs (--all: the 200 most recent jobs).',
  options: { all: { type: 'boolean', help: 'The 200 most recent jobs, finished ones included.' } },
  library: 'read',
  async run(args, io, studio) {
    const jobs = studio.context.jobs.list({ activeOnly: args.flags.all !== true });
    if (args.flags.json === true) io.out(JSON.stringify(jobs, null, 2));
    else if (jobs.length === 0) io.out('No unfinished job.');
    else for (const job of jobs) io.out(`${job.id}  ${job.state.padEnd(9)}  ${job.kind}  ${terminalSafe(job.title)}`);
    return 0;
  },
});

export const jobsResumeCommand = defineCommand({
  path: ['jobs', 'resume'],
  synopsis: '<id…> | --all',
  operands: { min: 0, max: Number.POSITIVE_INFINITY },
  summary: 'Run jobs an earlier run left unfinished (or failed/cancelled ones again) and wait for them.',
  options: { all: { type: 'boolean', help: 'Every unfinished job.' } },
  library: 'write',
  startJobs: true,
  async run(args, io, studio) {
    const jobs = studio.context.jobs;
    if (args.flags.all === true && args.positionals.length > 0) throw new UsageError('Give job ids or --all, not both.');
    const ids = args.flags.all === true ? studio.unfinishedJobs.map((job) => job.id) : args.positionals;
    if (ids.length === 0) {
      if (args.flags.all === true) {
        io.err('No unfinished job.');
        return 0;
      }
      throw new UsageError('Give the ids of the jobs to resume (see capsule jobs list), or --all.');
    }
    return withProgress(studio, io, args.flags.json === true, async () => {
      for (const id of ids) jobs.resume(id);
      const finished = await Promise.all(ids.map((id) => jobs.wait(id)));
      for (const job of finished) io.out(args.flags.json === true ? JSON.stringify(job) : `${job.id}  ${job.state}  ${terminalSafe(job.title)}`);
      return finished.every((job) => job.state === 'done') ? 0 : 1;
    });
  },
});

export const jobsCommands: CliCommand[] = [jobsListCommand, jobsResumeCommand];
