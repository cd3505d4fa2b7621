// Runs in Node (tests). Enforces CONTRIBUTING.md's "each domain owns its tables": SQL on a table appears
// only in the store files of the domain that owns it (and in that domain's migrations), and only the
// stores and the wiring (src/main/services.ts) hold the database. Other code calls the owner's store.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

interface Owner {
  /** The folder src/main/<domain>/ that owns the tables and keeps their migrations. */
  domain: string;
  /** The only files that may run SQL on the tables. */
  stores: readonly string[];
}

const LIBRARY: Owner = { domain: 'library', stores: ['src/main/library/capsuleLibrary.ts'] };
const TAKES: Owner = { domain: 'recording', stores: ['src/main/recording/takeStore.ts', 'src/main/recording/takeFinalizer.ts'] };
const MONTAGE: Owner = { domain: 'montage', stores: ['src/main/montage/montageStore.ts'] };
// A changed Pod or BBB profile drops its own cached lists, in one transaction with the profile row.
const POD_VOCABULARIES: Owner = { domain: 'pod', stores: ['src/main/pod/vocabulary.ts', 'src/main/pod/profileStore.ts'] };
const BBB_CACHE: Owner = { domain: 'bbb', stores: ['src/main/bbb/recordingCache.ts', 'src/main/bbb/profileStore.ts'] };

/** Every table of the library database and its owner. A new table is added here with its domain's store. */
export const TABLE_OWNERS: Readonly<Record<string, Owner>> = {
  capsules: LIBRARY,
  grains: LIBRARY,
  slides: LIBRARY,
  library_owner: { domain: 'library', stores: ['src/main/library/libraryLock.ts'] },
  scratch_entries: { domain: 'library', stores: ['src/main/library/scratchRegistry.ts'] },
  takes: TAKES,
  settings: { domain: 'settings', stores: ['src/main/settings/settingsStore.ts'] },
  secrets: { domain: 'settings', stores: ['src/main/settings/secretStore.ts'] },
  jobs: { domain: 'jobs', stores: ['src/main/jobs/jobQueue.ts'] },
  montage_settings: MONTAGE,
  montage_trims: MONTAGE,
  montage_segments: MONTAGE,
  montage_renders: MONTAGE,
  montage_grain_choices: MONTAGE,
  montage_captions: MONTAGE,
  pod_profiles: { domain: 'pod', stores: ['src/main/pod/profileStore.ts'] },
  pod_vocabularies: POD_VOCABULARIES,
  pod_publications: { domain: 'pod', stores: ['src/main/pod/publicationStore.ts'] },
  bbb_profiles: { domain: 'bbb', stores: ['src/main/bbb/profileStore.ts'] },
  bbb_recording_cache: BBB_CACHE,
  bbb_list_state: BBB_CACHE,
  live_stream_profiles: { domain: 'live', stores: ['src/main/live/streamProfiles.ts'] },
  live_sessions: { domain: 'live', stores: ['src/main/live/liveSessionStore.ts'] },
  bbb_pod_migrations: { domain: 'migrate', stores: ['src/main/migrate/migrationStore.ts'] },
};

/**
 * Files that hold the database without owning a table: opening and migrating it, the wiring that hands
 * it to the stores, and the row helper the profile stores share (it runs SQL only on the table its
 * owning store names: pod_profiles, bbb_profiles, live_stream_profiles).
 */
const DATABASE_PLUMBING = [
  'src/main/library/database.ts',
  'src/main/library/libraryAccess.ts',
  'src/main/library/migrations/migration.ts',
  'src/main/services.ts',
  'src/main/studio.ts',
  'src/main/settings/profileStore.ts',
] as const;

const STORE_FILES = new Set(Object.values(TABLE_OWNERS).flatMap((owner) => owner.stores));

function isMigration(file: string): boolean {
  return /^src\/main\/[a-z]+\/migrations\/\d{4}-[a-z0-9-]+\.ts$/.test(file);
}

