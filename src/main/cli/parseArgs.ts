// Runs anywhere (pure). Splits `capsule` arguments into positionals and --flags.
import type { ParsedArgs } from './command';

export function parseArgs(argv: readonly string[], valueFlags: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === '--') {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
      if (eq > 0) flags[name] = arg.slice(eq + 1);
      else if (valueFlags.includes(name)) {
        const value = argv[index + 1];
        if (value === undefined) throw new Error(`--${name} needs a value`);
        flags[name] = value;
        index += 1;
      } else flags[name] = true;
    } else positionals.push(arg);
  }
  return { positionals, flags };
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags[name];
  return typeof value === 'string' ? value : undefined;
}
