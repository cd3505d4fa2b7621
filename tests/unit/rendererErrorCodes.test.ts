// Runs in Node (tests). Every error code the services can raise has an English and a French text:
// the codes are read from the source of src/main and src/shared (StudioError constructors, error
// objects, code tables, BBB's messageKey codes), the texts from the core and feature dictionaries.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { hasOwnMessage, registerMessages, type FeatureMessages } from '../../src/renderer/i18n';
import * as bbbMessages from '../../src/renderer/features/bbb/messages';
import * as liveMessages from '../../src/renderer/features/live/messages';
import * as montageMessages from '../../src/renderer/features/montage/messages';
import * as publishMessages from '../../src/renderer/features/publish/messages';
import * as recordingMessages from '../../src/renderer/features/recording/messages';
import * as screenMessages from '../../src/renderer/features/screen/messages';
import * as backgroundMessages from '../../src/renderer/features/background/messages';

const root = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|mts)$/.test(entry)) out.push(full);
  }
  return out;
}

/** Code text without comments (a comment may quote a code that is not raised). */
function code(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
}

const CODE = "'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)'";

/** `const NAME = { key: 'CODE', … }` tables of a file, to resolve `new StudioError(NAME.key, …)`. */
function codeTables(source: string): Map<string, Map<string, string>> {
  const tables = new Map<string, Map<string, string>>();
  for (const table of source.matchAll(/const\s+([A-Z_]+)\s*=\s*\{([^}]*)\}/g)) {
    const entries = new Map<string, string>();
    for (const entry of table[2]!.matchAll(new RegExp(`(\\w+):\\s*${CODE}`, 'g'))) entries.set(entry[1]!, entry[2]!);
    if (entries.size > 0) tables.set(table[1]!, entries);
  }
  return tables;
}

/** BBB answers FAILED with a messageKey; bbbMessages.ts turns it into BBB_<MESSAGE_KEY> (or BBB_FAILED). */
function bbbMessageKeyCodes(source: string): string[] {
  const explanations = /const EXPLANATIONS[^=]*=\s*\{([\s\S]*?)\n\};/.exec(source);
  if (!explanations) return [];
  const keys = [...explanations[1]!.matchAll(/^\s+(\w+):/gm)].map((match) => match[1]!);
  const fallback = [...source.matchAll(/:\s*'(BBB_[A-Z_]+)'/g)].map((match) => match[1]!);
  return [...keys.map((key) => `BBB_${key.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`), ...fallback];
}

function errorCodesInSource(): Map<string, string> {
  const codes = new Map<string, string>();
  const add = (value: string, file: string) => {
    if (!codes.has(value)) codes.set(value, path.relative(root, file));
  };
  const files = [...sourceFiles(path.join(root, 'src/main')), ...sourceFiles(path.join(root, 'src/shared'))];
  // Code tables (POD_ERROR) are imported across files: collect them all first.
  const tables = new Map<string, Map<string, string>>();
  for (const file of files) {
    for (const [name, table] of codeTables(code(file))) {
      tables.set(name, table);
      // A table of codes may be raised through helpers: all of its values count.
      for (const value of table.values()) if (value.includes('_')) add(value, file);
    }
  }
  for (const file of files) {
    const source = code(file);
    for (const match of source.matchAll(new RegExp(`new StudioError\\(\\s*${CODE}`, 'g'))) add(match[1]!, file);
    // `info?.code ?? 'FFMPEG_NOT_FOUND'` as the constructor's first argument.
    for (const match of source.matchAll(new RegExp(`new StudioError\\(\\s*[\\w?.]+\\s*\\?\\?\\s*${CODE}`, 'g'))) add(match[1]!, file);
    // Error objects crossing the API as data: { code: 'X', message: … }.
    for (const match of source.matchAll(new RegExp(`\\bcode:\\s*${CODE}`, 'g'))) add(match[1]!, file);
    for (const match of source.matchAll(/new StudioError\(\s*([A-Z_]+)\.(\w+)/g)) {
      const resolved = tables.get(match[1]!)?.get(match[2]!);
      if (resolved) add(resolved, file);
      else throw new Error(`${path.relative(root, file)}: cannot resolve ${match[1]}.${match[2]}`);
    }
    if (file.endsWith(path.join('bbb', 'bbbMessages.ts'))) for (const value of bbbMessageKeyCodes(source)) add(value, file);
  }
  return codes;
}

const featureErrorMessages: FeatureMessages[] = [bbbMessages, liveMessages, montageMessages, publishMessages, recordingMessages, screenMessages, backgroundMessages].map((module) => module.errorMessages);
for (const messages of featureErrorMessages) registerMessages('errors', messages);

describe('error codes raised by the services', () => {
  const codes = errorCodesInSource();

  test('the enumeration finds the codes of every domain (the patterns still match the source)', () => {
    for (const expected of ['PDF_CORRUPT', 'POD_NOT_FOUND', 'BBB_CHECKSUM_ERROR', 'BBB_FAILED', 'FFMPEG_NOT_FOUND', 'TAKE_INTERRUPTED', 'LIVE_FFMPEG_FAILED', 'NOT_FOUND', 'DESKTOP_ONLY']) {
      expect([...codes.keys()], expected).toContain(expected);
    }
    expect(codes.size).toBeGreaterThan(80);
  });

  test('each has an English and a French text of its own', () => {
    const missing: string[] = [];
    for (const [value, file] of codes) {
      for (const language of ['en', 'fr'] as const) {
        if (!hasOwnMessage(`errors.${value}`, language)) missing.push(`${language} errors.${value} (${file})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
