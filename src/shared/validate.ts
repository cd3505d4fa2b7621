// Runs everywhere (shared, pure). Runtime validation of everything that crosses the StudioApi:
// the main side never trusts a renderer, even its own.
import { StudioError } from './errors';

export type Validator<T> = (value: unknown, path: string) => T;
export type Infer<V> = V extends Validator<infer T> ? T : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};
/** Keys whose validator accepts undefined become optional keys. */
export type ObjectOf<S extends Record<string, Validator<unknown>>> = Simplify<
  { [K in keyof S as undefined extends Infer<S[K]> ? never : K]: Infer<S[K]> } & { [K in keyof S as undefined extends Infer<S[K]> ? K : never]?: Infer<S[K]> }
>;

/** Rejects a value with one problem, "<path> must be <expected>". */
export function fail(path: string, expected: string): never {
  return reject(`${path || 'value'} must be ${expected}`);
}

/** Rejects a value with a problem worded freely (for rules that are not "must be …"). */
export function reject(problem: string): never {
  throw new StudioError('BAD_ARGS', problem, { problems: [problem] });
}

/** The problems a validator found, or null when the error is not a validation failure. */
export function problemsOf(error: unknown): string[] | null {
  if (!(error instanceof StudioError) || error.code !== 'BAD_ARGS') return null;
  const problems = (error.details as { problems?: unknown } | undefined)?.problems;
  return Array.isArray(problems) ? problems.map(String) : [error.message];
}

/** Runs every check, then fails once with all their problems (a person fixes a file in one go). */
function collect(checks: (() => void)[]): void {
  const problems: string[] = [];
  for (const check of checks) {
    try {
      check();
    } catch (error) {
      const found = problemsOf(error);
      if (!found) throw error;
      problems.push(...found);
    }
  }
  if (problems.length > 0) throw new StudioError('BAD_ARGS', problems.join('; '), { problems });
}

export const v = {
  string(opts: { min?: number; max?: number } = {}): Validator<string> {
    const { min = 0, max = 1_000_000 } = opts;
    return (value, path) => {
      if (typeof value !== 'string') fail(path, 'a string');
      if (value.length < min || value.length > max) fail(path, `a string of ${min} to ${max} characters`);
      return value;
    };
  },
  id(): Validator<string> {
    return (value, path) => {
      if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(value)) fail(path, 'an identifier');
      return value;
    };
  },
  number(opts: { min?: number; max?: number; integer?: boolean } = {}): Validator<number> {
    return (value, path) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'a finite number');
      if (opts.integer && !Number.isInteger(value)) fail(path, 'an integer');
      if (opts.min !== undefined && value < opts.min) fail(path, `at least ${opts.min}`);
      if (opts.max !== undefined && value > opts.max) fail(path, `at most ${opts.max}`);
      return value;
    };
  },
  boolean(): Validator<boolean> {
    return (value, path) => (typeof value === 'boolean' ? value : fail(path, 'a boolean'));
  },
  oneOf<const T extends readonly (string | number | boolean)[]>(...choices: T): Validator<T[number]> {
    return (value, path) => ((choices as readonly unknown[]).includes(value) ? (value as T[number]) : fail(path, choices.length === 1 ? String(choices[0]) : `one of ${choices.join(', ')}`));
  },
  bytes(opts: { max?: number } = {}): Validator<Uint8Array> {
    return (value, path) => {
      if (!(value instanceof Uint8Array)) fail(path, 'binary data');
      if (opts.max !== undefined && value.byteLength > opts.max) fail(path, `at most ${opts.max} bytes`);
      return value;
    };
  },
  optional<T>(inner: Validator<T>): Validator<T | undefined> {
    return (value, path) => (value === undefined || value === null ? undefined : inner(value, path));
  },
  nullable<T>(inner: Validator<T>): Validator<T | null> {
    return (value, path) => (value === null || value === undefined ? null : inner(value, path));
  },
  array<T>(inner: Validator<T>, opts: { max?: number; min?: number } = {}): Validator<T[]> {
    return (value, path) => {
      if (!Array.isArray(value)) fail(path, opts.min ? 'a non-empty list' : 'a list');
      if (opts.min !== undefined && value.length < opts.min) fail(path, opts.min === 1 ? 'a non-empty list' : `a list of at least ${opts.min} items`);
      if (opts.max !== undefined && value.length > opts.max) fail(path, `a list of at most ${opts.max} items`);
      const out: T[] = [];
      collect(value.map((item, index) => () => void out.push(inner(item, `${path}[${index}]`))));
      return out;
    };
  },
  /**
   * An object of the given keys. Every key is checked and all problems are reported together. With
   * `known`, a key outside the shape is a problem too ("x is not a known <known>"), as in a settings file.
   */
  object<S extends Record<string, Validator<unknown>>>(shape: S, opts: { known?: string } = {}): Validator<ObjectOf<S>> {
    return (value, path) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object');
      const out: Record<string, unknown> = {};
      const at = (key: string) => (path ? `${path}.${key}` : key);
      const unknownKeys = opts.known === undefined ? [] : Object.keys(value).filter((key) => !Object.hasOwn(shape, key));
      collect([
        ...unknownKeys.map((key) => () => reject(`${at(key.slice(0, 64))} is not a known ${opts.known} (known: ${Object.keys(shape).join(', ')})`)),
        ...Object.entries(shape).map(([key, validator]) => () => {
          const result = validator((value as Record<string, unknown>)[key], at(key));
          if (result !== undefined) out[key] = result;
        }),
      ]);
      return out as ObjectOf<S>;
    };
  },
  record<T>(inner: Validator<T>, opts: { maxKeys?: number; key?: RegExp } = {}): Validator<Record<string, T>> {
    const { maxKeys = 1000, key: keyPattern } = opts;
    return (value, path) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object');
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length > maxKeys) fail(path, `an object of at most ${maxKeys} keys`);
      const out: Record<string, T> = {};
      for (const [key, item] of entries) {
        if (keyPattern && !keyPattern.test(key)) fail(`${path}.${key.slice(0, 64)}`, 'a known kind of key');
        // defineProperty: a key named __proto__ stays plain data.
        Object.defineProperty(out, key, { value: inner(item, `${path}.${key}`), enumerable: true, writable: true, configurable: true });
      }
      return out;
    };
  },
  /**
   * Plain JSON-like data whose shape a later step checks (for example settings blobs), at most
   * `maxChars` characters once serialised (default 1 MB): stored values stay small.
   */
  json(opts: { maxChars?: number } = {}): Validator<unknown> {
    const { maxChars = 1_000_000 } = opts;
    return (value, path) => {
      let text: string | undefined;
      try {
        text = JSON.stringify(value);
      } catch {
        fail(path, 'plain data');
      }
      if (text !== undefined && text.length > maxChars) fail(path, `plain data of at most ${maxChars} characters`);
      return value;
    };
  },
};

/**
 * Reads a JSON settings file (a provisioning file, for example) with a validator. Not JSON, not an
 * object, or any problem the validator finds fails with `code`, listing every problem in `details.problems`.
 */
export function parseJsonFile<T>(text: string, validator: Validator<T>, code: ConstructorParameters<typeof StudioError>[0], what = 'The provisioning file'): T {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new StudioError(code, `${what} is not valid JSON: ${(error as Error).message}`, { problems: ['not JSON'] });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new StudioError(code, `${what} must be a JSON object.`, { problems: ['not an object'] });
  try {
    return validator(data, '');
  } catch (error) {
    const problems = problemsOf(error);
    if (!problems) throw error;
    throw new StudioError(code, `${what} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}: ${problems.join('; ')}.`, { problems });
  }
}
