// Runs in Node (tests). `capsule migrate bbb-to-pod` end to end, with real CLI processes started through
// deploy/migrate-shard.sh (the container's entry point) against the test Scalelite server (12 short
// recordings, both presentation layouts, plus one whose owner Pod does not know and one that names no
// owner) and the test Pod server: a dry run changes nothing; three shard processes at once publish every
// recording exactly once, to its owner, even when one shard is killed (SIGKILL) in the middle of an upload
// and run again; a rerun with a fresh library finds every video on Pod instead of uploading it again; and a
// copy stopped by SIGTERM says so, exits 143 and continues the same publication when run again.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/library/database';
import { markedRecordIds } from '../../src/main/migrate/marker';
import type { MigrationReport } from '../../src/main/migrate/migrationReport';
import { shardOf } from '../../src/main/migrate/shard';
import { startUploadRelay, type UploadRelay } from '../support/cliUploadRelay';
import { shortFixtureSpec, type FixtureLayout, type FixtureSpec } from '../support/bbbFixture/fixtureSpec';
import { generateRecording } from '../support/bbbFixture/generateRecording';
import { fakeRecordingFromSpec, startFakeBbb, type FakeBbbServer } from '../support/bbbServer/bbbServer';
import { startPodServer, type PodServer } from '../support/podServer/server';
import { STAFF_LOGIN, STAFF_TOKEN, type PodUser } from '../support/podServer/state';
import { repoRoot, tempDir } from '../support/tempDir';

const SECRET = 'scalelite-secret-6c1f0e9d2b7a4c3e8f5d1a0b9c8e7f6d';
const SHARDS = 3;
/** Generating 12 recordings (VP8/Opus media) and rendering them on a busy two-core machine takes minutes. */
const SETUP_TIMEOUT_MS = 900_000;
const RUN_TIMEOUT_MS = 900_000;
const dir = tempDir('migrate-');
const shim = path.join(dir, 'bin');
const secretFile = path.join(dir, 'bbb-secret');
const tokenFile = path.join(dir, 'pod-token');
const script = path.join(repoRoot, 'deploy', 'migrate-shard.sh');

/** Teachers with a Pod account (first login done), the owners named by the recordings' `pod-owner` metadata. */
const TEACHERS: PodUser[] = [
  { id: 101, username: 'amartin', firstName: 'Alice', lastName: 'Martin', email: 'alice.martin@example.edu', isStaff: false, isActive: true, password: null, hashkey: 'am101' },
  { id: 102, username: 'bdupont', firstName: 'Bruno', lastName: 'Dupont', email: 'bruno.dupont@example.edu', isStaff: false, isActive: true, password: null, hashkey: 'bd102' },
  { id: 103, username: 'cnguyen', firstName: 'Chloé', lastName: 'Nguyen', email: 'chloe.nguyen@example.edu', isStaff: false, isActive: true, password: null, hashkey: 'cn103' },
];

/** A 4-second recording: two slides, one annotation, audio only (short, so 12 render in reasonable time). */
function recordingSpec(index: number, layout: FixtureLayout): FixtureSpec {
  const startTime = 1_757_000_000_000 + index * 3_600_000;
  return shortFixtureSpec(layout, {
    recordId: `${(index + 1).toString(16).padStart(2, '0').repeat(20)}-${startTime}`,
    meetingId: `course-${index % 4}`,
    name: `Cours ${index + 1} (${layout})`,
    startTime,
    durationSec: 4,
    appearances: [
      { start: 0, end: 2, slide: 1 },
      { start: 2, end: 4, slide: 2 },
    ],
    annotations: [{ kind: 'rect', appearance: 1, start: 2.5, undo: 3.5, x: 500, y: 400, width: 300, height: 200 }],
    panzooms: [{ time: 0, viewBox: [0, 0, 1600, 1200] }],
    cursor: [],
    deskshare: [],
    chat: [],
    beeps: [1],
    webcams: false,
    captions: false,
    metadata: { 'bbb-origin': 'Moodle', 'pod-owner': TEACHERS[index % TEACHERS.length]!.username },
  });
}

