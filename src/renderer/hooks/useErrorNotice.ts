// Runs in the renderer. The one way a view keeps the error of its last action: stored as the error's
// data (code, details), never as a translated sentence, so <InlineError> says it in the language shown
// now; `run` wraps an action so its failure lands there instead of being repeated in every handler.
import { useCallback, useMemo, useState } from 'react';
import { errorState, type ShownError } from '../components/InlineError';

export interface ErrorNotice {
  /** The error to pass to <InlineError error={…}>, or null. */
  error: ShownError;
  /** Shows this failure (any thrown value: a StudioError keeps its code, anything else becomes UNEXPECTED). */
  show(failure: unknown): void;
  clear(): void;
  /** Clears the previous error, runs the action, shows its failure; resolves to its result or undefined. */
  run<T>(action: () => Promise<T>): Promise<T | undefined>;
}

export function useErrorNotice(): ErrorNotice {
  const [error, setError] = useState<ShownError>(null);
  const show = useCallback((failure: unknown) => setError(errorState(failure)), []);
  const clear = useCallback(() => setError(null), []);
  const run = useCallback(async <T,>(action: () => Promise<T>): Promise<T | undefined> => {
    setError(null);
    try {
      return await action();
    } catch (failure) {
      setError(errorState(failure));
      return undefined;
    }
  }, []);
  return useMemo(() => ({ error, show, clear, run }), [error, show, clear, run]);
}
