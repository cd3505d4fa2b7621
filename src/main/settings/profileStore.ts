// Runs in Node (main side). The one store for saved server profiles (Pod servers, BBB servers, live
// stream targets): a row per profile in the library database and its credential in the secret store,
// so listing, lookup by name, name clashes, timestamps and deleting row + secret together are written once.
import type { StudioError } from '../../shared/errors';
import { nowIso, type Db } from '../library/database';
import type { SecretStore } from './secretStore';

/** The columns every profile table has; each domain adds its own. */
export interface ProfileRowBase {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
}

export type ProfileColumnValue = string | number | null;

export interface ProfileTableSpec {
  /** The table's name (a constant of the owning domain, never user input). */
  table: string;
  /** Where the profile's credential (token, shared secret, stream key) lives in the secret store. */
  secretKey(profileId: string): string;
  notFound(profileId: string): StudioError;
  nameTaken(name: string): StudioError;
  /** Whether "Amphi A" and "amphi a" are the same name (BBB) or two names (Pod, live). */
  namesIgnoreCase: boolean;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a column or table name: ${name}`);
  return name;
}

export class ProfileStore<Row extends ProfileRowBase> {
  private readonly table: string;

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretStore,
    private readonly spec: ProfileTableSpec,
  ) {
    this.table = identifier(spec.table);
  }

  /** Every profile, by name (case-insensitive order, as people read a list). */
  rows(): Row[] {
    return this.db.prepare(`SELECT * FROM ${this.table} ORDER BY name COLLATE NOCASE`).all() as Row[];
  }

  findRow(id: string): Row | null {
    return (this.db.prepare(`SELECT * FROM ${this.table} WHERE id = ?`).get(id) as Row | undefined) ?? null;
  }

  row(id: string): Row {
    const row = this.findRow(id);
    if (!row) throw this.spec.notFound(id);
    return row;
  }

  rowByName(name: string): Row | null {
    const collate = this.spec.namesIgnoreCase ? ' COLLATE NOCASE' : '';
    return (this.db.prepare(`SELECT * FROM ${this.table} WHERE name = ?${collate}`).get(name) as Row | undefined) ?? null;
  }

  /** Throws the domain's "name taken" error when another profile than `ownId` has this name. */
  assertNameFree(name: string, ownId: string | null): void {
    const clash = this.rowByName(name);
    if (clash && clash.id !== ownId) throw this.spec.nameTaken(name);
  }

  /** Inserts the profile's row, stamping both dates. */
  insert(id: string, columns: Readonly<Record<string, ProfileColumnValue>>): void {
    const now = nowIso();
    const names = ['id', ...Object.keys(columns).map(identifier), 'created_at', 'updated_at'];
    this.db.prepare(`INSERT INTO ${this.table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(id, ...Object.values(columns), now, now);
  }

  /** Updates the given columns of an existing row and its `updated_at`. */
  update(id: string, columns: Readonly<Record<string, ProfileColumnValue>>): void {
    const sets = [...Object.keys(columns).map((name) => `${identifier(name)} = ?`), 'updated_at = ?'];
    this.db.prepare(`UPDATE ${this.table} SET ${sets.join(', ')} WHERE id = ?`).run(...Object.values(columns), nowIso(), id);
  }

  /** Removes the row and its credential together. */
  delete(id: string): void {
    this.db.prepare(`DELETE FROM ${this.table} WHERE id = ?`).run(id);
    this.secrets.delete(this.spec.secretKey(id));
  }

  hasSecret(id: string): boolean {
    return this.secrets.has(this.spec.secretKey(id));
  }

  secret(id: string): Promise<string | null> {
    return this.secrets.get(this.spec.secretKey(id));
  }

  setSecret(id: string, value: string): Promise<void> {
    return this.secrets.set(this.spec.secretKey(id), value);
  }

  /** Keeps the credential only once `check` accepted it (a wrong one is never stored). */
  setSecretAfterCheck<T>(id: string, value: string, check: (value: string) => Promise<T>): Promise<T> {
    return this.secrets.setAfterCheck(this.spec.secretKey(id), value, check);
  }

  forgetSecret(id: string): void {
    this.secrets.delete(this.spec.secretKey(id));
  }
}
