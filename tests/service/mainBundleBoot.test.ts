// Runs in Node (tests). Boots the main process as Forge ships it: builds the app with Forge's own Vite
// config generator into a temporary folder (tests/support/mainBundle/buildLikeForge.ts), then loads
// `.vite/build/main.cjs` in plain Node with a stand-in for `electron` (bootMainBundle.cjs). It catches what
// the type checker cannot: paths inside the bundle, run-time externals missing from the package, native
// modules, the PDF worker file, migrations at start, and a quit that leaves something running.
import { spawn } from 'node:child_process';
import { cpSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TITLE } from '../../src/main/montage/demoCapsule';
import { fixturesDir, repoRoot, tempDir } from '../support/tempDir';

const supportDir = path.join(repoRoot, 'tests', 'support', 'mainBundle');
const pdf = path.join(fixturesDir, 'pdf', 'beamer-4x3_metropolis-demo.pdf');

interface Step {
  step: string;
  [key: string]: unknown;
}

interface Run {
  code: number | null;
  steps: Step[];
  stderr: string;
}

/** A child process without vitest's environment: Vite and React must see a plain production build. */
function plainEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key === 'NODE_ENV' || key.startsWith('VITEST') || key === 'CAPSULE_PDF_WORKER' || key === 'CAPSULE_LIBRARY') delete env[key];
  return env;
}

function run(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env: plainEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const steps = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Step);
      resolve({ code, steps, stderr });
    });
  });
}

function boot(appPath: string): Promise<Run> {
  const userData = path.join(appPath, '..', `user-data-${path.basename(appPath)}`);
  mkdirSync(userData, { recursive: true });
  return run([path.join(supportDir, 'bootMainBundle.cjs'), appPath, userData, pdf]);
}

function step(result: Run, name: string): Step {
  const found = result.steps.find((candidate) => candidate.step === name);
  if (!found) throw new Error(`the boot never reached '${name}'. Steps: ${JSON.stringify(result.steps).slice(0, 2000)}\nstderr: ${result.stderr.slice(-2000)}`);
  return found;
}

/** A copy of the built app (node_modules shared by a link) that a test may break. */
function copyOfApp(appPath: string, name: string): string {
  const copy = path.join(appPath, '..', name);
  cpSync(path.join(appPath, '.vite'), path.join(copy, '.vite'), { recursive: true });
  symlinkSync(path.join(appPath, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  return copy;
}

let appPath: string;

beforeAll(async () => {
  appPath = path.join(tempDir('capsule-main-bundle-'), 'app');
  const built = await run(['--import', 'tsx', path.join(supportDir, 'buildLikeForge.ts'), appPath]);
  if (built.code !== 0) throw new Error(`the Forge-like build failed (exit ${built.code}):\n${built.stderr.slice(-4000)}`);
});

describe('the Forge-built main bundle, booted with a stand-in for electron', () => {
  it('starts to its first window, serves the built renderer through app://, imports a PDF with the bundled worker, serves a slide through media://, and quits with status 0', async () => {
    const result = await boot(appPath);
    expect(result.steps.filter((candidate) => candidate.step === 'failed')).toEqual([]);
    expect(step(result, 'loaded').privilegedSchemes).toEqual(['app', 'media']);

    const window = step(result, 'window.created');
    expect(window).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(step(result, 'window.loadURL').url).toBe('app://studio/index.html');
    expect(step(result, 'session.displayMediaHandler')).toMatchObject({ installed: true });
    expect(step(result, 'preload')).toMatchObject({ path: path.join(appPath, '.vite', 'build', 'preload.cjs'), exists: true });

    const page = step(result, 'app.index');
    expect(page).toMatchObject({ status: 200, contentType: 'text/html; charset=utf-8' });
    expect(page.csp).toContain("script-src 'self'");
    expect(page.html).toContain('<title>Capsule Studio</title>');
    const script = step(result, 'app.script');
    expect(script).toMatchObject({ status: 200, contentType: 'text/javascript; charset=utf-8' });
    expect(script.bytes).toBeGreaterThan(10_000);
    expect(step(result, 'app.escape').status).toBe(403);

    expect(step(result, 'chooseFile')).toMatchObject({ ok: true, value: { name: 'beamer-4x3_metropolis-demo.pdf' } });
    expect(step(result, 'createCapsuleFromPdf')).toMatchObject({ ok: true, error: null, slides: 31, title: 'Metropolis - A modern beamer theme' });
    expect(step(result, 'media.image')).toMatchObject({ status: 200, contentType: 'image/png', pngSignature: '89504e470d0a1a0a', rangeStatus: 206, rangeBytes: 8 });
    // The demo capsule is seeded in the background at first start; whether it is listed yet is a race.
    const listed = step(result, 'listCapsules');
    expect(listed.ok).toBe(true);
    const titles = listed.titles as string[];
    expect(titles).toContain('Metropolis - A modern beamer theme');
    expect(titles.filter((title) => title !== 'Metropolis - A modern beamer theme')).toEqual(titles.length === 2 ? [DEMO_TITLE] : []);
    expect(step(result, 'events').names).toEqual(expect.arrayContaining(['job.progress', 'library.changed']));

    expect(step(result, 'exit')).toMatchObject({ code: 0, children: [] });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/\berror\b/i);
  });

  it('fails when the PDF worker file is missing from the bundle', async () => {
    const broken = copyOfApp(appPath, 'app-without-pdf-worker');
    rmSync(path.join(broken, '.vite', 'build', 'pdfWorker.cjs'));
    const result = await boot(broken);
    const imported = step(result, 'createCapsuleFromPdf');
    expect(imported.ok).toBe(false);
    expect(String((imported.error as { message: string }).message)).toContain('pdfWorker.cjs');
    // The demo capsule cannot be imported either: nothing is in the library.
    expect(step(result, 'listCapsules')).toMatchObject({ ok: true, titles: [] });
    // Still a clean quit: the failed import left nothing running.
    expect(step(result, 'exit')).toMatchObject({ code: 0, children: [] });
  });

  it('fails when a run-time external is missing from the package', async () => {
    const broken = copyOfApp(appPath, 'app-without-sqlite');
    rmSync(path.join(broken, 'node_modules'));
    mkdirSync(path.join(broken, 'node_modules'));
    const result = await boot(broken);
    expect(step(result, 'failed').message).toContain("Cannot find module 'better-sqlite3'");
    expect(result.steps.some((candidate) => candidate.step === 'window.created')).toBe(false);
    expect(result.code).not.toBe(0);
  });
});
