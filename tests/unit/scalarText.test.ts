// Runs in Node (vitest). Untrusted fields read as text never turn into "[object Object]".
import { describe, expect, it } from 'vitest';
import { scalarText } from '../../src/shared/logic/scalarText';

describe('scalarText', () => {
  it('keeps strings and writes numbers and booleans as text', () => {
    expect(scalarText('red')).toBe('red');
    expect(scalarText(12.5)).toBe('12.5');
    expect(scalarText(false)).toBe('false');
  });

  it('gives the fallback for missing values, objects and arrays', () => {
    expect(scalarText(undefined, 'black')).toBe('black');
    expect(scalarText(null, 'm')).toBe('m');
    expect(scalarText({ id: 1 }, 'shape1')).toBe('shape1');
    expect(scalarText(['a'])).toBe('');
  });
});
