// Runs in the renderer. The Record step's keys (and a clicker's, which sends the same keys) from the
// one shortcut table, except where the focus needs them: the prompter's in-place sentence editor keeps
// Enter and Escape, and a focused button or drop-down list keeps Enter and Space.
import { useShortcuts } from '../../hooks/useShortcuts';
import type { ShortcutId } from '../../shortcuts';

export function useRecordKeys(runShortcut: (id: ShortcutId) => boolean): void {
  useShortcuts(['recording'], (id, event) => {
    if (event.target instanceof HTMLElement && event.target.closest('.prompter-edit')) return false;
    if ((event.target instanceof HTMLButtonElement || event.target instanceof HTMLSelectElement) && (id === 'startRecording' || id === 'nextSentence')) return false;
    return runShortcut(id);
  });
}
