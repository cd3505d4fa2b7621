// Runs in Node (unit tests). The native screen-or-window choice speaks the system's language.
import { describe, expect, it } from 'vitest';
import { displayMediaTexts } from '../../src/main/electron/displayMediaTexts';

describe('the screen picker texts', () => {
  it('are French for any French locale, with a non-breaking space before the question mark', () => {
    for (const locale of ['fr', 'fr-FR', 'fr-CA', ' FR-be ']) expect(displayMediaTexts(locale)).toEqual({ message: 'Enregistrer quel écran ou quelle fenêtre\u00a0?', cancel: 'Annuler' });
  });

  it('are English otherwise', () => {
    for (const locale of ['en-US', 'de', '', 'fry']) expect(displayMediaTexts(locale).cancel).toBe('Cancel');
  });
});
