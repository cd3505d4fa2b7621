// Runs in the renderer (pure, unit-tested in Node). THE table of keyboard shortcuts: every binding
// of the app, its scope and its description key. The `?` overlay lists it, and every view dispatches
// keys through matchShortcut(), so what is shown is what works. Features add their rows here (one
// table, no private bindings); tests/unit/shortcuts.test.ts refuses two actions on one key in a scope.
//
// Key notation: a KeyboardEvent.key value ('PageDown', 'ArrowRight', 'Escape', 'k', '?', ' ' is
// written 'Space'), optionally prefixed by 'Mod+' (Ctrl, or ⌘ on macOS), 'Alt+' and 'Shift+'.
// Single printable characters ignore Shift (so '?' works on every keyboard layout).
//
// Recording and prompter: clickers send PageDown/PageUp (some send arrows or Space), so those all
// advance/go back sentence by sentence, the left/right arrows go slide by slide (issue 3). Space is
// therefore "next sentence", and pause/resume is `k` (Opencast Studio's key); `r` retakes, `n` keeps
// the take and goes to the next grain without one, Escape stops and keeps the take.
import type { MessageKey } from './i18n';

export type ShortcutScope = 'global' | 'library' | 'editor' | 'recording';

export const SHORTCUT_SCOPES: readonly ShortcutScope[] = ['global', 'library', 'editor', 'recording'];

export type ShortcutId =
  | 'showShortcuts'
  | 'closeOverlay'
  | 'toggleJobs'
  | 'previousStep'
  | 'nextStep'
  | 'importPdf'
  | 'focusPreviousSlide'
  | 'focusNextSlide'
  | 'editPrompt'
  | 'leavePrompt'
  | 'moveSlideBack'
  | 'moveSlideForward'
  | 'splitGrain'
  | 'mergeGrain'
  | 'moveGrainUp'
  | 'moveGrainDown'
  | 'nextSentence'
  | 'previousSentence'
  | 'nextSlide'
  | 'previousSlide'
  | 'startRecording'
  | 'pauseResume'
  | 'retake'
  | 'nextGrain'
  | 'stopRecording'
  | 'penTool'
  | 'highlighterTool'
  | 'laserPointer'
  | 'eraserTool'
  | 'penUndo'
  | 'penClear';

export interface Shortcut {
  id: ShortcutId;
  scope: ShortcutScope;
  /** Alternatives: any of these keys triggers the action. */
  keys: readonly string[];
  description: MessageKey;
  /** Also fires while typing in a text field (only keys that cannot be text, such as Escape). */
  whileTyping?: boolean;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'showShortcuts', scope: 'global', keys: ['?'], description: 'shortcuts.showOverlay' },
  { id: 'closeOverlay', scope: 'global', keys: ['Escape'], description: 'shortcuts.closeOverlay' },
  { id: 'toggleJobs', scope: 'global', keys: ['j'], description: 'shortcuts.toggleJobs' },
  { id: 'previousStep', scope: 'global', keys: ['Mod+Alt+ArrowLeft'], description: 'shortcuts.previousStep' },
  { id: 'nextStep', scope: 'global', keys: ['Mod+Alt+ArrowRight'], description: 'shortcuts.nextStep' },

  { id: 'importPdf', scope: 'library', keys: ['Mod+o', 'n'], description: 'shortcuts.importPdf' },

  { id: 'focusPreviousSlide', scope: 'editor', keys: ['ArrowLeft', 'ArrowUp'], description: 'shortcuts.focusPrevious' },
  { id: 'focusNextSlide', scope: 'editor', keys: ['ArrowRight', 'ArrowDown'], description: 'shortcuts.focusNext' },
  { id: 'editPrompt', scope: 'editor', keys: ['Enter'], description: 'shortcuts.editPrompt' },
  { id: 'leavePrompt', scope: 'editor', keys: ['Escape'], description: 'shortcuts.leavePrompt', whileTyping: true },
  { id: 'moveSlideBack', scope: 'editor', keys: ['Alt+ArrowLeft'], description: 'shortcuts.moveSlideBack' },
  { id: 'moveSlideForward', scope: 'editor', keys: ['Alt+ArrowRight'], description: 'shortcuts.moveSlideForward' },
  { id: 'splitGrain', scope: 'editor', keys: ['g'], description: 'shortcuts.splitGrain' },
  { id: 'mergeGrain', scope: 'editor', keys: ['m'], description: 'shortcuts.mergeGrain' },
  { id: 'moveGrainUp', scope: 'editor', keys: ['Alt+ArrowUp'], description: 'shortcuts.moveGrainUp' },
  { id: 'moveGrainDown', scope: 'editor', keys: ['Alt+ArrowDown'], description: 'shortcuts.moveGrainDown' },

  { id: 'nextSentence', scope: 'recording', keys: ['PageDown', 'ArrowDown', 'Space'], description: 'shortcuts.nextSentence' },
  { id: 'previousSentence', scope: 'recording', keys: ['PageUp', 'ArrowUp'], description: 'shortcuts.previousSentence' },
  { id: 'nextSlide', scope: 'recording', keys: ['ArrowRight'], description: 'shortcuts.nextSlide' },
  { id: 'previousSlide', scope: 'recording', keys: ['ArrowLeft'], description: 'shortcuts.previousSlide' },
  { id: 'startRecording', scope: 'recording', keys: ['Enter'], description: 'shortcuts.startRecording' },
  { id: 'pauseResume', scope: 'recording', keys: ['k'], description: 'shortcuts.pauseResume' },
  { id: 'retake', scope: 'recording', keys: ['r'], description: 'shortcuts.retake' },
  { id: 'nextGrain', scope: 'recording', keys: ['n'], description: 'shortcuts.nextGrain' },
  { id: 'stopRecording', scope: 'recording', keys: ['Escape'], description: 'shortcuts.stopRecording', whileTyping: true },
  // The pen over the slide (issue 15, src/renderer/features/pen/): a tool's key again puts it down.
  { id: 'penTool', scope: 'recording', keys: ['p'], description: 'shortcuts.penTool' },
  { id: 'highlighterTool', scope: 'recording', keys: ['h'], description: 'shortcuts.highlighterTool' },
  { id: 'laserPointer', scope: 'recording', keys: ['l'], description: 'shortcuts.laserPointer' },
  { id: 'eraserTool', scope: 'recording', keys: ['e'], description: 'shortcuts.eraserTool' },
  { id: 'penUndo', scope: 'recording', keys: ['Mod+z'], description: 'shortcuts.penUndo' },
  { id: 'penClear', scope: 'recording', keys: ['Delete'], description: 'shortcuts.penClear' },
];

