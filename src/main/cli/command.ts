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
  /**
   * 'read' commands (list, show) still work, as a read-only view, while another process owns the
   * library; 'write' commands (the default) are refused with exit code EXIT_LIBRARY_BUSY.
   */
  libraryAccess?: 'read' | 'write';
  run(args: ParsedArgs, io: CliIo, studio: Studio | null): Promise<number>;
}

/** Exit code of a command refused because another process owns the library (sysexits EX_TEMPFAIL: try again later). */
export const EXIT_LIBRARY_BUSY = 75;
