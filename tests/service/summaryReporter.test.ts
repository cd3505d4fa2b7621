// Runs in Node (service test). The closing line CI reads ("N passed, N failed, N skipped") agrees
// with Vitest's exit code: a real nested Vitest run over files that pass, fail in a hook, fail to
// load, or throw outside any test.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../support/tempDir';

const vitestCli = path.join(repoRoot, 'node_modules/vitest/vitest.mjs');
const reporter = path.join(repoRoot, 'tests/support/summaryReporter.ts');

function runVitest(files: Record<string, string>): Promise<{ code: number | null; lastLine: string; failureLines: string[]; output: string }> {
  const dir = tempDir('summary-reporter-');
  // Globals, so that the files need no `import 'vitest'` from outside the repository.
  const config = { test: { include: ['*.check.mjs'], globals: true, reporters: [reporter], pool: 'forks', poolOptions: { forks: { maxForks: 1, minForks: 1 } } } };
  writeFileSync(path.join(dir, 'vitest.config.mjs'), `export default ${JSON.stringify(config)};\n`);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vitestCli, 'run', '--root', dir, '--config', path.join(dir, 'vitest.config.mjs')], { cwd: dir, env: { ...process.env, CI: 'true' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = output.split('\n').map((line) => line.trim()).filter((line) => /^\d+ passed, \d+ failed, \d+ skipped$/.test(line));
      const failureLines = output.split('\n').filter((line) => line.startsWith('failed: ')).sort();
      resolve({ code, lastLine: lines.at(-1) ?? '', failureLines, output });
    });
  });
}

describe('the summary line CI reads', () => {
  it('counts passing tests and exits 0', async () => {
    const run = await runVitest({ 'ok.check.mjs': "test('adds', () => expect(1 + 1).toBe(2));\n" });
    expect(run.lastLine, run.output).toBe('1 passed, 0 failed, 0 skipped');
    expect(run.code).toBe(0);
    expect(run.failureLines).toEqual([]);
  });

  it('counts a failed hook, a file that does not load and an error outside any test as failures', async () => {
    const run = await runVitest({
      'ok.check.mjs': "test('adds', () => expect(1 + 1).toBe(2));\n",
      'hook.check.mjs': "beforeAll(() => { throw new Error('setup broke'); });\ntest('one', () => {});\ntest('two', () => {});\n",
      'load.check.mjs': "import './no-such-module.mjs';\ntest('never runs', () => {});\n",
      'unhandled.check.mjs': "test('leaves a rejection behind', () => { Promise.reject(new Error('nobody waits for this')); });\n",
    });
    // Passed: ok, and the test that left the rejection; skipped: the two tests behind the failed hook.
    expect(run.lastLine, run.output).toBe('2 passed, 3 failed, 2 skipped');
    expect(run.code).toBe(1);
    // CI shows only the end of its log: each failure is named there, with the first line of its error.
    expect(run.failureLines, run.output).toEqual([
      'failed: hook.check.mjs: setup broke',
      expect.stringMatching(/^failed: load\.check\.mjs: .*no-such-module/),
      'failed: outside any test: nobody waits for this',
    ]);
  });

  it('names a failed test with its file, its name and the first line of its error', async () => {
    const run = await runVitest({
      'ok.check.mjs': "test('adds', () => expect(1 + 1).toBe(2));\n",
      'bad.check.mjs': "describe('sums', () => { test('are wrong', () => expect(1 + 1, 'one and one').toBe(3)); });\n",
    });
    expect(run.lastLine, run.output).toBe('1 passed, 1 failed, 0 skipped');
    expect(run.failureLines, run.output).toEqual(['failed: bad.check.mjs › sums > are wrong: one and one: expected 2 to be 3 // Object.is equality']);
  });
});
