// Runs in Node (tests). The browser end-to-end harness every e2e test reuses: the real services
// behind the loopback bridge (startWebStudio on a temporary library), the BUILT renderer from
// dist-web/ (CI runs `npm run build:web` before vitest; this file builds nothing), and Debian's
// Chromium driven by playwright-core, headless, with fake camera/mic devices (optionally fed from
// Y4M/WAV files made by FFmpeg: makeFakeMedia). Everything it starts, close() stops and removes.
//
//   const h = await startHarness({ fakeMedia: await makeFakeMedia({ seconds: 5, width: 640, height: 360 }) });
//   await h.page.getByRole('button', { name: 'New capsule from a PDF…' }).click();
//   …
//   await h.restartStudio();   // same library, new services (crash/restart tests), page reloaded
//   await h.close();
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { runFfmpeg } from '../../../src/main/ffmpeg/ffmpeg';
import { startWebStudio, type WebStudio, type WebStudioOptions } from '../../../src/main/bridge/webServer';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const distWebDir = path.join(repoRoot, 'dist-web');
export const scratchDir = path.join(repoRoot, '.scratch');

/** The repository's own fixtures (lecture PDFs, BBB answers): origin and licence in tests/fixtures/README.md. */
export function fixturePath(...parts: string[]): string {
  return path.join(repoRoot, 'tests', 'fixtures', ...parts);
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Chromium flags for testing media capture (https://webrtc.org/getting-started/testing): quiet, headless-safe, fake devices that need no permission prompt. */
export const BASE_CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

export interface FakeMedia {
  dir: string;
  /** Y4M for --use-file-for-fake-video-capture (null when only audio was asked). */
  videoPath: string | null;
  /** WAV (PCM s16le, 48 kHz mono) for --use-file-for-fake-audio-capture. */
  audioPath: string;
  seconds: number;
  width: number;
  height: number;
  fps: number;
  /** Removes the files (the harness does it for media it made itself). */
  remove(): void;
}

export interface FakeMediaOptions {
  seconds: number;
  width: number;
  height: number;
  fps?: number;
  /** Audio tone in Hz (the fake mic plays it in a loop). */
  toneHz?: number;
  /** Skip the video file (audio-only tests). */
  audioOnly?: boolean;
  dir?: string;
}

/**
 * Generates the fake camera (FFmpeg testsrc → Y4M, a counter and moving pattern so frames differ) and
 * the fake mic (a sine → WAV). A 5 s 640×360 Y4M is about 52 MB: keep them short and small.
 */
export async function makeFakeMedia(options: FakeMediaOptions): Promise<FakeMedia> {
  const { seconds, width, height, fps = 30, toneHz = 440, audioOnly = false } = options;
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'capsule-fake-media-'));
  mkdirSync(dir, { recursive: true });
  const audioPath = path.join(dir, 'mic.wav');
  const videoPath = audioOnly ? null : path.join(dir, 'cam.y4m');
  if (videoPath) {
    await runFfmpeg(['-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=${fps}`, '-t', String(seconds), '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', '-y', videoPath], {
      label: 'fake camera',
    });
  }
  await runFfmpeg(['-f', 'lavfi', '-i', `sine=frequency=${toneHz}:sample_rate=48000`, '-t', String(seconds), '-ac', '1', '-c:a', 'pcm_s16le', '-y', audioPath], {
    label: 'fake microphone',
  });
  return {
    dir,
    videoPath,
    audioPath,
    seconds,
    width,
    height,
    fps,
    remove() {
      if (ownDir) rmSync(dir, { recursive: true, force: true });
      else {
        rmSync(audioPath, { force: true });
        if (videoPath) rmSync(videoPath, { force: true });
      }
    },
  };
}

export interface HarnessOptions {
  /** An existing library to open (kept on close); by default a fresh one inside tmpDir (removed on close). */
  libraryDir?: string;
  /** Feed the fake devices from these files; without it Chromium's built-in fake devices are used. */
  fakeMedia?: FakeMedia;
  /** Browser language (navigator.language); English by default so assertions are stable. */
  locale?: string;
  viewport?: { width: number; height: number };
  chromiumArgs?: readonly string[];
  /** Passed to startWebStudio (e.g. studioOptions, a fixed port). */
  web?: Partial<Omit<WebStudioOptions, 'libraryDir' | 'staticDir'>>;
  /** Open the studio page right away (default true). */
  openPage?: boolean;
}

export interface Harness {
  web: WebStudio;
  browser: Browser;
  context: BrowserContext;
  /** The studio page (already loaded and connected unless openPage was false). */
  page: Page;
  libraryDir: string;
  /** A temporary folder for the test's own files, removed on close. */
  tmpDir: string;
  /** Errors the page printed or threw (console.error, uncaught exceptions): assert it stays empty. */
  pageErrors: string[];
  /** Opens another page on the studio (e.g. a second prompter window) in the same browser context. */
  openPage(): Promise<Page>;
  /** Loads (or reloads) the studio in `page` and waits for the shell to be connected. */
  gotoStudio(page?: Page): Promise<void>;
  /** Stops the services and starts new ones on the same library and port, then reloads the page. */
  restartStudio(): Promise<void>;
  /** Saves a PNG under .scratch/ (git-ignored) and returns its path. */
  screenshot(name: string, page?: Page): Promise<string>;
  close(): Promise<void>;
}

