// Runs in Node (main side). One call of the StudioApi, as both renderer bindings perform it: check the
// method name, validate the arguments, run the handler as a renderer's call, turn any failure into
// error data, and keep main-side paths out of the answer.
import { isStudioMethod, studioMethods, type StudioCalls } from '../../shared/api/studioApi';
import { isStudioError, toErrorInfo, type Result } from '../../shared/errors';
import type { Logger } from '../log';
import { runAsRendererCall } from '../files/callOrigin';
import { hideMainPaths } from '../files/rendererView';

export async function dispatchCall(calls: StudioCalls, method: string, rawArgs: unknown, log: Logger): Promise<Result<unknown>> {
  if (typeof method !== 'string' || !isStudioMethod(method)) {
    return { ok: false, error: { code: 'BAD_METHOD', message: `Unknown method ${String(method)}.` } };
  }
  if (!Array.isArray(rawArgs)) return { ok: false, error: { code: 'BAD_ARGS', message: 'Arguments must be a list.' } };
  try {
    const args = studioMethods[method].validateArgs(rawArgs);
    const handler = calls[method] as (...a: unknown[]) => Promise<unknown>;
    // Marked as a renderer's call: file arguments must then be grants, never paths (src/main/files).
    const value = await runAsRendererCall(() => handler(...args));
    return { ok: true, value: value === undefined ? null : hideMainPaths(value) };
  } catch (error) {
    // Unexpected failures keep their stack in the log (for us), never in the answer (for the user).
    if (!isStudioError(error)) log.error(`${method} failed unexpectedly`, { message: (error as Error)?.message, stack: (error as Error)?.stack });
    return { ok: false, error: toErrorInfo(error) };
  }
}
