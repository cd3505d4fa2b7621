// Runs in Node (CLI). `capsule jobs list | resume`: a command runs only the job it was asked for, so
// jobs an earlier run left unfinished (a crash, a kill) wait here until the user resumes them.
import type { JobInfo } from '../../../shared/domain/jobs';
import { StudioError } from '../../../shared/errors';
import type { CliCommand } from '../command';
import { progressPrinter } from '../progressPrinter';
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

export const jobsListCommand: CliCommand = {
  path: ['jobs', 'list'],
  usage: 'capsule jobs list [--all] [--library DIR] [--json]',
  summary: 'List unfinished jobs (--all: the 200 most recent jobs).',
  needsStudio: true,
  libraryAccess: 'read',
  async run(args, io, studio) {
    const jobs = studio!.context.jobs.list({ activeOnly: args.flags.all !== true });
    if (args.flags.json === true) io.out(JSON.stringify(jobs, null, 2));
    else if (jobs.length === 0) io.out('No unfinished job.');
    else for (const job of jobs) io.out(`${job.id}  ${job.state.padEnd(9)}  ${job.kind}  ${terminalSafe(job.title)}`);
    return 0;
  },
};

export const jobsResumeCommand: CliCommand = {
  path: ['jobs', 'resume'],
  usage: 'capsule jobs resume <id…> | --all [--library DIR] [--json]',
  summary: 'Run jobs an earlier run left unfinished (or failed/cancelled ones again) and wait for them.',
  needsStudio: true,
  startJobs: true,
  async run(args, io, studio) {
    const jobs = studio!.context.jobs;
    const ids = args.flags.all === true ? studio!.unfinishedJobs.map((job) => job.id) : args.positionals;
    if (ids.length === 0) {
      if (args.flags.all === true) {
        io.err('No unfinished job.');
        return 0;
      }
      throw new StudioError('BAD_ARGS', `Usage: ${this.usage}`);
    }
    const unsubscribe = studio!.context.events.subscribe(progressPrinter(io, args.flags.json === true));
    try {
      for (const id of ids) jobs.resume(id);
      const finished = await Promise.all(ids.map((id) => jobs.wait(id)));
      for (const job of finished) io.out(args.flags.json === true ? JSON.stringify(job) : `${job.id}  ${job.state}  ${terminalSafe(job.title)}`);
      return finished.every((job) => job.state === 'done') ? 0 : 1;
    } finally {
      unsubscribe();
    }
  },
};

export const jobsCommands: CliCommand[] = [jobsListCommand, jobsResumeCommand];
