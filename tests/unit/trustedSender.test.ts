// Runs in Node (tests). Which frames may call the StudioApi over Electron IPC.
import { describe, expect, it } from 'vitest';
import type { WebFrameMain } from 'electron';
import { isTrustedFrame } from '../../src/main/electron/trustedSender';

function frame(url: string, parent: unknown = null): WebFrameMain {
  return { url, parent } as unknown as WebFrameMain;
}

describe('IPC sender check', () => {
  it('trusts only the main frame of our app:// origin', () => {
    expect(isTrustedFrame(frame('app://studio/index.html'), null)).toBe(true);
    expect(isTrustedFrame(frame('app://studio/index.html?prompter=1'), null)).toBe(true);
    expect(isTrustedFrame(frame('app://studio/index.html', frame('app://studio/')), null)).toBe(false);
    expect(isTrustedFrame(frame('app://evil/index.html'), null)).toBe(false);
    expect(isTrustedFrame(frame('file:///home/user/page.html'), null)).toBe(false);
    expect(isTrustedFrame(frame('https://pod.example.org/'), null)).toBe(false);
    expect(isTrustedFrame(frame('not a url'), null)).toBe(false);
    expect(isTrustedFrame(null, null)).toBe(false);
  });

  it('trusts the Vite dev server only in development, when one is given', () => {
    expect(isTrustedFrame(frame('http://localhost:5173/'), 'http://localhost:5173')).toBe(true);
    expect(isTrustedFrame(frame('http://localhost:5173/'), null)).toBe(false);
    expect(isTrustedFrame(frame('http://localhost:5174/'), 'http://localhost:5173')).toBe(false);
  });
});
