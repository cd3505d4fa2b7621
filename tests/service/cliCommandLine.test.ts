// Runs in Node (tests). The pure part of the strict command line: which command the words name (global
// flags anywhere), and how one options table turns arguments into typed values or usage errors.
import { describe, expect, it } from 'vitest';
import { defineCommand, UsageError, type CliCommand } from '../../src/main/cli/command';
import { commandUsage, findCommand, parseCommandLine } from '../../src/main/cli/commandLine';
import { commands } from '../../src/main/cli/commands/index';

const probe = {
  path: ['probe', 'run'],
  synopsis: '<input>',
  operands: { min: 1, max: 2 },
  summary: 'A command for this test.',
  options: {
    height: { type: 'string', value: 'PIXELS', help: 'Height.', choices: ['1080', '720'] },
    fps: { type: 'string', value: 'N', help: 'Frames a second.', number: { min: 5, max: 30, integer: true } },
    loop: { type: 'boolean', help: 'Loop.' },
    name: { type: 'string', value: 'NAME', help: 'A name.' },
  },
  library: 'none',
  async run() {
    return 0;
  },
} as const satisfies CliCommand;

describe('findCommand', () => {
  it('finds the longest command whatever global flags come before or between its words', () => {
    expect(findCommand(['--library', '/lib', 'list'], commands)).toMatchObject({ command: { path: ['list'] }, rest: ['--library', '/lib'] });
    expect(findCommand(['pod', '--json', 'profile', 'add', 'Campus'], commands)).toMatchObject({ command: { path: ['pod', 'profile', 'add'] }, rest: ['--json', 'Campus'] });
    expect(findCommand(['--library=/lib', 'take', 'list', 'abc'], commands)).toMatchObject({ command: { path: ['take', 'list'] }, rest: ['--library=/lib', 'abc'] });
    expect(findCommand(['take', 'rename'], commands)).toMatchObject({ command: null, words: ['take', 'rename'] });
    // A command word after a command-specific flag is an operand, not a command word.
    expect(findCommand(['show', 'list'], commands)).toMatchObject({ command: { path: ['show'] }, rest: ['list'] });
  });
});

describe('parseCommandLine', () => {
  it('gives typed values: choices, numbers, booleans, operands, and operands after --', () => {
    const args = parseCommandLine(probe, ['in.mp4', '--height', '720', '--fps=25', '--loop', '--json', '--', '--not-a-flag']);
    const height: '1080' | '720' | undefined = args.flags.height;
    const fps: number | undefined = args.flags.fps;
    expect({ height, fps, loop: args.flags.loop, json: args.flags.json, name: args.flags.name }).toEqual({ height: '720', fps: 25, loop: true, json: true, name: undefined });
    expect(args.positionals).toEqual(['in.mp4', '--not-a-flag']);
    expect(args.positional(0)).toBe('in.mp4');
  });

  it('refuses with a UsageError that names the flag', () => {
    const refusal = (argv: string[]) => {
      try {
        parseCommandLine(probe, argv);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error(`accepted: ${argv.join(' ')}`);
    };
    expect(refusal(['in', '--nam', 'x'])).toBe('Unknown option --nam for `capsule probe run`. Did you mean --name?');
    expect(refusal(['in', '--height', '640'])).toBe('--height must be 1080 or 720; got "640".');
    expect(refusal(['in', '--fps', '7.5'])).toBe('--fps must be a whole number from 5 to 30; got "7.5".');
    expect(refusal(['in', '--fps', ''])).toBe('--fps must be a whole number from 5 to 30; got "".');
    expect(refusal(['in', '--loop=no'])).toBe('--loop takes no value (write --loop alone).');
    expect(refusal(['in', '--name'])).toBe('--name NAME: the value is missing.');
    expect(refusal([])).toBe('Missing <input>.');
    expect(refusal(['a', 'b', 'c'])).toBe('Unexpected argument: c.');
  });

  it('writes the usage from the table', () => {
    const usage = commandUsage(defineCommand(probe));
    expect(usage).toMatch(/^Usage: capsule probe run <input> \[options\]/);
    expect(usage).toMatch(/--height PIXELS {2}Height\. \(1080 \| 720\)/);
    expect(usage).toMatch(/--fps N +Frames a second\. \(5 to 30\)/);
    expect(usage).toMatch(/--library DIR/);
  });
});
