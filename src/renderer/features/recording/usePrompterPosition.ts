// Runs in the renderer. Where the prompter is in the grain (slide, sentence): state for the screen and
// a ref set at once, so a take started, marked or stopped right after a move is stamped where the
// speaker really is, not where the last render was.
import { useCallback, useMemo, useRef, useState } from 'react';
import { START, type PrompterPosition } from './logic/prompterPosition';

export interface PrompterPlace {
  position: PrompterPosition;
  /** The position now, even before React renders it. */
  current(): PrompterPosition;
  set(next: PrompterPosition): void;
}

export function usePrompterPosition(): PrompterPlace {
  const [position, setPosition] = useState<PrompterPosition>(START);
  const now = useRef<PrompterPosition>(START);
  const set = useCallback((next: PrompterPosition) => {
    now.current = next;
    setPosition(next);
  }, []);
  const current = useCallback(() => now.current, []);
  return useMemo(() => ({ position, current, set }), [position, current, set]);
}
