// Runs in Node (tests). Licence codes shown by name, in both languages (issue 11, item 8).
import { describe, expect, test } from 'vitest';
import { licenceName } from '../../src/renderer/logic/licences';

describe('licenceName', () => {
  test('Creative Commons codes read as their names', () => {
    expect(licenceName('by-nc-sa', 'fr')).toBe('CC BY-NC-SA — Attribution, pas d’utilisation commerciale, partage dans les mêmes conditions');
    expect(licenceName('by-nc-sa', 'en')).toBe('CC BY-NC-SA — Attribution, NonCommercial, ShareAlike');
    expect(licenceName('CC_BY', 'en')).toBe('CC BY — Attribution');
    expect(licenceName('copyright', 'fr')).toBe('Tous droits réservés');
  });

  test('an unknown code keeps the server’s label, else itself', () => {
    expect(licenceName('campus-only', 'en', 'Campus only')).toBe('Campus only');
    expect(licenceName('campus-only', 'en')).toBe('campus-only');
    expect(licenceName('by-xx', 'en', 'by-xx')).toBe('by-xx');
  });
});
