// Runs in Node (benchmarks). Recording: a long take (10 minutes by default; BENCH_RECORDING_SECONDS
// shortens it) recorded by the real studio page in Chromium (fake 640x360 camera and a mic) through the
// loopback bridge to the real take store. Measured:
//   * chunk latency to disk: from MediaRecorder's dataavailable in the page to appendChunk having
//     written the chunk on the main side (same machine, both on the epoch clock), median and p99;
//   * the main side's CPU while recording (this process hosts the services; Playwright's client is idle);
//   * memory of the renderer over the take: JS heap after a GC and the renderer processes' RSS,
//     sampled through the take, with the slope in MB per minute (target: flat).
// Reference in the same run, at the same time in a second browser: the in-memory recorder of Opencast
// Studio / Polymny (MediaRecorder Blobs kept in a list until the end), same stream, same codec.
import { readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { probeMedia } from '../src/main/ffmpeg/ffmpeg';
import type { StudioCalls } from '../src/shared/api/studioApi';
import { BASE_CHROMIUM_ARGS, CHROMIUM_PATH, distWebDir, fixturePath, makeFakeMedia, repoRoot, startHarness } from '../tests/e2e/support/harness';

const REFERENCE_MARK = '--capsule-bench-reference';

interface Sample {
  atSec: number;
  heapMiB: number;
  rendererRssMiB: number;
  browserRssMiB: number;
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

/** Least-squares slope of y over x (MiB per second here). */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((sum, p) => sum + p.x, 0) / n;
  const my = points.reduce((sum, p) => sum + p.y, 0) / n;
  const num = points.reduce((sum, p) => sum + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((sum, p) => sum + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

// ---------------------------------------------------------------- processes (Linux /proc)

function readProc(pid: number, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    // The process ended between listing and reading: it simply does not count.
    return null;
  }
}

function allProcesses(): { pid: number; ppid: number; cmdline: string; rssKiB: number }[] {
  const list: { pid: number; ppid: number; cmdline: string; rssKiB: number }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const status = readProc(pid, 'status');
    const cmdline = readProc(pid, 'cmdline');
    if (!status || cmdline === null) continue;
    list.push({
      pid,
      ppid: Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0),
      rssKiB: Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0),
      cmdline: cmdline.replace(/\0/g, ' '),
    });
  }
  return list;
}

/** RSS of a Chromium's browser process and of its renderer processes (descendants with --type=renderer). */
function chromiumMemory(isReference: boolean, videoPath: string): { browserRssMiB: number; rendererRssMiB: number } {
  const processes = allProcesses();
  const browser = processes.find((p) => p.cmdline.includes(`--use-file-for-fake-video-capture=${videoPath}`) && !p.cmdline.includes('--type=') && p.cmdline.includes(REFERENCE_MARK) === isReference);
  if (!browser) return { browserRssMiB: NaN, rendererRssMiB: NaN };
  const descendants = new Set([browser.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of processes) {
      if (!descendants.has(p.pid) && descendants.has(p.ppid)) {
        descendants.add(p.pid);
        grew = true;
      }
    }
  }
  const renderers = processes.filter((p) => descendants.has(p.pid) && p.cmdline.includes('--type=renderer'));
  return { browserRssMiB: browser.rssKiB / 1024, rendererRssMiB: renderers.reduce((sum, p) => sum + p.rssKiB, 0) / 1024 };
}

async function heapMiB(session: CDPSession): Promise<number> {
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  return usedSize / 2 ** 20;
}

// ---------------------------------------------------------------- the reference: Blobs kept in memory

const IN_MEMORY_RECORDER = `
  window.__startInMemory = async (mimeType) => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: { ideal: 1280 }, height: { ideal: 720 } } });
    const chunks = [];
    const recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: 1000000, audioBitsPerSecond: 128000 });
    recorder.ondataavailable = (event) => chunks.push(event.data);
    recorder.start(500);
    window.__stopInMemory = () => new Promise((resolve) => {
      recorder.onstop = () => resolve({ chunks: chunks.length, bytes: chunks.reduce((sum, blob) => sum + blob.size, 0) });
      recorder.stop();
    });
  };
`;

