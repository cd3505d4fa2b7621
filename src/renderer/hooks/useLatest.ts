// Runs in the renderer. A ref that always holds the latest value of something an effect reads but must
// not restart for (the translator changes with the language; an effect that fetched data should not
// fetch again because of it), so the effect's dependency list stays honest without re-running.
import { useLayoutEffect, useRef } from 'react';

export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