/** The parts of a KeyboardEvent a match needs (so the logic is testable without a DOM). */
export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export interface ParsedKey {
  key: string;
  mod: boolean;
  alt: boolean;
  shift: boolean;
}

export function parseKey(binding: string): ParsedKey {
  const parts = binding.split('+');
  // 'Shift++' would be odd; '+' alone is the key '+'.
  const key = parts.pop() || '+';
  const modifiers = new Set(parts);
  return { key: key === 'Space' ? ' ' : key, mod: modifiers.has('Mod'), alt: modifiers.has('Alt'), shift: modifiers.has('Shift') };
}

function isPrintable(key: string): boolean {
  return key.length === 1 && key !== ' ';
}

export function keyMatches(binding: string, input: KeyInput, isMac: boolean): boolean {
  const parsed = parseKey(binding);
  const mod = isMac ? input.metaKey : input.ctrlKey;
  const otherMod = isMac ? input.ctrlKey : input.metaKey;
  if (parsed.mod !== mod || otherMod || parsed.alt !== input.altKey) return false;
  if (isPrintable(parsed.key)) return input.key.toLowerCase() === parsed.key.toLowerCase() || input.key === parsed.key;
  return parsed.shift === input.shiftKey && input.key === parsed.key;
}

/**
 * The action of this key in these scopes (checked in order, so put the most specific first), or
 * null. `typing` is true when focus is in a text field: only `whileTyping` shortcuts fire then.
 */
export function matchShortcut(input: KeyInput, scopes: readonly ShortcutScope[], options: { typing: boolean; isMac: boolean }): ShortcutId | null {
  for (const scope of scopes) {
    for (const shortcut of SHORTCUTS) {
      if (shortcut.scope !== scope) continue;
      if (options.typing && !shortcut.whileTyping) continue;
      if (shortcut.keys.some((binding) => keyMatches(binding, input, options.isMac))) return shortcut.id;
    }
  }
  return null;
}

/** How a binding reads on this platform: 'Mod+Alt+ArrowLeft' → ['Ctrl', 'Alt', '←'] or ['⌘', '⌥', '←']. */
export function keyLabel(binding: string, isMac: boolean): string[] {
  const parsed = parseKey(binding);
  const parts: string[] = [];
  if (parsed.mod) parts.push(isMac ? '⌘' : 'Ctrl');
  if (parsed.alt) parts.push(isMac ? '⌥' : 'Alt');
  if (parsed.shift) parts.push(isMac ? '⇧' : 'Shift');
  // Letters stay lower case: an upper-case 'K' would read as Shift+K.
  parts.push(KEY_NAMES[parsed.key] ?? parsed.key);
  return parts;
}

const KEY_NAMES: Record<string, string> = {
  ' ': 'Space',
  ArrowLeft: '←',
  ArrowRight: '→',
  ArrowUp: '↑',
  ArrowDown: '↓',
  PageDown: 'PgDn',
  PageUp: 'PgUp',
  Escape: 'Esc',
  Enter: 'Enter',
  '?': '?',
};

export function shortcutsOf(scope: ShortcutScope): Shortcut[] {
  return SHORTCUTS.filter((shortcut) => shortcut.scope === scope);
}

export function shortcutById(id: ShortcutId): Shortcut {
  const found = SHORTCUTS.find((shortcut) => shortcut.id === id);
  if (!found) throw new Error(`unknown shortcut ${id}`);
  return found;
}
