// Runs in Node (tests). Enforces the folder-by-runtime rules of CONTRIBUTING.md by scanning imports: each
// runtime has an ALLOWLIST of the packages it may import (anything new must be added here, on purpose),
// and the folders it may reach by relative import. The compiler settings (tsconfig.<runtime>.json, proven
// by tests/service/compilerRuntimes.test.ts) refuse the globals; this test refuses the modules, `.mjs` files included.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

type Runtime = 'shared' | 'renderer' | 'preload' | 'main' | 'electronShell' | 'bin';

interface RuntimeRule {
  /** npm packages (by package name; their subpaths too). */
  packages: readonly string[];
  nodeBuiltins: boolean;
  /** Folders (repository-relative) that relative imports may reach. */
  folders: readonly string[];
}

/** Packages the main side may use: Node-only libraries, each listed in package.json. */
const MAIN_PACKAGES = ['better-sqlite3', 'got', 'ws', 'fast-xml-parser', '@napi-rs/canvas', '@napi-rs/keyring', 'pdfjs-dist', 'ffmpeg-static', 'tsx', 'yauzl', 'yazl'] as const;

const RULES: Record<Runtime, RuntimeRule> = {
  // Pure: runs everywhere, so it can depend on nothing but itself.
  shared: { packages: [], nodeBuiltins: false, folders: ['src/shared'] },
  renderer: { packages: ['react', 'react-dom', 'zustand'], nodeBuiltins: false, folders: ['src/renderer', 'src/shared'] },
  // A sandboxed preload can require only electron's renderer modules (https://www.electronjs.org/docs/latest/tutorial/sandbox#preload-scripts).
  preload: { packages: ['electron'], nodeBuiltins: false, folders: ['src/shared'] },
  main: { packages: MAIN_PACKAGES, nodeBuiltins: true, folders: ['src/main', 'src/shared'] },
  // The desktop shell: the only main-side folder that may import electron.
  electronShell: { packages: [...MAIN_PACKAGES, 'electron'], nodeBuiltins: true, folders: ['src/main', 'src/shared'] },
  // Launchers: start the CLI, the dev server or the benchmarks from source.
  bin: { packages: ['tsx'], nodeBuiltins: true, folders: ['src/main', 'src/shared', 'bench', 'assets'] },
};

function runtimeOf(relativeFile: string): Runtime | null {
  if (relativeFile.startsWith('src/shared/')) return 'shared';
  if (relativeFile.startsWith('src/renderer/')) return 'renderer';
  if (relativeFile.startsWith('src/preload/')) return 'preload';
  if (relativeFile.startsWith('src/main/electron/')) return 'electronShell';
  if (relativeFile.startsWith('src/main/')) return 'main';
  if (relativeFile.startsWith('bin/')) return 'bin';
  return null;
}

const SOURCE = /\.(ts|tsx|mts|mjs|cjs)$/;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else if (SOURCE.test(entry)) out.push(full);
  }
  return out;
}

const relativeOf = (file: string) => path.relative(root, file).split(path.sep).join('/');

function importsOf(source: string): string[] {
  // Comments may show example imports; only code counts.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const specifiers: string[] = [];
  const pattern =
    /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]|createRequire\([^)]*\)\(\s*['"]([^'"]+)['"]\s*\)|tsImport\(\s*['"]([^'"]+)['"]/gm;
  for (const match of code.matchAll(pattern)) specifiers.push(match.slice(1).find((group) => group !== undefined)!);
  return specifiers;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Why this import breaks the file's runtime rule, or null when allowed. */
function ruleBroken(relativeFile: string, specifier: string): string | null {
  const runtime = runtimeOf(relativeFile);
  if (runtime === null) return null;
  const rule = RULES[runtime];
  if (specifier.startsWith('.')) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(relativeFile), specifier));
    if (runtime === 'main' && target.startsWith('src/main/electron')) return 'services must not depend on the Electron layer (src/main/electron)';
    return rule.folders.some((folder) => target === folder || target.startsWith(`${folder}/`)) ? null : `${runtime} code may only import from ${rule.folders.join(', ')}`;
  }
  if (NODE_BUILTINS.has(specifier)) return rule.nodeBuiltins ? null : `${runtime} code has no Node built-ins`;
  const name = packageName(specifier);
  if (name === 'electron' && runtime === 'main') return 'only src/main/electron and src/preload may import electron';
  return rule.packages.includes(name) ? null : `'${name}' is not on the ${runtime} allowlist`;
}

function violations(): string[] {
  const found: string[] = [];
  for (const file of [...filesUnder(path.join(root, 'src')), ...filesUnder(path.join(root, 'bin'))]) {
    const relative = relativeOf(file);
    for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
      const problem = ruleBroken(relative, specifier);
      if (problem) found.push(`${relative} imports ${specifier}: ${problem}`);
    }
  }
  return found;
}

/**
 * The first comment of a file says why it exists, in at least one sentence. An opening "Runs …" sentence
 * (where it runs) is accepted and not counted: folders and compiler settings say that now.
 */