function assertRendererBuilt(): void {
  if (!existsSync(path.join(distWebDir, 'index.html'))) {
    throw new Error('dist-web/index.html is missing: run `npm run build:web` before the end-to-end tests.');
  }
}

/** Opens the recording step of a capsule directly (the view the app restores after a reload). */
export async function openRecordStep(page: Page, capsuleId: string): Promise<void> {
  await page.evaluate((id) => sessionStorage.setItem('capsule-studio.view', JSON.stringify({ view: 'record', capsuleId: id })), capsuleId);
  await page.reload();
  await page.getByRole('heading', { name: 'Record', level: 1 }).waitFor();
}

/**
 * Waits until the take on the Record step has run `seconds` by the status line's clock, through the
 * countdown and the recorder's start. A take that stops by itself (or never starts) fails the wait at
 * once, with what the page said (its alerts), not after a timeout with only the clock's last reading.
 */
export async function waitForRecordedSeconds(page: Page, seconds: number, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let begun = false;
  const alerts = async () => (await page.getByRole('alert').allTextContents()).join(' | ') || 'no alert on the page';
  for (;;) {
    const phase = await page.locator('section.record-view').getAttribute('data-phase');
    const clock = (await page.getByTestId('elapsed-total').textContent()) ?? '';
    const [minutes, secs] = (/(\d+):(\d\d)/.exec(clock) ?? []).slice(1).map(Number);
    if (phase === 'recording' && minutes !== undefined && secs !== undefined && minutes * 60 + secs >= seconds) return;
    if (phase !== 'idle') begun = true;
    else if (begun) throw new Error(`the take stopped by itself (clock "${clock}"): ${await alerts()}`);
    if (phase === 'paused') throw new Error(`the take paused by itself (clock "${clock}"): ${await alerts()}`);
    if (Date.now() > deadline) throw new Error(`after ${timeoutMs} ms the Record step is "${phase}" and its clock reads "${clock}": ${await alerts()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  assertRendererBuilt();
  const tmpDir = mkdtempSync(path.join(os.tmpdir(), 'capsule-e2e-'));
  const libraryDir = options.libraryDir ?? path.join(tmpDir, 'library');
  mkdirSync(libraryDir, { recursive: true });

  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(tmpDir, { recursive: true, force: true })];
  const runCleanups = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        // Cleanup continues with the next resource; the failure is printed for the test log.
        process.stderr.write(`harness cleanup failed: ${(error as Error).message}\n`);
      }
    }
  };

  try {
    let web = await startWebStudio({ libraryDir, staticDir: distWebDir, ...options.web });
    const port = Number(new URL(web.origin).port);
    cleanups.push(() => web.close());

    const args = [...BASE_CHROMIUM_ARGS, ...(options.chromiumArgs ?? [])];
    if (options.fakeMedia?.videoPath) args.push(`--use-file-for-fake-video-capture=${options.fakeMedia.videoPath}`);
    if (options.fakeMedia) args.push(`--use-file-for-fake-audio-capture=${options.fakeMedia.audioPath}`);
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
    cleanups.push(() => browser.close());
    const context = await browser.newContext({
      locale: options.locale ?? 'en-US',
      viewport: options.viewport ?? { width: 1280, height: 720 },
      acceptDownloads: false,
    });
    const pageErrors: string[] = [];
    const watch = (page: Page) => {
      // A permanent listener keeps file-chooser interception on from the start: Playwright turns it
      // on lazily (without waiting) when a test first waits for 'filechooser', and a chooser opened
      // right after that can slip through to the (invisible) native dialog.
      page.on('filechooser', () => undefined);
      page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(`console.error: ${message.text()}`);
      });
    };
    context.on('page', watch);

    const gotoStudio = async (page: Page = harness.page) => {
      await page.goto(web.url);
      // The shell renders its top bar only once the bridge is connected.
      await page.locator('header.topbar').waitFor({ state: 'visible' });
    };

    const harness: Harness = {
      web,
      browser,
      context,
      page: await context.newPage(),
      libraryDir,
      tmpDir,
      pageErrors,
      async openPage() {
        const page = await context.newPage();
        await gotoStudio(page);
        return page;
      },
      gotoStudio,
      async restartStudio() {
        await web.close();
        web = await startWebStudio({ libraryDir, staticDir: distWebDir, ...options.web, port });
        harness.web = web;
        await gotoStudio();
      },
      async screenshot(name, page = harness.page) {
        mkdirSync(scratchDir, { recursive: true });
        const file = path.join(scratchDir, `${name.replace(/[^a-zA-Z0-9_-]+/g, '-')}.png`);
        await page.screenshot({ path: file });
        return file;
      },
      async close() {
        await runCleanups();
      },
    };
    if (options.openPage !== false) await gotoStudio();
    return harness;
  } catch (error) {
    await runCleanups();
    throw error;
  }
}
