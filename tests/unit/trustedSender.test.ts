// Runs in Node (tests). Which frames may call the StudioApi over Electron IPC: our app origin's main
// frame, or the Vite dev server's only when one is given (unpackaged builds); nothing else.
import { describe, expect, it } from 'vitest';
import { isTrustedFrame } from '../../src/main/electron/trustedSender';

type Frame = Parameters<typeof isTrustedFrame>[0];
const frame = (url: string, parent: unknown = null) => ({ url, parent }) as unknown as Frame;

describe('isTrustedFrame', () => {
  it('trusts the main frame of app://studio only', () => {
    expect(isTrustedFrame(frame('app://studio/index.html'), null)).toBe(true);
    expect(isTrustedFrame(frame('app://studio/index.html?prompter=1'), null)).toBe(true);
    expect(isTrustedFrame(frame('app://other/index.html'), null)).toBe(false);
    expect(isTrustedFrame(frame('app://studio/index.html', frame('app://studio/')), null)).toBe(false);
    expect(isTrustedFrame(frame('file:///home/user/index.html'), null)).toBe(false);
    expect(isTrustedFrame(frame('https://evil.example/'), null)).toBe(false);
    expect(isTrustedFrame(frame('not a url'), null)).toBe(false);
    expect(isTrustedFrame(null, null)).toBe(false);
  });

  it('trusts the dev server origin only when it is given (never in packaged builds)', () => {
    expect(isTrustedFrame(frame('http://localhost:5173/'), null)).toBe(false);
    expect(isTrustedFrame(frame('http://localhost:5173/src/x'), 'http://localhost:5173')).toBe(true);
    expect(isTrustedFrame(frame('http://localhost:5174/'), 'http://localhost:5173')).toBe(false);
    expect(isTrustedFrame(frame('http://localhost.evil.example:5173/'), 'http://localhost:5173')).toBe(false);
  });
});
