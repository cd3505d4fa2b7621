// Runs in Node (unit tests). Names from remote servers reach the terminal without escape sequences or
// control characters (a BBB recording name could otherwise recolour, retitle or rewrite the screen).
import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../../src/main/cli/terminalText';

describe('terminalSafe', () => {
  it('removes whole ANSI escape sequences: colours, cursor moves, screen clears, OSC titles and links', () => {
    expect(terminalSafe('\u001b[31mRed\u001b[0m lecture')).toBe('Red lecture');
    expect(terminalSafe('a\u001b[2J\u001b[H\u001b[1;1Hb')).toBe('ab');
    expect(terminalSafe('\u001b]0;pwned title\u0007Séance 1')).toBe('Séance 1');
    expect(terminalSafe('\u001b]8;;http://evil.example\u001b\\click\u001b]8;;\u001b\\')).toBe('click');
    expect(terminalSafe('\u009b31mC1 CSI')).toBe('C1 CSI');
    expect(terminalSafe('x\u001bcy')).toBe('xy');
  });

  it('shows other control characters as ?, keeps tabs and every printable letter', () => {
    expect(terminalSafe('line1\nline2\rover\u0008\u0007')).toBe('line1?line2?over??');
    expect(terminalSafe('Cours\tde physique — « ondes » 日本')).toBe('Cours\tde physique — « ondes » 日本');
    expect(terminalSafe('abc\u202Edcba')).toBe('abc?dcba');
    expect(terminalSafe(null)).toBe('');
    expect(terminalSafe('\u007fdel')).toBe('?del');
  });
});
