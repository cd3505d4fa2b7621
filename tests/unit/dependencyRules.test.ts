// Runs in Node (tests). Enforces the folder-by-runtime rules of CONTRIBUTING.md by scanning imports.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
/** npm packages that need Node; the renderer must not import them. */
const NODE_ONLY_PACKAGES = ['better-sqlite3', 'got', 'ws', 'fluent-ffmpeg', 'ffmpeg-static', 'tsx', '@napi-rs/canvas', 'fast-xml-parser', 'playwright-core'];

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else if (/\.(ts|tsx|mts)$/.test(entry)) out.push(full);
  }
  return out;
}

function importsOf(file: string): string[] {
  // Comments may show example imports; only code counts.
  const source = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  const specifiers: string[] = [];
  const pattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
  for (const match of source.matchAll(pattern)) specifiers.push((match[1] ?? match[2] ?? match[3] ?? match[4])!);
  return specifiers;
}

function resolvedFolder(file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return path.relative(root, path.resolve(path.dirname(file), specifier)).split(path.sep).join('/');
}

function violations(folder: string, rule: (file: string, specifier: string, target: string | null) => string | null): string[] {
  const found: string[] = [];
  for (const file of filesUnder(path.join(root, folder))) {
    for (const specifier of importsOf(file)) {
      const problem = rule(file, specifier, resolvedFolder(file, specifier));
      if (problem) found.push(`${path.relative(root, file)} imports ${specifier}: ${problem}`);
    }
  }
  return found;
}

describe('dependency rules', () => {
  it('the scanner sees real imports (guards against a rule that checks nothing)', () => {
    const imports = importsOf(path.join(root, 'src/main/electron/main.ts'));
    expect(imports).toContain('electron');
    expect(filesUnder(path.join(root, 'src/shared')).length).toBeGreaterThan(5);
  });

  it('shared code imports only shared code: no Node, no DOM-only packages, no Electron', () => {
    expect(
      violations('src/shared', (_file, specifier, target) => {
        if (target !== null) return target.startsWith('src/shared') ? null : 'shared code may only import src/shared';
        if (NODE_BUILTINS.has(specifier) || specifier === 'electron' || NODE_ONLY_PACKAGES.includes(specifier)) return 'not allowed in shared code';
        return null;
      }),
    ).toEqual([]);
  });

  it('the renderer never imports Node, Electron or main-side code', () => {
    expect(
      violations('src/renderer', (_file, specifier, target) => {
        if (target !== null) return target.startsWith('src/renderer') || target.startsWith('src/shared') ? null : 'the renderer may import only src/renderer and src/shared';
        if (NODE_BUILTINS.has(specifier) || specifier === 'electron' || NODE_ONLY_PACKAGES.some((pkg) => specifier === pkg || specifier.startsWith(`${pkg}/`))) return 'Node/Electron module in the renderer';
        return null;
      }),
    ).toEqual([]);
  });

  it('services never import electron; only src/main/electron does', () => {
    expect(
      violations('src/main', (file, specifier, target) => {
        const inElectronLayer = path.relative(root, file).split(path.sep).join('/').startsWith('src/main/electron/');
        if (specifier === 'electron' || specifier.startsWith('electron/')) return inElectronLayer ? null : 'only src/main/electron may import electron';
        if (target !== null && target.startsWith('src/main/electron') && !inElectronLayer) return 'services must not depend on the Electron layer';
        if (target !== null && (target.startsWith('src/renderer') || target.startsWith('src/preload'))) return 'main-side code must not import renderer or preload code';
        return null;
      }),
    ).toEqual([]);
  });

  it('the preload imports only electron and shared code', () => {
    expect(
      violations('src/preload', (_file, specifier, target) => {
        if (target !== null) return target.startsWith('src/shared') ? null : 'the preload may import only src/shared';
        return specifier === 'electron' ? null : 'the preload may import only electron';
      }),
    ).toEqual([]);
  });

  it('every source file says where it runs', () => {
    const missing = ['src/shared', 'src/main', 'src/renderer', 'src/preload']
      .flatMap((folder) => filesUnder(path.join(root, folder)))
      .filter((file) => !/^\/\/ Runs |^\/\/\/ <reference/.test(readFileSync(file, 'utf8').trimStart().split('\n')[0] ?? ''))
      .map((file) => path.relative(root, file));
    expect(missing).toEqual([]);
  });
});
