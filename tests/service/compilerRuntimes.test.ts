// Runs in Node (tests). Proves that each runtime's compiler config refuses what that runtime lacks: a
// deliberate violation per rule (`node:fs` or `window` in shared code, Node in the renderer, `window` in
// the main process…) is written into a temporary folder and compiled with the runtime's own tsconfig,
// next to a clean file that must compile, so a failure can only come from the violation.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
// Inside the repository (.tsbuild/ is ignored by git) so that `types: ["node"]` finds node_modules/@types.
mkdirSync(path.join(root, '.tsbuild'), { recursive: true });
const scratch = mkdtempSync(path.join(root, '.tsbuild', 'runtime-violations-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Runtime = 'shared' | 'renderer' | 'main' | 'preload';

/** Code each runtime must accept: what it is for. */
const CLEAN: Record<Runtime, string> = {
  shared: `export const host = new URL('https://pod.example.edu/video/1').hostname;\nexport const bytes = new TextEncoder().encode(host).byteLength;\n`,
  renderer: `export const title = document.title + window.location.hash;\n`,
  main: `import { readFileSync } from 'node:fs';\nexport const size = readFileSync(process.execPath).byteLength;\n`,
  preload: `import { contextBridge } from 'electron';\nexport const expose = (api: Record<string, unknown>) => contextBridge.exposeInMainWorld('studio', api);\n`,
};

/** One file per rule; each must fail to compile with the given error. */
const VIOLATIONS: Record<Runtime, Record<string, { code: string; expected: RegExp }>> = {
  shared: {
    nodeFs: { code: `import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n`, expected: /TS2307: Cannot find module 'node:fs'/ },
    bareFs: { code: `import fs from 'fs';\nexport const read = fs.readFileSync;\n`, expected: /TS2307: Cannot find module 'fs'/ },
    window: { code: `export const here = window.location.href;\n`, expected: /Cannot find name 'window'/ },
    document: { code: `export const title = document.title;\n`, expected: /Cannot find name 'document'/ },
    process: { code: `export const home = process.env.HOME;\n`, expected: /Cannot find name 'process'/ },
    buffer: { code: `export const bytes = Buffer.from('x');\n`, expected: /Cannot find name 'Buffer'/ },
  },
  renderer: {
    nodeFs: { code: `import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n`, expected: /TS2307: Cannot find module 'node:fs'/ },
    process: { code: `export const home = process.env.HOME;\n`, expected: /Cannot find name 'process'/ },
    require: { code: `export const fs = require('fs');\n`, expected: /Cannot find name 'require'/ },
  },
  main: {
    window: { code: `export const here = window.location.href;\n`, expected: /Cannot find name 'window'/ },
    document: { code: `export const title = document.title;\n`, expected: /Cannot find name 'document'/ },
    localStorage: { code: `export const saved = localStorage.getItem('x');\n`, expected: /Cannot find name 'localStorage'/ },
  },
  preload: {
    window: { code: `export const here = window.location.href;\n`, expected: /Cannot find name 'window'/ },
  },
};

interface Compiled {
  exitCode: number | null;
  /** Compiler messages per file name. */
  errors: Map<string, string[]>;
  output: string;
}

/** Compiles a folder of files with the runtime's config (its lib and types), nothing emitted. */
function compileWith(runtime: Runtime): Promise<Compiled> {
  const dir = path.join(scratch, runtime);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'clean.ts'), CLEAN[runtime]);
  for (const [name, violation] of Object.entries(VIOLATIONS[runtime])) writeFileSync(path.join(dir, `${name}.ts`), violation.code);
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: path.join(root, `tsconfig.${runtime}.json`),
      compilerOptions: { composite: false, declaration: false, emitDeclarationOnly: false, noEmit: true, rootDir: '.', outDir: null, tsBuildInfoFile: null, incremental: false },
      // Shared code also sees the web-platform globals declared for it (tsconfig.shared.json includes them).
      include: runtime === 'shared' ? ['*.ts', path.join(root, 'src', 'shared', 'webPlatform.d.ts')] : ['*.ts'],
      references: [],
    }),
  );
  return new Promise((resolve, reject) => {
    const tsc = spawn(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(dir, 'tsconfig.json'), '--pretty', 'false'], { cwd: root });
    let output = '';
    tsc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    tsc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    tsc.on('error', reject);
    tsc.on('close', (exitCode) => {
      const errors = new Map<string, string[]>();
      for (const line of output.split('\n')) {
        const match = /^(?:.*[\\/])?([\w.-]+\.ts)\(\d+,\d+\): (error .*)$/.exec(line);
        if (match) errors.set(match[1]!, [...(errors.get(match[1]!) ?? []), match[2]!]);
      }
      resolve({ exitCode, errors, output });
    });
  });
}

// The four compilations run side by side; each test waits for its own.
const compiled = Object.fromEntries((Object.keys(CLEAN) as Runtime[]).map((runtime) => [runtime, compileWith(runtime)])) as Record<Runtime, Promise<Compiled>>;

describe.each(Object.keys(CLEAN) as Runtime[])('tsconfig.%s.json', (runtime) => {
  it('compiles the code this runtime is for', async () => {
    const result = await compiled[runtime];
    expect(result.errors.get('clean.ts') ?? [], result.output).toEqual([]);
  });

  it.each(Object.keys(VIOLATIONS[runtime]))('refuses %s', async (name) => {
    const result = await compiled[runtime];
    expect(result.exitCode).not.toBe(0);
    const messages = result.errors.get(`${name}.ts`) ?? [];
    expect(messages.join('\n'), result.output).toMatch(VIOLATIONS[runtime][name]!.expected);
  });
});