function purposeOf(source: string): string | null {
  const lines = source.replace(/^#!.*\n/, '').split('\n');
  const comment: string[] = [];
  for (const line of lines) {
    if (/^\/\/\/ <reference/.test(line)) continue;
    const match = /^\/\/ ?(.*)$/.exec(line);
    if (!match) break;
    comment.push(match[1]!.trim());
  }
  // "Runs …." up to its full stop, parentheses included ("(one per core, started by pdfImporter.ts)").
  const text = comment.join(' ').replace(/^Runs (?:[^.(]|\([^)]*\))*\.\s*/, '').trim();
  // A sentence ends at . ! or ? followed by a space or the end (so `pdfImporter.ts` does not end it).
  const sentence = /^(?:[^.!?]|[.!?](?=\S))+[.!?](?=\s|$)/.exec(text);
  return sentence && sentence[0].trim().split(/\s+/).length >= 3 ? sentence[0].trim() : null;
}

describe('dependency rules', () => {
  it('the scanner sees real imports, .mjs included (guards against a rule that checks nothing)', () => {
    expect(importsOf(readFileSync(path.join(root, 'src/main/electron/main.ts'), 'utf8'))).toContain('electron');
    expect(importsOf(readFileSync(path.join(root, 'src/main/pdf/pdfWorkerBootstrap.mjs'), 'utf8'))).toEqual(
      expect.arrayContaining(['tsx/esm/api', 'pdfjs-dist/legacy/build/pdf.mjs', './pdfWorker.ts']),
    );
    expect(importsOf(readFileSync(path.join(root, 'src/main/settings/nodeSecretCipher.ts'), 'utf8'))).toContain('@napi-rs/keyring');
    expect(filesUnder(path.join(root, 'src/shared')).length).toBeGreaterThan(5);
  });

  it.each([
    ['src/shared/logic/x.ts', 'node:fs', /no Node built-ins/],
    ['src/shared/logic/x.ts', 'react', /not on the shared allowlist/],
    ['src/shared/logic/x.ts', '../../main/log', /may only import from src\/shared/],
    ['src/renderer/x.ts', 'fs', /no Node built-ins/],
    ['src/renderer/x.ts', 'better-sqlite3', /not on the renderer allowlist/],
    ['src/renderer/x.ts', 'electron', /not on the renderer allowlist/],
    ['src/renderer/x.ts', '../main/studio', /may only import from src\/renderer, src\/shared/],
    ['src/main/pdf/x.mjs', 'electron', /only src\/main\/electron and src\/preload/],
    ['src/main/pdf/x.ts', '../electron/windows', /Electron layer/],
    ['src/main/pdf/x.ts', 'left-pad', /not on the main allowlist/],
    ['src/main/pdf/x.ts', '../../renderer/app', /may only import from src\/main, src\/shared/],
    ['src/preload/x.ts', 'node:fs', /no Node built-ins/],
    ['bin/x.mjs', 'electron', /not on the bin allowlist/],
  ])('a deliberate violation is caught: %s importing %s', (file, specifier, expected) => {
    expect(ruleBroken(file, specifier)).toMatch(expected);
  });

  it('allowed imports pass', () => {
    expect(ruleBroken('src/renderer/x.ts', 'react-dom/client')).toBeNull();
    expect(ruleBroken('src/main/pdf/x.ts', 'pdfjs-dist/legacy/build/pdf.mjs')).toBeNull();
    expect(ruleBroken('src/main/electron/x.ts', 'electron')).toBeNull();
    expect(ruleBroken('src/main/x.ts', 'node:worker_threads')).toBeNull();
  });

  it('every source file (src/, bin/) imports only what its runtime allows', () => {
    expect(violations()).toEqual([]);
  });

  it('every package the main side may use is a declared dependency', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; optionalDependencies?: Record<string, string>; devDependencies: Record<string, string> };
    const declared = new Set(Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }));
    const shipped = [...new Set(Object.values(RULES).flatMap((rule) => rule.packages))].filter((name) => name !== 'electron');
    expect(shipped.filter((name) => !declared.has(name))).toEqual([]);
  });

  it('the purpose check reads the first comment', () => {
    expect(purposeOf("// Runs in Node (main side). Where the PDF worker's entry file is.\nimport x from 'y';")).toBe("Where the PDF worker's entry file is.");
    expect(purposeOf('// Secrets at rest through the OS key store (safeStorage).\n')).toBe('Secrets at rest through the OS key store (safeStorage).');
    expect(purposeOf('// Runs in a worker thread (started by pdfImporter.ts). Renders the pages.\n')).toBe('Renders the pages.');
    expect(purposeOf('// Runs in the browser.\nexport {};')).toBeNull();
    expect(purposeOf("import x from 'y';\n")).toBeNull();
  });

  it('every source file starts with one sentence saying why it exists', () => {
    const missing = ['src', 'bin']
      .flatMap((folder) => filesUnder(path.join(root, folder)))
      .filter((file) => purposeOf(readFileSync(file, 'utf8')) === null)
      .map(relativeOf);
    expect(missing).toEqual([]);
  });
});
