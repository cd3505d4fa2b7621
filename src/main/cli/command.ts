// Runs in Node (CLI). One `capsule` sub-command: its words, its typed options table, and whether it
// gets the library (a Studio) or not. Commands register in commands/index.ts.
import { StudioError } from '../../shared/errors';
import type { Studio } from '../studio';

export interface CliIo {
  /** Normal output (stdout): JSON with --json, text otherwise. */
  out(text: string): void;
  /** Progress and diagnostics (stderr). */
  err(text: string): void;
}

/** An inclusive numeric range a flag's value must fall in. */
export interface NumberRange {
  min: number;
  max: number;
  integer?: boolean;
}

/**
 * One flag of a command. `node:util` parseArgs reads `type` and `short`; the rest is checked after it:
 * `choices` (the value must be one of them) or `number` (the value is a number in the range).
 */
export type FlagSpec =
  | { type: 'boolean'; short?: string; help: string; /** Said when the flag is given a value (--draft=false). */ ifValueGiven?: string }
  | { type: 'string'; short?: string; value: string; help: string; choices?: readonly string[]; number?: NumberRange };

export type OptionsTable = Readonly<Record<string, FlagSpec>>;

type FlagValue<S extends FlagSpec> = S extends { type: 'boolean' }
  ? boolean
  : S extends { choices: readonly (infer C extends string)[] }
    ? C
    : S extends { number: NumberRange }
      ? number
      : string;

/** What the command receives for its options table: absent flags are undefined. */
export type FlagValues<O extends OptionsTable> = { -readonly [K in keyof O]?: FlagValue<O[K]> };

/** The flags every command takes, wherever they appear on the line. */
export const GLOBAL_OPTIONS = {
  library: { type: 'string', value: 'DIR', help: "The library folder (default: $CAPSULE_LIBRARY, else the app's library)." },
  json: { type: 'boolean', help: 'Print the result, progress and errors as JSON.' },
  help: { type: 'boolean', short: 'h', help: 'Show this help.' },
} as const satisfies OptionsTable;

export interface CommandArgs<O extends OptionsTable> {
  flags: FlagValues<O> & FlagValues<typeof GLOBAL_OPTIONS>;
  /** The positional arguments, their count already checked against the command's `operands`. */
  positionals: readonly string[];
  /** Positional `index`, required: a usage error when it is missing. */
  positional(index: number): string;
}

interface CommandBase<O extends OptionsTable> {
  /** Words that select the command, for example ['bbb', 'list']. */
  path: readonly string[];
  /** What follows the words in the usage line, for example '<file.pdf>' or '<capsule> --out FILE.mp4'. */
  synopsis?: string;
  /** How many positional arguments the command takes. */
  operands: { min: number; max: number };
  summary: string;
  options: O;
  /** Pairs of flags that cannot be given together (a usage error). */
  exclusive?: readonly (readonly [keyof O & string, keyof O & string])[];
}

/** A command that opens the library: it receives the Studio. */
export interface StudioCommand<O extends OptionsTable = OptionsTable> extends CommandBase<O> {
  /**
   * 'read' commands (list, show) still work, as a read-only view, while another process owns the
   * library; 'write' commands are refused with exit code EXIT_LIBRARY_BUSY.
   */
  library: 'read' | 'write';
  /** Whether the job queue runs (commands that wait for a job). */
  startJobs?: boolean;
  run(args: CommandArgs<O>, io: CliIo, studio: Studio): Promise<number>;
}

/** A command that never opens the library. */
export interface PlainCommand<O extends OptionsTable = OptionsTable> extends CommandBase<O> {
  library: 'none';
  run(args: CommandArgs<O>, io: CliIo): Promise<number>;
}

export type CliCommand<O extends OptionsTable = OptionsTable> = StudioCommand<O> | PlainCommand<O>;

/** Keeps each command's options table precise (literal choices, numbers) while it joins the list. */
export function defineCommand<const O extends OptionsTable>(command: CliCommand<O>): CliCommand {
  return command;
}

/** A mistake in how the command was called: exit code EXIT_USAGE, with the command's usage. */
export class UsageError extends StudioError {
  constructor(message: string) {
    super('BAD_ARGS', message);
    this.name = 'UsageError';
  }
}

/** Exit code of a usage error (BSD sysexits EX_USAGE is 64; 2 is what getopt-style tools and shells use). */
export const EXIT_USAGE = 2;
/** Exit code of a command refused because another process owns the library (sysexits EX_TEMPFAIL: try again later). */
export const EXIT_LIBRARY_BUSY = 75;
