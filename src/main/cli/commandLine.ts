// Runs in Node (CLI). Reads a `capsule` command line with node:util parseArgs in strict mode: finds the
// command's words (global flags may come before, between or after them), checks every flag against the
// command's options table, and turns each mistake into a UsageError that names the flag.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { GLOBAL_OPTIONS, UsageError, type CliCommand, type CommandArgs, type FlagSpec, type OptionsTable } from './command';

export interface FoundCommand {
  command: CliCommand | null;
  /** The words read (the last one may be the first that names no command), for the message when they name none. */
  words: string[];
  /** The argument list without the command words, for parseCommandLine. */
  rest: string[];
}

function globalFlagTakesValue(arg: string): boolean | null {
  if (!arg.startsWith('-') || arg === '-' || arg === '--') return null;
  const name = arg.startsWith('--') ? arg.slice(2).split('=')[0]! : arg.slice(1);
  const spec = Object.entries(GLOBAL_OPTIONS).find(([long, option]) => long === name || ('short' in option && option.short === name))?.[1];
  if (!spec) return null;
  return spec.type === 'string' && !arg.includes('=');
}

/**
 * The longest command whose words open the line, global flags skipped wherever they are
 * (`capsule --library DIR list` and `capsule list --library DIR` are the same command).
 */
export function findCommand(argv: readonly string[], commands: readonly CliCommand[]): FoundCommand {
  const words: string[] = [];
  const wordIndexes: number[] = [];
  let best: { command: CliCommand; wordCount: number } | null = null;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    const takesValue = globalFlagTakesValue(arg);
    if (takesValue !== null) {
      if (takesValue) index += 1;
      continue;
    }
    if (arg.startsWith('-')) break;
    words.push(arg);
    if (!commands.some((command) => words.every((word, at) => command.path[at] === word))) break;
    wordIndexes.push(index);
    const match = commands.find((command) => command.path.length === words.length && command.path.every((word, at) => words[at] === word));
    if (match) best = { command: match, wordCount: words.length };
  }
  const used = new Set(wordIndexes.slice(0, best?.wordCount ?? 0));
  return { command: best?.command ?? null, words, rest: argv.filter((_, index) => !used.has(index)) };
}

function allOptions(command: CliCommand): Record<string, FlagSpec> {
  return { ...command.options, ...GLOBAL_OPTIONS };
}

function flagName(name: string, spec: FlagSpec | undefined): string {
  return spec?.type === 'string' ? `--${name} ${spec.value}` : `--${name}`;
}

/** The closest known flag, for "did you mean": at most two edits away (one for short names), or a shared prefix. */
function closestFlag(name: string, known: readonly string[]): string | null {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, index) => index);
    for (let i = 1; i <= a.length; i += 1) {
      let previous = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j += 1) {
        const current = row[j]!;
        row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = current;
      }
    }
    return row[b.length]!;
  };
  const ranked = known.map((candidate) => ({ candidate, cost: distance(name, candidate) })).sort((a, b) => a.cost - b.cost);
  const best = ranked[0];
  if (best && best.cost <= (name.length >= 4 ? 2 : 1)) return best.candidate;
  return known.find((candidate) => candidate.startsWith(name) || name.startsWith(candidate)) ?? null;
}

/** Explains why strict parsing refused the line, flag by flag (node's own message says less). */
function explainRefusal(command: CliCommand, argv: readonly string[], fallback: string): UsageError {
  const options = allOptions(command);
  const { tokens } = parseArgs({ args: [...argv], options: toParseArgsOptions(options), strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = options[token.name];
    const written = token.rawName;
    if (!spec) {
      const suggestion = closestFlag(token.name, Object.keys(options));
      return new UsageError(`Unknown option ${written} for \`capsule ${command.path.join(' ')}\`.${suggestion ? ` Did you mean --${suggestion}?` : ''}`);
    }
    if (spec.type === 'boolean' && token.value !== undefined) {
      return new UsageError(spec.ifValueGiven ?? `${written} takes no value (write ${written} alone).`);
    }
    if (spec.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))) {
      return new UsageError(`${flagName(token.name, spec)}: the value is missing${token.value ? ` (to give one that starts with "-", write --${token.name}=${token.value})` : ''}.`);
    }
  }
  return new UsageError(fallback);
}

function toParseArgsOptions(options: Record<string, FlagSpec>): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(Object.entries(options).map(([name, spec]) => [name, spec.short ? { type: spec.type, short: spec.short } : { type: spec.type }]));
}

