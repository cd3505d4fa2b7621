// Runs in Node (CLI). One `capsule` sub-command. Commands register in commands/index.ts.
import type { Studio } from '../studio';

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean>;
}

export interface CliIo {
  /** Normal output (stdout): JSON with --json, text otherwise. */
  out(text: string): void;
  /** Progress and diagnostics (stderr). */
  err(text: string): void;
}

export interface CliCommand {
  /** Words that select the command, for example ['bbb', 'list']. */
  path: string[];
  usage: string;
  summary: string;
  /** Flags that take a value (all others are booleans). */
  valueFlags?: string[];
  /** Whether the command needs the library (most do); the job queue starts only when needed. */
  needsStudio?: boolean;
  startJobs?: boolean;
  run(args: ParsedArgs, io: CliIo, studio: Studio | null): Promise<number>;
}
