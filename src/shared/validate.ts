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

function fail(path: string, expected: string): never {
  throw new StudioError('BAD_ARGS', `${path || 'value'} must be ${expected}`);
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
    return (value, path) => ((choices as readonly unknown[]).includes(value) ? (value as T[number]) : fail(path, `one of ${choices.join(', ')}`));
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
  array<T>(inner: Validator<T>, opts: { max?: number } = {}): Validator<T[]> {
    return (value, path) => {
      if (!Array.isArray(value)) fail(path, 'a list');
      if (opts.max !== undefined && value.length > opts.max) fail(path, `a list of at most ${opts.max} items`);
      return value.map((item, index) => inner(item, `${path}[${index}]`));
    };
  },
  object<S extends Record<string, Validator<unknown>>>(shape: S): Validator<ObjectOf<S>> {
    return (value, path) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object');
      const out: Record<string, unknown> = {};
      for (const [key, validator] of Object.entries(shape)) {
        const result = validator((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
        if (result !== undefined) out[key] = result;
      }
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