/** Checks a string flag against its `choices` or `number` range; returns the value the command receives. */
function typedValue(name: string, spec: FlagSpec, raw: string | boolean): string | number | boolean {
  if (spec.type === 'boolean' || typeof raw === 'boolean') return raw;
  if (spec.choices && !spec.choices.includes(raw)) throw new UsageError(`--${name} must be ${describeChoices(spec.choices)}; got "${raw}".`);
  if (spec.number) {
    const { min, max, integer } = spec.number;
    const value = raw.trim() === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(value) || value < min || value > max || (integer === true && !Number.isInteger(value))) {
      throw new UsageError(`--${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}; got "${raw}".`);
    }
    return value;
  }
  return raw;
}

function describeChoices(choices: readonly string[]): string {
  return choices.length === 1 ? choices[0]! : `${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]!}`;
}

/** Parses the arguments after the command words, strictly: unknown flags, missing values and extra operands are usage errors. */
export function parseCommandLine<O extends OptionsTable>(command: CliCommand<O>, argv: readonly string[]): CommandArgs<O> {
  const options = allOptions(command);
  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: toParseArgsOptions(options), strict: true, allowPositionals: true });
  } catch (error) {
    throw explainRefusal(command, argv, (error as Error).message);
  }
  const flags: Record<string, string | number | boolean> = {};
  for (const [name, raw] of Object.entries(parsed.values)) {
    const spec = options[name];
    // No option is declared `multiple`: a value is one string or one boolean.
    if (raw === undefined || Array.isArray(raw) || !spec) continue;
    flags[name] = typedValue(name, spec, raw);
  }
  for (const [first, second] of command.exclusive ?? []) {
    if (flags[first] !== undefined && flags[second] !== undefined) throw new UsageError(`Give --${first} or --${second}, not both.`);
  }
  const { positionals } = parsed;
  const { min, max } = command.operands;
  if (positionals.length > max) throw new UsageError(`Unexpected argument${positionals.length - max > 1 ? 's' : ''}: ${positionals.slice(max).join(' ')}.`);
  if (positionals.length < min) throw new UsageError(`Missing ${command.synopsis?.split(' ')[positionals.length] ?? 'argument'}.`);
  return {
    flags: flags as CommandArgs<O>['flags'],
    positionals,
    positional(index) {
      const value = positionals[index];
      if (value === undefined) throw new UsageError(`Missing ${command.synopsis?.split(' ')[index] ?? 'argument'}.`);
      return value;
    },
  };
}

function usageLine(command: CliCommand): string {
  const hasOptions = Object.keys(command.options).length > 0;
  return ['capsule', ...command.path, command.synopsis, hasOptions ? '[options]' : ''].filter(Boolean).join(' ');
}

function optionLines(options: Record<string, FlagSpec>): string[] {
  const entries = Object.entries(options).map(([name, spec]) => {
    const left = `${spec.short ? `-${spec.short}, ` : ''}${flagName(name, spec)}`;
    const allowed = spec.type === 'string' && spec.choices ? ` (${spec.choices.join(' | ')})` : spec.type === 'string' && spec.number ? ` (${spec.number.min} to ${spec.number.max})` : '';
    return { left, right: `${spec.help}${allowed}` };
  });
  const width = Math.max(0, ...entries.map((entry) => entry.left.length));
  return entries.map((entry) => `  ${entry.left.padEnd(width)}  ${entry.right}`);
}

/** The help of one command: usage line, what it does, its options, then the global ones. */
export function commandUsage(command: CliCommand): string {
  const lines = [`Usage: ${usageLine(command)}`, '', command.summary];
  if (Object.keys(command.options).length > 0) lines.push('', 'Options:', ...optionLines(command.options));
  lines.push('', 'Global options (anywhere on the line):', ...optionLines(GLOBAL_OPTIONS));
  return lines.join('\n');
}

/** The help of the whole CLI, or of the commands that start with `words` (`capsule bbb`). */
export function generalUsage(commands: readonly CliCommand[], words: readonly string[] = []): string {
  const shown = commands.filter((command) => words.every((word, index) => command.path[index] === word));
  const lines = ['Capsule Studio, headless.', '', 'Usage:'];
  for (const command of shown.length > 0 ? shown : commands) lines.push(`  ${usageLine(command)}`, `      ${command.summary}`);
  const topLevel = { ...GLOBAL_OPTIONS, version: { type: 'boolean', help: 'Print the version (alone: capsule --version).' } } as const;
  lines.push('', 'Global options (anywhere on the line):', ...optionLines(topLevel));
  lines.push('', 'Exit codes: 0 done, 1 failed, 2 usage error, 75 library in use by another process, 130 interrupted (Ctrl-C).');
  lines.push('Help on one command: capsule <command> --help, or capsule help <command>.');
  return lines.join('\n');
}
