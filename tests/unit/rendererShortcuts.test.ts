// Runs in Node (tests). The one shortcut table: no key does two things in a scope, the recording and
// prompter bindings of issue 3 are there, and matching handles modifiers, layouts and text fields.
import { describe, expect, test } from 'vitest';
import { SHORTCUTS, SHORTCUT_SCOPES, keyLabel, matchShortcut, parseKey, shortcutById, type KeyInput } from '../../src/renderer/shortcuts';
import { hasMessage } from '../../src/renderer/i18n';

function key(name: string, modifiers: Partial<Omit<KeyInput, 'key'>> = {}): KeyInput {
  return { key: name, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...modifiers };
}

const linux = { typing: false, isMac: false };

describe('the table', () => {
  test('no binding appears twice in one scope', () => {
    for (const scope of SHORTCUT_SCOPES) {
      const seen = new Map<string, string>();
      for (const shortcut of SHORTCUTS.filter((candidate) => candidate.scope === scope)) {
        for (const binding of shortcut.keys) {
          const parsed = parseKey(binding);
          const normal = `${parsed.mod}-${parsed.alt}-${parsed.shift}-${parsed.key.toLowerCase()}`;
          expect(seen.get(normal), `${scope}: ${binding} is bound to ${seen.get(normal)} and ${shortcut.id}`).toBeUndefined();
          seen.set(normal, shortcut.id);
        }
      }
    }
  });

  test('global keys are not taken by a view, except Escape which views may use first', () => {
    const globalKeys = SHORTCUTS.filter((shortcut) => shortcut.scope === 'global').flatMap((shortcut) => shortcut.keys);
    for (const shortcut of SHORTCUTS.filter((candidate) => candidate.scope !== 'global')) {
      for (const binding of shortcut.keys) if (binding !== 'Escape') expect(globalKeys, `${shortcut.id}: ${binding}`).not.toContain(binding);
    }
  });

  test('every description is translated and ids are unique', () => {
    expect(new Set(SHORTCUTS.map((shortcut) => shortcut.id)).size).toBe(SHORTCUTS.length);
    for (const shortcut of SHORTCUTS) expect(hasMessage(shortcut.description), shortcut.description).toBe(true);
  });

  test('the recording and prompter bindings of issue 3 (clickers, arrows, space, r, k, Escape)', () => {
    const recording = (input: KeyInput) => matchShortcut(input, ['recording'], linux);
    expect(recording(key('PageDown'))).toBe('nextSentence');
    expect(recording(key(' '))).toBe('nextSentence');
    expect(recording(key('PageUp'))).toBe('previousSentence');
    expect(recording(key('ArrowRight'))).toBe('nextSlide');
    expect(recording(key('ArrowLeft'))).toBe('previousSlide');
    expect(recording(key('r'))).toBe('retake');
    expect(recording(key('k'))).toBe('pauseResume');
    expect(recording(key('Escape'))).toBe('stopRecording');
  });
});

describe('matchShortcut', () => {
  test('a printable key ignores Shift, so ? works on any layout', () => {
    expect(matchShortcut(key('?', { shiftKey: true }), ['global'], linux)).toBe('showShortcuts');
    expect(matchShortcut(key('?'), ['global'], linux)).toBe('showShortcuts');
    expect(matchShortcut(key('G', { shiftKey: true }), ['editor'], linux)).toBe('splitGrain');
  });

  test('modifiers must match exactly', () => {
    expect(matchShortcut(key('ArrowLeft'), ['editor'], linux)).toBe('focusPreviousSlide');
    expect(matchShortcut(key('ArrowLeft', { altKey: true }), ['editor'], linux)).toBe('moveSlideBack');
    expect(matchShortcut(key('ArrowLeft', { altKey: true, ctrlKey: true }), ['editor'], linux)).toBeNull();
    expect(matchShortcut(key('g', { ctrlKey: true }), ['editor'], linux)).toBeNull();
    expect(matchShortcut(key('PageDown', { shiftKey: true }), ['recording'], linux)).toBeNull();
  });

  test('Mod is Ctrl on Linux/Windows and ⌘ on macOS', () => {
    expect(matchShortcut(key('o', { ctrlKey: true }), ['library'], linux)).toBe('importPdf');
    expect(matchShortcut(key('o', { metaKey: true }), ['library'], linux)).toBeNull();
    expect(matchShortcut(key('o', { metaKey: true }), ['library'], { typing: false, isMac: true })).toBe('importPdf');
    expect(matchShortcut(key('o', { ctrlKey: true }), ['library'], { typing: false, isMac: true })).toBeNull();
  });

  test('while typing only keys that cannot be text fire', () => {
    const typing = { typing: true, isMac: false };
    expect(matchShortcut(key('g'), ['editor', 'global'], typing)).toBeNull();
    expect(matchShortcut(key('?'), ['editor', 'global'], typing)).toBeNull();
    expect(matchShortcut(key('Escape'), ['editor', 'global'], typing)).toBe('leavePrompt');
  });

  test('scopes are tried in order: the view first, then global', () => {
    expect(matchShortcut(key('Escape'), ['editor', 'global'], linux)).toBe('leavePrompt');
    expect(matchShortcut(key('Escape'), ['global'], linux)).toBe('closeOverlay');
    expect(matchShortcut(key('j'), ['editor', 'global'], linux)).toBe('toggleJobs');
  });
});

test('labels per platform', () => {
  expect(keyLabel('Mod+Alt+ArrowLeft', false)).toEqual(['Ctrl', 'Alt', '←']);
  expect(keyLabel('Mod+Alt+ArrowLeft', true)).toEqual(['⌘', '⌥', '←']);
  expect(keyLabel('Space', false)).toEqual(['Space']);
  expect(keyLabel('k', false)).toEqual(['k']);
  expect(shortcutById('retake').keys).toEqual(['r']);
});