function ensureRendererBuilt(): void {
  if (existsSync(path.join(distWebDir, 'index.html'))) return;
  const built = spawnSync('npx', ['vite', 'build', '--config', 'vite.renderer.config.ts'], { cwd: repoRoot, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('building the renderer failed');
}

export async function runRecordingBench(): Promise<string> {
  const seconds = Number(process.env.BENCH_RECORDING_SECONDS ?? 600);
  const sampleEverySec = Math.max(5, Math.min(30, seconds / 12));
  ensureRendererBuilt();
  const media = await makeFakeMedia({ seconds: 4, width: 640, height: 360, fps: 30 });
  const h = await startHarness({ fakeMedia: media });
  let reference: Browser | null = null;
  try {
    const calls = h.web.studio.calls;
    const capsule = await calls.createCapsuleFromPdf({ source: { path: fixturePath('pdf', 'beamer-notes-pages_pandoc-beamer-notes.pdf') }, title: 'Recording bench' });
    await calls.updateRecordingPreferences({ countdown: false });

    // Chunk timing: when each chunk became available in the page, when the main side had written it.
    // A string, not a function: the TypeScript loader would put helpers into a serialised function.
    await h.page.addInitScript(`
      (() => {
        const Original = window.MediaRecorder;
        const times = [];
        window.__chunkTimes = times;
        window.MediaRecorder = class extends Original {
          constructor(stream, options) {
            super(stream, options);
            this.addEventListener('dataavailable', () => times.push(Date.now()));
          }
        };
      })();
    `);
    const written = new Map<number, number>();
    const original = calls.appendChunk;
    (calls as { appendChunk: StudioCalls['appendChunk'] }).appendChunk = async (takeId, seq, bytes) => {
      const receipt = await original(takeId, seq, bytes);
      written.set(seq, Date.now());
      return receipt;
    };

    await h.page.evaluate((id) => sessionStorage.setItem('capsule-studio.view', JSON.stringify({ view: 'record', capsuleId: id })), capsule.id);
    await h.page.reload();
    await h.page.getByTestId('camera-preview').waitFor();
    const studioSession = await h.context.newCDPSession(h.page);

    // The reference recorder, in its own browser (its own processes), on the same fake devices.
    reference = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...BASE_CHROMIUM_ARGS, `--use-file-for-fake-video-capture=${media.videoPath}`, `--use-file-for-fake-audio-capture=${media.audioPath}`, REFERENCE_MARK],
    });
    const referencePage: Page = await reference.newPage();
    await referencePage.goto(`${h.web.origin}/`);
    await referencePage.evaluate(IN_MEMORY_RECORDER);
    const referenceSession = await referencePage.context().newCDPSession(referencePage);

    const ours: Sample[] = [];
    const theirs: Sample[] = [];
    const sample = async (atSec: number) => {
      const mine = chromiumMemory(false, media.videoPath!);
      const other = chromiumMemory(true, media.videoPath!);
      ours.push({ atSec, heapMiB: await heapMiB(studioSession), ...mine });
      theirs.push({ atSec, heapMiB: await heapMiB(referenceSession), ...other });
    };

    await h.page.locator('body').click({ position: { x: 5, y: 5 } });
    const mime = 'video/webm;codecs=vp9,opus';
    await referencePage.evaluate((type) => (window as unknown as { __startInMemory(m: string): Promise<void> }).__startInMemory(type), mime);
    const cpuStart = process.cpuUsage();
    const wallStart = Date.now();
    await h.page.keyboard.press('Enter');
    await h.page.getByTestId('recording-indicator').waitFor();
    await sample(0);
    while ((Date.now() - wallStart) / 1000 < seconds) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(sampleEverySec * 1000, Math.max(0, seconds * 1000 - (Date.now() - wallStart)))));
      await sample(Math.round((Date.now() - wallStart) / 1000));
      process.stderr.write(`  recording ${Math.round((Date.now() - wallStart) / 1000)} / ${seconds} s\n`);
    }
    const cpu = process.cpuUsage(cpuStart);
    const wallSec = (Date.now() - wallStart) / 1000;
    await h.page.keyboard.press('Escape');
    const referenceResult = await referencePage.evaluate(() => (window as unknown as { __stopInMemory(): Promise<{ chunks: number; bytes: number }> }).__stopInMemory());

    const deadline = Date.now() + 120_000;
    let take = (await calls.listTakes(capsule.grains[0]!.id))[0];
    while (take?.state !== 'ready' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      take = (await calls.listTakes(capsule.grains[0]!.id))[0];
    }
    if (!take || take.state !== 'ready') throw new Error(`the take did not finish (${take?.state ?? 'missing'})`);
    const probe = await probeMedia(take.path);
    const available = await h.page.evaluate(() => (window as unknown as { __chunkTimes: number[] }).__chunkTimes);
    process.stderr.write(`  chunk times: ${available.length} in the page, ${written.size} written\n`);
    const latencies = available
      .map((at, seq) => (written.has(seq) ? written.get(seq)! - at : NaN))
      .filter((value) => Number.isFinite(value))
      .sort((a, b) => a - b);

    const cpuPercent = ((cpu.user + cpu.system) / 1000 / (wallSec * 1000)) * 100;
    const settled = (samples: Sample[]) => samples.filter((s) => s.atSec >= Math.min(30, seconds / 4));
    const perMinute = (samples: Sample[], key: keyof Omit<Sample, 'atSec'>) => slope(settled(samples).map((s) => ({ x: s.atSec, y: s[key] }))) * 60;
    const span = (samples: Sample[], key: keyof Omit<Sample, 'atSec'>) => {
      const list = settled(samples);
      return `${list[0]![key].toFixed(1)} → ${list.at(-1)![key].toFixed(1)}`;
    };
    const fmt = (value: number) => (value >= 0 ? '+' : '') + value.toFixed(2);

    return [
      `A ${Math.round(wallSec)} s take (${(seconds / 60).toFixed(1)} min asked) recorded by the studio page in headless Chromium (fake camera 640×360 @ 30 fps, fake mic; ${take.mime}, timeslice 500 ms) through the loopback bridge to the take store; the reference is the in-memory recorder of Opencast Studio / Polymny (Blobs kept in a list), same devices and codec, at the same time in a second Chromium.`,
      '',
      '| Measure | Capsule Studio (chunks to disk as they arrive) | Reference (Blobs kept in memory) |',
      '|---|---|---|',
      `| Chunks | ${latencies.length} written (${(take.bytes / 2 ** 20).toFixed(1)} MiB after remux) | ${referenceResult.chunks} kept (${(referenceResult.bytes / 2 ** 20).toFixed(1)} MiB held until the end) |`,
      `| Chunk latency to disk, median / p99 / max | ${percentile(latencies, 0.5)} / ${percentile(latencies, 0.99)} / ${latencies.at(-1)} ms | never on disk before the end |`,
      `| Main side CPU while recording | ${cpuPercent.toFixed(1)} % of one core (${((cpu.user + cpu.system) / 1e6).toFixed(1)} s over ${wallSec.toFixed(0)} s) | — |`,
      `| Renderer JS heap after GC, MiB (from ${Math.min(30, Math.round(seconds / 4))} s to the end) | ${span(ours, 'heapMiB')} (${fmt(perMinute(ours, 'heapMiB'))} MiB/min) | ${span(theirs, 'heapMiB')} (${fmt(perMinute(theirs, 'heapMiB'))} MiB/min) |`,
      `| Renderer processes RSS, MiB | ${span(ours, 'rendererRssMiB')} (${fmt(perMinute(ours, 'rendererRssMiB'))} MiB/min) | ${span(theirs, 'rendererRssMiB')} (${fmt(perMinute(theirs, 'rendererRssMiB'))} MiB/min) |`,
      `| Browser process RSS (where Chromium keeps Blob data), MiB | ${span(ours, 'browserRssMiB')} (${fmt(perMinute(ours, 'browserRssMiB'))} MiB/min) | ${span(theirs, 'browserRssMiB')} (${fmt(perMinute(theirs, 'browserRssMiB'))} MiB/min) |`,
      `| File | ${(Number(probe.format.duration)).toFixed(2)} s after remux for ${(take.recordedMs! / 1000).toFixed(2)} s recorded | lost if the tab dies |`,
      '',
      `Target: renderer memory flat over the take. Samples every ${sampleEverySec} s; the slope is a least-squares fit after the first ${Math.min(30, Math.round(seconds / 4))} s (warm-up).`,
    ].join('\n');
  } finally {
    await reference?.close();
    await h.close();
    media.remove();
  }
}
