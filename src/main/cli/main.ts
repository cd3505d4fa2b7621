// Runs in Node (CLI). `capsule`: the headless studio, driving the same services as the app.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toErrorInfo } from '../../shared/errors';
import { createStudio, type Studio } from '../studio';
import { createLogger } from '../log';
import { EXIT_LIBRARY_BUSY, EXIT_USAGE, UsageError, type CliCommand, type CliIo, type StudioCommand } from './command';
import { commandUsage, findCommand, generalUsage, parseCommandLine } from './commandLine';
import { describeOwner } from '../library/libraryLock';
import { describeUnfinishedJobs } from './commands/jobs';
import { commands } from './commands/index';

/** The library the CLI uses: --library, then CAPSULE_LIBRARY, then the app's own userData folder. */
export function defaultLibraryDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CAPSULE_LIBRARY) return path.resolve(env.CAPSULE_LIBRARY);
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Capsule Studio');
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Capsule Studio');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Capsule Studio');
}

/** The version in package.json, the one `npm` and the packaged app report. */
export function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

const defaultIo: CliIo = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) };

/** Whether --json is on the line, looked for before parsing so that even a usage error is answered in JSON. */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/** An error on stderr: `{"error":{code,message}}` with --json, else one line, then the usage for a usage error. */
function reportError(io: CliIo, json: boolean, error: unknown, usage: string | null): number {
  const info = toErrorInfo(error);
  if (json) io.err(JSON.stringify({ error: { code: info.code, message: info.message, ...(info.details ? { details: info.details } : {}), ...(usage ? { usage } : {}) } }));
  else {
    io.err(info.code === 'INTERNAL' ? `Error: ${info.message}` : `Error (${info.code}): ${info.message}`);
    if (usage) io.err(`\n${usage}`);
  }
  if (error instanceof UsageError) return EXIT_USAGE;
  return info.code === 'LIBRARY_BUSY' ? EXIT_LIBRARY_BUSY : 1;
}

export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const json = wantsJson(argv);
  if (argv.length === 0) return reportError(io, json, new UsageError('Give a command.'), generalUsage(commands));
  if (argv[0] === 'help') {
    const found = findCommand(argv.slice(1), commands);
    const known = found.command !== null || found.words.length === 0 || commands.some((command) => found.words.every((word, at) => command.path[at] === word));
    if (!known) return reportError(io, json, new UsageError(`Unknown command: capsule ${found.words.join(' ')}`), generalUsage(commands));
    io.out(found.command ? commandUsage(found.command) : generalUsage(commands, found.words));
    return 0;
  }
  const found = findCommand(argv, commands);
  if (!found.command) {
    if (argv.includes('--version') && found.words.length === 0) {
      const version = cliVersion();
      io.out(json ? JSON.stringify({ version }) : version);
      return 0;
    }
    if ((argv.includes('--help') || argv.includes('-h')) && (found.words.length === 0 || commands.some((command) => command.path[0] === found.words[0]))) {
      io.out(generalUsage(commands, found.words));
      return 0;
    }
    const message = found.words.length > 0 ? `Unknown command: capsule ${found.words.join(' ')}` : `Unknown option or missing command: ${argv.join(' ')}`;
    return reportError(io, json, new UsageError(message), generalUsage(commands, found.words.slice(0, -1)));
  }
  return runCommand(found.command, found.rest, io, json);
}

async function runCommand(command: CliCommand, argv: readonly string[], io: CliIo, json: boolean): Promise<number> {
  let studio: Studio | null = null;
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.out(commandUsage(command));
      return 0;
    }
    const args = parseCommandLine(command, argv);
    if (command.library === 'none') return await command.run(args, io);
    studio = await openStudio(command, args.flags.library, io);
    return await command.run(args, io, studio);
  } catch (error) {
    return reportError(io, json, error, error instanceof UsageError ? commandUsage(command) : null);
  } finally {
    await studio?.close();
  }
}

async function openStudio(command: StudioCommand, libraryFlag: string | undefined, io: CliIo): Promise<Studio> {
  const libraryDir = libraryFlag !== undefined ? path.resolve(libraryFlag) : defaultLibraryDir();
  // The CLI's log goes to stderr, and only warnings: stdout stays clean for --json.
  const studio = await createStudio({
    libraryDir,
    binding: 'cli',
    startJobs: command.startJobs === true,
    // A command runs the job it was asked for; jobs an earlier run left are listed, not run.
    jobScope: 'own',
    access: command.library,
    purpose: `capsule ${command.path.join(' ')}`,
    log: createLogger(undefined, true),
  });
  // Said once per command, the first time a secret is saved without an OS key store.
  studio.context.secrets.onWeakStorage = (description) => io.err(`Warning: ${description}`);
  if (studio.viewOf) io.err(`Note: the library is in use by ${describeOwner(studio.viewOf)}; this is a read-only view.`);
  const waiting = describeUnfinishedJobs(studio.unfinishedJobs);
  if (waiting) io.err(waiting);
  return studio;
}
