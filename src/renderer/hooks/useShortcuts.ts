// Runs in the renderer. Dispatches keydown events through the one shortcut table (shortcuts.ts).
// One window listener serves every registration: view scopes (editor, library, recording) are asked
// before 'global', the most recently mounted first, and the first handler that takes the key stops
// it (preventDefault), whatever order React mounted the components in.
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

interface Registration {
  scopes: readonly ShortcutScope[];
  handler: { current: ShortcutHandler };
  order: number;
}

const registrations = new Set<Registration>();
let nextOrder = 0;
let listening = false;

/** View scopes first, then global; among equals, the latest registration first. */
function byPriority(a: Registration, b: Registration): number {
  const rank = (registration: Registration) => (registration.scopes.every((scope) => scope === 'global') ? 0 : 1);
  return rank(b) - rank(a) || b.order - a.order;
}

function onKeyDown(event: KeyboardEvent): void {
  if (event.defaultPrevented || event.isComposing) return;
  // A modal dialog owns the keyboard (it handles Escape and Tab itself).
  if (document.querySelector('dialog[open]')) return;
  const typing = isTypingTarget(event.target);
  for (const registration of [...registrations].sort(byPriority)) {
    const id = matchShortcut(event, registration.scopes, { typing, isMac: IS_MAC });
    if (!id) continue;
    if (registration.handler.current(id, event) === false) continue;
    event.preventDefault();
    return;
  }
}

export function useShortcuts(scopes: readonly ShortcutScope[], handler: ShortcutHandler, enabled = true): void {
  const handlerRef = useRef(handler);
  handlerRef.current = handler;
  const scopeKey = scopes.join(',');

  useEffect(() => {
    if (!enabled) return;
    const registration: Registration = { scopes: scopeKey.split(',') as ShortcutScope[], handler: handlerRef, order: nextOrder++ };
    registrations.add(registration);
    if (!listening) {
      window.addEventListener('keydown', onKeyDown);
      listening = true;
    }
    return () => {
      registrations.delete(registration);
    };
  }, [scopeKey, enabled]);
}
