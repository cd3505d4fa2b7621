// Runs in the renderer. Dispatches keydown events through the one shortcut table (shortcuts.ts).
// Inner views register their scopes too; React attaches children's effects first, so the most
// specific handler sees a key first and a handled key (preventDefault) is skipped by the others.
import { useEffect, useRef } from 'react';
import { matchShortcut, type ShortcutId, type ShortcutScope } from '../shortcuts';

/** Return false from the handler to leave the key to the browser / other handlers. */
export type ShortcutHandler = (id: ShortcutId, event: KeyboardEvent) => boolean | void;

export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'file', 'color'].includes(target.type);
  return false;
}

export function useShortcuts(scopes: readonly ShortcutScope[], handler: ShortcutHandler, enabled = true): void {
  const handlerRef = useRef(handler);
  handlerRef.current = handler;
  const scopeKey = scopes.join(',');

  useEffect(() => {
    if (!enabled) return;
    const activeScopes = scopeKey.split(',') as ShortcutScope[];
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      // A modal dialog owns the keyboard (it handles Escape and Tab itself).
      if (document.querySelector('dialog[open]')) return;
      const id = matchShortcut(event, activeScopes, { typing: isTypingTarget(event.target), isMac: IS_MAC });
      if (!id) return;
      if (handlerRef.current(id, event) === false) return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [scopeKey, enabled]);
}
