// Runs in Node (CLI). `capsule`: the headless studio, driving the same services as the app.
import os from 'node:os';
import path from 'node:path';
import { toErrorInfo } from '../../shared/errors';
import { createStudio, type Studio } from '../studio';
import { createLogger } from '../log';
import { EXIT_LIBRARY_BUSY, type CliCommand, type CliIo } from './command';
import { describeOwner } from '../library/libraryLock';
import { describeUnfinishedJobs } from './commands/jobs';
import { commands } from './commands/index';
import { parseArgs } from './parseArgs';

const GLOBAL_VALUE_FLAGS = ['library'];

/** The library the CLI uses: --library, then CAPSULE_LIBRARY, then the app's own userData folder. */
export function defaultLibraryDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CAPSULE_LIBRARY) return path.resolve(env.CAPSULE_LIBRARY);
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Capsule Studio');
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Capsule Studio');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Capsule Studio');
}

function findCommand(argv: readonly string[]): { command: CliCommand; rest: string[] } | null {
  const words = argv.filter((arg) => !arg.startsWith('--'));
  let best: CliCommand | null = null;
  for (const command of commands) {
    if (command.path.every((word, index) => words[index] === word) && (!best || command.path.length > best.path.length)) best = command;
  }
  if (!best) return null;
  const rest = [...argv];
  for (const word of best.path) rest.splice(rest.indexOf(word), 1);
  return { command: best, rest };
}

function usage(io: CliIo): void {
  io.err('Capsule Studio, headless.\n\nUsage:');
  for (const command of commands) io.err(`  ${command.usage}\n      ${command.summary}`);
  io.err('\nEvery command takes --library DIR (default: $CAPSULE_LIBRARY, else the app\'s library).');
}

export async function main(argv: readonly string[], io: CliIo = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) }): Promise<number> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    usage(io);
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    io.err(`Unknown command: ${argv.join(' ')}`);
    usage(io);
    return 2;
  }
  const { command, rest } = found;
  let studio: Studio | null = null;
  try {
    const args = parseArgs(rest, [...GLOBAL_VALUE_FLAGS, ...(command.valueFlags ?? [])]);
    if (args.flags.help === true) {
      io.err(command.usage);
      return 0;
    }
    if (command.needsStudio !== false) {
      const libraryDir = typeof args.flags.library === 'string' ? path.resolve(args.flags.library) : defaultLibraryDir();
      // The CLI's log goes to stderr, and only warnings: stdout stays clean for --json.
      studio = await createStudio({
        libraryDir,
        binding: 'cli',
        startJobs: command.startJobs === true,
        // A command runs the job it was asked for; jobs an earlier run left are listed, not run.
        jobScope: 'own',
        access: command.libraryAccess ?? 'write',
        purpose: `capsule ${command.path.join(' ')}`,
        log: createLogger(undefined, true),
      });
      // Said once per command, the first time a secret is saved without an OS key store.
      studio.context.secrets.onWeakStorage = (description) => io.err(`Warning: ${description}`);
      if (studio.viewOf) io.err(`Note: the library is in use by ${describeOwner(studio.viewOf)}; this is a read-only view.`);
      const waiting = describeUnfinishedJobs(studio.unfinishedJobs);
      if (waiting) io.err(waiting);
    }
    return await command.run(args, io, studio);
  } catch (error) {
    const info = toErrorInfo(error);
    io.err(info.code === 'INTERNAL' ? `Error: ${info.message}` : `Error (${info.code}): ${info.message}`);
    return info.code === 'LIBRARY_BUSY' ? EXIT_LIBRARY_BUSY : 1;
  } finally {
    await studio?.close();
  }
}