const specs = Array.from({ length: 12 }, (_, index) => recordingSpec(index, index % 2 === 0 ? 'svg' : 'tldraw'));
const ownerOf = new Map(specs.map((spec) => [spec.recordId, spec.metadata!['pod-owner']!]));
/** Listed by the server, never published: Pod has no such account, and one names no owner at all. */
const unknownOwner = { ...fakeRecordingFromSpec({ ...specs[0]!, recordId: `${'e'.repeat(40)}-1757100000000`, name: 'Cours de quelqu’un d’autre' }), metadata: { 'pod-owner': 'nobody-here' } };
const noOwner = { ...fakeRecordingFromSpec({ ...specs[1]!, recordId: `${'f'.repeat(40)}-1757200000000`, name: 'Cours sans propriétaire' }), metadata: { 'bbb-origin': 'Greenlight' } };

let bbb: FakeBbbServer;
let pod: PodServer;
let relay: UploadRelay;

/** Bytes of the upload request (from its request line) let through before holding: past the form fields, well inside the file. */
const HOLD_AFTER_BYTES = 4 * 1024;
const VIDEO_UPLOAD_REQUEST = 'POST /rest/videos/ HTTP';

interface ShardRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** One copy, started exactly as the container starts it (deploy/migrate-shard.sh), with `capsule` on PATH. */
function startShard(index: number, library: string, options: { podUrl?: string; shards?: number; extra?: string[] } = {}): ShardRun {
  const env = {
    ...process.env,
    PATH: `${shim}${path.delimiter}${process.env.PATH ?? ''}`,
    BBB_URL: `${bbb.url}/bigbluebutton/api`,
    BBB_SECRET_FILE: secretFile,
    POD_URL: options.podUrl ?? pod.url,
    POD_TOKEN_FILE: tokenFile,
    POD_ADMIN: STAFF_LOGIN,
    SHARDS: String(options.shards ?? SHARDS),
    JOB_COMPLETION_INDEX: String(index),
    OWNER_FROM: 'pod-owner',
    CAPSULE_LIBRARY: library,
  };
  const child = spawn('/bin/sh', [script, ...(options.extra ?? [])], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => out, stderr: () => err, exit };
}

function reportOf(library: string, index: number): MigrationReport {
  return JSON.parse(readFileSync(path.join(library, `shard-${index}.json`), 'utf8')) as MigrationReport;
}

/** The videos on the test Pod that carry each record ID in their description. */
function videosByRecord(): Map<string, { id: number; owner: string }[]> {
  const found = new Map<string, { id: number; owner: string }[]>();
  for (const video of pod.state.videos) {
    for (const recordId of markedRecordIds(video.description)) {
      const owner = pod.state.userById(video.owner)?.username ?? '?';
      found.set(recordId, [...(found.get(recordId) ?? []), { id: video.id, owner }]);
    }
  }
  return found;
}