function codeOf(source: string): string {
  // Comments may quote SQL; only code counts (a `--` comment inside an SQL string stays, harmlessly).
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

function stringLiterals(code: string): string[] {
  return [...code.matchAll(/`(?:\\[\s\S]|[^`\\])*`|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"/g)].map((match) => match[0]);
}

const SQL_STATEMENT = /\b(SELECT|INSERT\s+INTO|UPDATE|DELETE\s+FROM|CREATE\s+(?:UNIQUE\s+)?(?:TABLE|INDEX)|ALTER\s+TABLE|DROP\s+(?:TABLE|INDEX))\b/;
const TABLE_NAMED = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE(?:\s+IF\s+NOT\s+EXISTS)?)\s+([a-z_][a-z0-9_]*)\b/g;
/** What a migration creates or changes (a REFERENCES to another domain's table is only a link). */
const TABLE_CHANGED = /\b(?:INTO|UPDATE|DELETE\s+FROM|(?:CREATE|ALTER|DROP)\s+TABLE(?:\s+IF\s+(?:NOT\s+)?EXISTS)?|INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?[a-z_][a-z0-9_]*\s+ON)\s+([a-z_][a-z0-9_]*)\b/g;
/** Calls that only a holder of the database makes. */
const DATABASE_USE = /\.prepare\(|\.pragma\(|\bdb\.exec\(|\bdb\.transaction\(|\bDb\b|from 'better-sqlite3'/;

/** Why this file breaks the ownership rule, one line per problem (empty when it follows it). */
export function ownershipProblems(file: string, source: string): string[] {
  const code = codeOf(source);
  const problems: string[] = [];
  const sql = stringLiterals(code).filter((literal) => SQL_STATEMENT.test(literal));
  const migration = isMigration(file);
  for (const statement of sql) {
    for (const match of statement.matchAll(TABLE_NAMED)) {
      const table = match[1]!;
      // SQLite's own tables and table-valued functions.
      if (/^(sqlite_|pragma_|json_each$|json_tree$)/.test(table)) continue;
      if (!(table in TABLE_OWNERS)) problems.push(`${file}: table "${table}" has no owner in TABLE_OWNERS (add it with its domain's store)`);
    }
    const touched = migration
      ? new Set([...statement.matchAll(TABLE_CHANGED)].map((match) => match[1]!))
      : new Set(Object.keys(TABLE_OWNERS).filter((table) => new RegExp(`\\b${table}\\b`).test(statement)));
    for (const [table, owner] of Object.entries(TABLE_OWNERS)) {
      if (!touched.has(table)) continue;
      if (migration ? file.startsWith(`src/main/${owner.domain}/migrations/`) : owner.stores.includes(file)) continue;
      problems.push(
        migration
          ? `${file}: creates or changes "${table}", a table of src/main/${owner.domain}/ (its migrations go in src/main/${owner.domain}/migrations/)`
          : `${file}: runs SQL on "${table}", which only ${owner.stores.join(' or ')} may touch (call that store)`,
      );
    }
  }
  const holdsDatabase = DATABASE_USE.test(code);
  if ((holdsDatabase || sql.length > 0) && !STORE_FILES.has(file) && !migration && !(DATABASE_PLUMBING as readonly string[]).includes(file)) {
    problems.push(`${file}: uses the database directly; only the stores and the wiring (src/main/services.ts) hold it: call a store`);
  }
  return [...new Set(problems)];
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else if (/\.(ts|tsx|mts)$/.test(entry)) out.push(full);
  }
  return out;
}

const relativeOf = (file: string) => path.relative(root, file).split(path.sep).join('/');

