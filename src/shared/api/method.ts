// Runs everywhere (shared, pure). The building block of the StudioApi contract: one method is
// its argument validators plus its result type. Both bindings (Electron IPC and the loopback
// WebSocket bridge) are generated from these descriptors, so they cannot drift apart.
import type { Infer, Validator } from '../validate';
import { StudioError } from '../errors';

export interface MethodSpec<Args extends unknown[], Result> {
  readonly validateArgs: (raw: unknown[]) => Args;
  /** Phantom field carrying the result type; never set at run time. */
  readonly resultType?: Result;
}

export function method<Result>() {
  return <const V extends readonly Validator<unknown>[]>(...validators: V): MethodSpec<{ -readonly [K in keyof V]: Infer<V[K]> }, Result> => ({
    validateArgs(raw: unknown[]) {
      if (raw.length > validators.length) throw new StudioError('BAD_ARGS', `expected at most ${validators.length} arguments, got ${raw.length}`);
      return validators.map((validator, index) => validator(raw[index], `argument ${index + 1}`)) as { -readonly [K in keyof V]: Infer<V[K]> };
    },
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyMethodSpec = MethodSpec<any[], any>;
export type MethodArgs<M> = M extends MethodSpec<infer A, unknown> ? A : never;
export type MethodResult<M> = M extends MethodSpec<unknown[], infer R> ? R : never;

/** The callable form of a group of method specs: what the renderer sees and what services implement. */
export type CallsOf<Specs extends Record<string, AnyMethodSpec>> = {
  [K in keyof Specs]: (...args: MethodArgs<Specs[K]>) => Promise<MethodResult<Specs[K]>>;
};
