// Runs in Node (tests). A CSP in every mode (issue 12, item 10): the Vite dev server used by
// `npm start` puts the app's policy in the page (inline scripts allowed by hash only), real Chromium
// loads that page without a single violation and refuses an injected inline script; and packaging
// never enables the inspect fuse, whatever the environment says.
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/tempDir';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let vite: ViteDevServer;
let origin: string;

beforeAll(async () => {
  vite = await createServer({ configFile: path.join(repoRoot, 'vite.renderer.config.ts'), root: repoRoot, logLevel: 'silent', server: { port: 0, host: '127.0.0.1', hmr: { port: 0 } } });
  await vite.listen();
  origin = `http://127.0.0.1:${(vite.httpServer!.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await vite?.close();
});

function metaPolicy(html: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
  return match ? match[1]!.replace(/&#39;|&apos;/g, "'") : '';
}

describe('the dev server page carries the app’s CSP', () => {
  it('sends a strict policy whose only inline scripts are allowed by their hash', async () => {
    const html = await (await fetch(`${origin}/`)).text();
    const policy = metaPolicy(html);
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("object-src 'none'");
    const scriptSrc = /script-src ([^;]+)/.exec(policy)![1]!;
    const sources = scriptSrc.trim().split(/\s+/);
    expect(sources).not.toContain("'unsafe-inline'");
    expect(sources).not.toContain("'unsafe-eval'");
    // WebAssembly only (the virtual background's segmentation model), not eval of JavaScript.
    expect(sources.filter((source) => source.includes('eval'))).toEqual(["'wasm-unsafe-eval'"]);
    const inline = [...html.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
    expect(inline.length).toBeGreaterThan(0); // the React Refresh preamble
    for (const code of inline) expect(scriptSrc).toContain(`'sha256-${createHash('sha256').update(code).digest('base64')}'`);
  });

  it('loads in Chromium without a violation, and refuses a script injected into the page', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true });
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          (window as unknown as { reportViolation(text: string): void }).reportViolation(`${event.violatedDirective} ${event.blockedURI}`);
        });
      });
      await page.goto(`${origin}/`, { waitUntil: 'networkidle' });
      // The app's modules ran (React mounted something, even if only the "cannot connect" screen).
      await page.waitForFunction(() => (document.getElementById('root')?.childElementCount ?? 0) > 0);
      expect(violations).toEqual([]);
      const ran = await page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.__injected = true;';
        document.head.appendChild(script);
        return (window as unknown as { __injected?: boolean }).__injected === true;
      });
      expect(ran).toBe(false);
      await expect.poll(() => violations.some((text) => text.startsWith('script-src'))).toBe(true);
    } finally {
      await browser.close();
    }
  });
});

describe('packaging', () => {
  it('never enables the inspect fuse, even with the old test-build variable set', async () => {
    const previous = process.env.CAPSULE_TEST_BUILD;
    process.env.CAPSULE_TEST_BUILD = '1';
    try {
      const { FuseV1Options } = await import('@electron/fuses');
      const config = (await import('../../forge.config')).default as { plugins: { name?: string; fusesConfig?: Record<number, boolean> }[] };
      const fuses = config.plugins.find((plugin) => plugin.name === 'fuses')?.fusesConfig;
      expect(fuses).toBeDefined();
      expect(fuses![FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
      expect(fuses![FuseV1Options.RunAsNode]).toBe(false);
      expect(fuses![FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    } finally {
      if (previous === undefined) delete process.env.CAPSULE_TEST_BUILD;
      else process.env.CAPSULE_TEST_BUILD = previous;
    }
  });
});