describe('each domain owns its tables', () => {
  it('the scanner sees SQL on another domain\'s table, a database handed out and a table without owner (guards against a rule that checks nothing)', () => {
    // What pod/publishSource.ts did before issue 13: read the montage's renders itself.
    expect(ownershipProblems('src/main/pod/publishSource.ts', "const rows = db.prepare('SELECT output_json FROM montage_renders WHERE capsule_id = ?').all(id);")).toEqual([
      'src/main/pod/publishSource.ts: runs SQL on "montage_renders", which only src/main/montage/montageStore.ts may touch (call that store)',
      'src/main/pod/publishSource.ts: uses the database directly; only the stores and the wiring (src/main/services.ts) hold it: call a store',
    ]);
    // What montage/demoCapsule.ts did: write takes, a table of the recording domain, in a template string.
    expect(ownershipProblems('src/main/montage/demoCapsule.ts', 'ctx.db\n  .prepare(\n    `INSERT INTO takes (id, grain_id)\n     VALUES (?, ?)`,\n  )')).toContain(
      'src/main/montage/demoCapsule.ts: runs SQL on "takes", which only src/main/recording/takeStore.ts or src/main/recording/takeFinalizer.ts may touch (call that store)',
    );
    // A store reaching into another domain's table through a join.
    expect(ownershipProblems('src/main/recording/takeStore.ts', "db.prepare('SELECT t.*, g.active_take_id FROM takes t JOIN grains g ON g.id = t.grain_id')")).toEqual([
      'src/main/recording/takeStore.ts: runs SQL on "grains", which only src/main/library/capsuleLibrary.ts may touch (call that store)',
    ]);
    // A CLI command building its own store from the raw database.
    expect(ownershipProblems('src/main/cli/commands/bbb.ts', 'const profiles = new BbbProfileStore(studio.context.db as Db, secrets);')).toHaveLength(1);
    expect(ownershipProblems('src/main/pod/publicationStore.ts', "db.prepare('SELECT * FROM pod_publication_drafts')")).toEqual([
      'src/main/pod/publicationStore.ts: table "pod_publication_drafts" has no owner in TABLE_OWNERS (add it with its domain\'s store)',
    ]);
    // A migration creating a table of another domain.
    expect(ownershipProblems('src/main/library/migrations/0009-x.ts', 'db.exec(`CREATE TABLE montage_drafts (id TEXT); ALTER TABLE takes ADD COLUMN x TEXT;`)')).toEqual([
      'src/main/library/migrations/0009-x.ts: table "montage_drafts" has no owner in TABLE_OWNERS (add it with its domain\'s store)',
      'src/main/library/migrations/0009-x.ts: creates or changes "takes", a table of src/main/recording/ (its migrations go in src/main/recording/migrations/)',
    ]);
  });

  it('allowed uses pass: a store on its tables, a domain\'s migration, words that are not SQL', () => {
    expect(ownershipProblems('src/main/montage/montageStore.ts', "this.db.prepare('SELECT * FROM montage_renders WHERE capsule_id = ?')")).toEqual([]);
    expect(ownershipProblems('src/main/recording/migrations/0002-recording.ts', 'db.exec(`ALTER TABLE takes ADD COLUMN has_audio INTEGER;`)')).toEqual([]);
    expect(ownershipProblems('src/main/pod/podService.ts', "// SELECT * FROM capsules\nconst message = 'Choose the takes and the slides from the library';")).toEqual([]);
  });

  it('every table a migration creates has an owner', () => {
    const created = new Set<string>();
    for (const file of filesUnder(path.join(root, 'src/main')).map(relativeOf).filter(isMigration)) {
      for (const match of codeOf(readFileSync(path.join(root, file), 'utf8')).matchAll(/CREATE TABLE (?:IF NOT EXISTS )?([a-z_][a-z0-9_]*)/g)) created.add(match[1]!);
    }
    expect(created.size).toBeGreaterThanOrEqual(20);
    expect([...created].filter((table) => !(table in TABLE_OWNERS))).toEqual([]);
    expect(Object.keys(TABLE_OWNERS).filter((table) => !created.has(table))).toEqual([]);
  });

  it('no SQL outside the owning domain\'s store, and no database outside the stores and the wiring (src/main)', () => {
    const problems = filesUnder(path.join(root, 'src/main')).flatMap((file) => ownershipProblems(relativeOf(file), readFileSync(file, 'utf8')));
    expect(problems).toEqual([]);
  });

  it('the stores and plumbing it names exist (a renamed store must be renamed here too)', () => {
    for (const file of [...STORE_FILES, ...DATABASE_PLUMBING]) expect(statSync(path.join(root, file)).isFile(), file).toBe(true);
  });
});