function capsuleCount(library: string): number {
  const db = openDatabase(library);
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM capsules').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const podWrites = () => pod.requests.filter((request) => request.method !== 'GET' && request.method !== 'OPTIONS').length;
const bbbFileReads = () => bbb.requests.filter((request) => !request.path.includes('/api/')).length;

beforeAll(async () => {
  mkdirSync(shim, { recursive: true });
  // `capsule` on PATH, as in the image: the repository's own CLI entry (exec: one process, so a kill reaches it).
  writeFileSync(path.join(shim, 'capsule'), `#!/bin/sh\nexec "${process.execPath}" "${path.join(repoRoot, 'bin', 'capsule.mjs')}" "$@"\n`);
  chmodSync(path.join(shim, 'capsule'), 0o755);
  writeFileSync(secretFile, `${SECRET}\n`);
  writeFileSync(tokenFile, `${STAFF_TOKEN}\n`);
  const generated = [];
  for (const spec of specs) generated.push(await generateRecording(spec));
  const roots = new Map(generated.map((recording) => [recording.spec.recordId, recording.root]));
  bbb = await startFakeBbb({
    secret: SECRET,
    mode: 'scalelite',
    filesRoot: (recordId) => roots.get(recordId) ?? null,
    recordings: [...specs.map((spec) => fakeRecordingFromSpec(spec)), unknownOwner, noOwner],
  });
  // Encoding ends at the first poll: the test is about who publishes what, not about waiting for Pod.
  pod = await startPodServer({ knobs: { stepEveryMs: 0 } });
  pod.state.users.push(...TEACHERS);
  relay = await startUploadRelay(pod.port, HOLD_AFTER_BYTES, { countFrom: VIDEO_UPLOAD_REQUEST });
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await relay?.close();
  await pod?.close();
  await bbb?.close();
});

describe('capsule migrate bbb-to-pod', () => {
  it('the twelve recordings split over three shards, none twice, by a stable hash (every shard has work)', () => {
    const sizes = [0, 0, 0];
    for (const spec of specs) sizes[shardOf(spec.recordId, SHARDS)]! += 1;
    expect(sizes.reduce((a, b) => a + b)).toBe(12);
    expect(Math.min(...sizes)).toBeGreaterThan(0);
  });

  it('--dry-run lists what it would do and changes nothing: no Pod write, no BBB download, no capsule', async () => {
    const library = path.join(dir, 'dry-run');
    const [writes, reads] = [podWrites(), bbbFileReads()];
    const run = startShard(0, library, { shards: 1, extra: ['--dry-run', '--json'] });
    const { code } = await run.exit;
    expect(run.stderr()).not.toMatch(/Error/);
    expect(code).toBe(0);
    // One copy of one: the whole list. The report is the JSON on stdout, after the two profile lines.
    const report = JSON.parse(run.stdout().slice(run.stdout().indexOf('{\n'))) as MigrationReport;
    expect(report.dryRun).toBe(true);
    expect(report.listed).toBe(14);
    expect(report.inShard).toBe(14);
    expect(report.counts['would-publish']).toBe(12);
    expect(report.counts['owner-unknown']).toBe(1);
    expect(report.counts['owner-missing']).toBe(1);
    expect(report.owners).toEqual([...TEACHERS.map((teacher) => ({ username: teacher.username, onPod: true })), { username: 'nobody-here', onPod: false }].sort((a, b) => a.username.localeCompare(b.username)));
    expect(reportOf(library, 0)).toEqual(report);
    expect(podWrites()).toBe(writes);
    expect(bbbFileReads()).toBe(reads);
    expect(pod.state.videos).toHaveLength(0);
    expect(capsuleCount(library)).toBe(0);
  }, RUN_TIMEOUT_MS);

  it('three shards at once, one killed mid-upload and run again: every recording is on Pod exactly once, in its owner’s account', async () => {
    const libraries = [0, 1, 2].map((index) => path.join(dir, `shard-${index}`));
    // Shard 1 talks to Pod through the relay, which holds its first video upload part-way.
    relay.hold = true;
    const runs = [startShard(0, libraries[0]!), startShard(1, libraries[1]!, { podUrl: relay.url }), startShard(2, libraries[2]!)];
    await relay.held();
    expect(runs[1]!.stderr()).toMatch(/: publishing to Pod/);
    runs[1]!.child.kill('SIGKILL');
    expect((await runs[1]!.exit).signal).toBe('SIGKILL');
    relay.hold = false;
    const shard1 = specs.filter((spec) => shardOf(spec.recordId, SHARDS) === 1).map((spec) => spec.recordId);
    const killedAt = videosByRecord();
    const publishedBeforeKill = shard1.filter((recordId) => killedAt.has(recordId));
    expect(publishedBeforeKill.length).toBeLessThan(shard1.length); // the kill came before shard 1 finished

    for (const index of [0, 2]) {
      const { code } = await runs[index]!.exit;
      expect(runs[index]!.stderr()).not.toMatch(/Error \(/);
      expect(code).toBe(0);
      const report = reportOf(libraries[index]!, index);
      expect(report.shard).toBe(`${index}/3`);
      expect(report.recordings.map((r) => r.recordId).sort()).toEqual(
        [...specs.map((s) => s.recordId), unknownOwner.recordId, noOwner.recordId].filter((id) => shardOf(id, SHARDS) === index).sort(),
      );
      for (const recording of report.recordings.filter((r) => ownerOf.has(r.recordId))) expect(recording.outcome).toBe('published');
      // Published capsules leave the copy's library: its disk holds one recording at a time.
      expect(capsuleCount(libraries[index]!)).toBe(0);
    }
    expect(runs[0]!.stdout()).toMatch(/record ID\s+owner\s+outcome\s+Pod video \/ reason/);

    // The killed shard, again, with its own library: it continues the interrupted publication.
    const again = startShard(1, libraries[1]!, { podUrl: relay.url });
    const { code } = await again.exit;
    expect(again.stderr()).not.toMatch(/Error \(/);
    expect(code).toBe(0);
    const rerun = reportOf(libraries[1]!, 1);
    const outcomes = rerun.recordings.filter((r) => ownerOf.has(r.recordId)).map((r) => r.outcome);
    expect(outcomes.filter((outcome) => outcome === 'continued')).toHaveLength(1);
    expect(outcomes.every((outcome) => ['continued', 'published', 'already-migrated'].includes(outcome))).toBe(true);

    // Exactly once, to its owner, as a draft with the record ID; the unknown owner's recording nowhere.
    const byRecord = videosByRecord();
    for (const spec of specs) {
      expect(byRecord.get(spec.recordId), spec.recordId).toEqual([{ id: expect.any(Number) as number, owner: ownerOf.get(spec.recordId) }]);
    }
    expect(byRecord.has(unknownOwner.recordId)).toBe(false);
    expect(byRecord.has(noOwner.recordId)).toBe(false);
    expect(pod.state.videos).toHaveLength(12);
    expect(pod.state.videos.every((video) => video.isDraft && video.encoded)).toBe(true);
    expect(pod.state.videos.some((video) => pod.state.userById(video.owner)?.username === STAFF_LOGIN)).toBe(false);
    // Both layouts went through the import: each video's title says which one it came from.
    expect(new Set(pod.state.videos.map((video) => /\((svg|tldraw)\)/.exec(video.title)?.[1]))).toEqual(new Set(['svg', 'tldraw']));

    // The same shard on another machine, with a fresh library: everything is found on Pod, nothing uploaded.
    // One video lost its chapters, as when a copy is stopped while Pod encodes: found, flagged, not uploaded again.
    const unfinished = byRecord.get(shard1[0]!)![0]!.id;
    pod.state.chapters = pod.state.chapters.filter((chapter) => chapter.video !== unfinished);
    const uploads = pod.requestsTo('POST', '/rest/videos/').length;
    const fresh = startShard(1, path.join(dir, 'shard-1-elsewhere'));
    expect((await fresh.exit).code).toBe(0);
    const elsewhere = reportOf(path.join(dir, 'shard-1-elsewhere'), 1);
    for (const recording of elsewhere.recordings.filter((r) => ownerOf.has(r.recordId))) {
      expect(recording.outcome).toBe(recording.videoId === unfinished ? 'found-incomplete' : 'found-on-pod');
      expect(recording.videoId).toBe(byRecord.get(recording.recordId)![0]!.id);
    }
    expect(elsewhere.counts['found-incomplete']).toBe(1);
    expect(fresh.stdout()).toMatch(/found-incomplete\s+\S+ \(no chapters or captions: check it there\)/);
    expect(pod.requestsTo('POST', '/rest/videos/')).toHaveLength(uploads);
    expect(pod.state.videos).toHaveLength(12);
    expect(capsuleCount(path.join(dir, 'shard-1-elsewhere'))).toBe(0);
    expect(existsSync(path.join(dir, 'shard-1-elsewhere', 'shard-1.json'))).toBe(true);
  }, RUN_TIMEOUT_MS);

  it('stopped by SIGTERM mid-upload (a Kubernetes Pod deleted, a node drained): says so, exits 143, and the rerun continues that same publication', async () => {
    const server = await startPodServer({ knobs: { stepEveryMs: 0 } });
    server.state.users.push(...TEACHERS);
    const held = await startUploadRelay(server.port, HOLD_AFTER_BYTES, { countFrom: VIDEO_UPLOAD_REQUEST });
    try {
      const library = path.join(dir, 'sigterm');
      const course = specs.filter((spec) => spec.meetingId === 'course-0');
      held.hold = true;
      const first = startShard(0, library, { podUrl: held.url, shards: 1, extra: ['--meeting', 'course-0'] });
      await held.held();
      first.child.kill('SIGTERM');
      expect((await first.exit).code).toBe(143);
      held.hold = false;
      expect(first.stderr()).toMatch(/Stopped by SIGTERM\. Run the same command again to continue/);
      const stopped = reportOf(library, 0);
      expect(stopped.stoppedBy).toBe('SIGTERM');
      // The three teachers' recordings of course-0, and the one whose owner Pod does not know.
      expect(stopped.counts['not-reached']).toBe(course.length + 1);
      expect(server.state.videos).toHaveLength(0);

      const again = startShard(0, library, { podUrl: held.url, shards: 1, extra: ['--meeting', 'course-0'] });
      expect((await again.exit).code).toBe(0);
      const outcomes = reportOf(library, 0).recordings.map((recording) => recording.outcome);
      expect(outcomes.sort()).toEqual(['continued', 'owner-unknown', ...new Array<string>(course.length - 1).fill('published')].sort());
      expect(server.state.videos.map((video) => markedRecordIds(video.description)[0]).sort()).toEqual(course.map((spec) => spec.recordId).sort());
    } finally {
      await held.close();
      await server.close();
    }
  }, RUN_TIMEOUT_MS);
});
