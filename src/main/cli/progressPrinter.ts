// Runs in Node (CLI). Shows job progress on stderr: a percentage and an ETA per job.
import type { AnyStudioEventListener } from '../events';
import type { CliIo } from './command';
import { terminalSafe } from './terminalText';
import type { Studio } from '../studio';

export function formatEta(seconds: number | null): string {
  if (seconds === null) return '';
  const s = Math.round(seconds);
  return s >= 60 ? ` ETA ${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : ` ETA ${s}s`;
}

export function progressPrinter(io: CliIo, json: boolean): AnyStudioEventListener {
  let lastLine = '';
  return (name, payload) => {
    if (name !== 'job.progress') return;
    const job = payload as import('../../shared/domain/jobs').JobInfo;
    const percent = job.progress === null ? '' : ` ${Math.round(job.progress * 100)}%`;
    const line = json
      ? JSON.stringify({ job: job.id, kind: job.kind, state: job.state, stage: job.stage, progress: job.progress, etaSeconds: job.etaSeconds })
      : terminalSafe(`${job.kind} ${job.state}${job.stage ? ` (${job.stage})` : ''}${percent}${formatEta(job.etaSeconds)}`);
    if (line === lastLine) return;
    lastLine = line;
    io.err(line);
  };
}

/** Runs `work` while job progress is printed, and stops printing when it ends (or throws). */
export async function withProgress<T>(studio: Studio, io: CliIo, json: boolean, work: () => Promise<T>): Promise<T> {
  const unsubscribe = studio.context.events.subscribe(progressPrinter(io, json));
  try {
    return await work();
  } finally {
    unsubscribe();
  }
}
