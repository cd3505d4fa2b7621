// Runs in Node (tests). The pure parts of `capsule migrate bbb-to-pod`: the record-ID marker written into and
// read back from Pod descriptions (also through the HTML Pod stores), the owner taken from BBB metadata (never
// a default when the key is missing), `--since`, and the summary table.
import { describe, expect, it } from 'vitest';
import { descriptionHtml } from '../../src/shared/logic/podMetadata';
import { markedRecordIds, migratedDescription, migrationMarker } from '../../src/main/migrate/marker';
import { ownerOf } from '../../src/main/migrate/bbbToPod';
import { countOutcomes, summaryTable, type MigrationReport, type RecordingOutcome } from '../../src/main/migrate/migrationReport';
import { sinceFlag } from '../../src/main/cli/commands/migrate';

const recordId = '0123456789abcdef0123456789abcdef01234567-1757000000000';

describe('record-ID marker', () => {
  it('survives the HTML description Pod stores, and is read back exactly', () => {
    const text = migratedDescription({ name: 'Cours <1> & TD', recordId, meetingId: 'm', startTime: Date.UTC(2025, 8, 1, 8, 30) });
    expect(text).toContain('2025-09-01 08:30 UTC');
    expect(markedRecordIds(descriptionHtml(text))).toEqual([recordId]);
    expect(markedRecordIds(text)).toEqual([recordId]);
  });

  it('finds nothing in a description without one, and every marker in one a teacher merged', () => {
    expect(markedRecordIds('<p>Cours de physique</p>')).toEqual([]);
    expect(markedRecordIds(null)).toEqual([]);
    expect(markedRecordIds(`<p>${migrationMarker('a-1')}</p><p>${migrationMarker('b.2_x')}</p>`)).toEqual(['a-1', 'b.2_x']);
  });
});

describe('ownerOf', () => {
  const recording = { metadata: { 'bbb-owner': ' amartin ', empty: '  ' } };
  it('reads the owner from the metadata key (with or without meta_), trimmed', () => {
    expect(ownerOf(recording, 'bbb-owner', 'admin')).toBe('amartin');
    expect(ownerOf(recording, 'meta_bbb-owner', 'admin')).toBe('amartin');
  });
  it('gives null, never the profile account, when the key is missing or empty', () => {
    expect(ownerOf(recording, 'creator', 'admin')).toBeNull();
    expect(ownerOf(recording, 'empty', 'admin')).toBeNull();
  });
  it("uses the Pod profile's account only when no key is asked for", () => {
    expect(ownerOf(recording, undefined, 'admin')).toBe('admin');
  });
});

describe('--since', () => {
  it('reads a day (UTC) or a full date-time, and refuses anything else', () => {
    expect(sinceFlag('2025-09-01')).toBe(Date.UTC(2025, 8, 1));
    expect(sinceFlag('2025-09-01T08:00:00Z')).toBe(Date.UTC(2025, 8, 1, 8));
    expect(sinceFlag(undefined)).toBeUndefined();
    expect(() => sinceFlag('01/09/2025')).toThrow(/--since expects a date/);
    expect(() => sinceFlag('2025-13-45')).toThrow(/--since expects a date/);
  });
});

describe('summary table', () => {
  const row = (id: string, outcome: RecordingOutcome['outcome'], extra: Partial<RecordingOutcome> = {}): RecordingOutcome => ({
    recordId: id,
    name: id,
    meetingId: 'm',
    startTime: null,
    owner: 'amartin',
    outcome,
    videoId: null,
    pageUrl: null,
    capsuleId: null,
    error: null,
    ...extra,
  });
  it('has one aligned row per recording, the reason for those not published, and the counts', () => {
    const recordings = [
      row('rec-1', 'published', { videoId: 3, pageUrl: 'https://pod.example.edu/video/0003-a/' }),
      row('rec-22', 'owner-unknown', { owner: 'zz', error: { code: 'MIGRATE_OWNER_UNKNOWN', message: 'Pod has no account "zz".' } }),
      row('rec-3', 'found-incomplete', { videoId: 4, pageUrl: 'https://pod.example.edu/video/0004-b/', encodedOnPod: false }),
    ];
    const report: MigrationReport = {
      bbbServer: 'b',
      podServer: 'p',
      shard: '1/3',
      dryRun: false,
      ownerFrom: 'bbb-owner',
      startedAt: '',
      finishedAt: '',
      listed: 9,
      inShard: 3,
      owners: [],
      counts: countOutcomes(recordings),
      recordings,
      stoppedBy: null,
    };
    const lines = summaryTable(report);
    expect(lines[0]).toBe('record ID  owner    outcome           Pod video / reason');
    expect(lines[2]).toBe('rec-1      amartin  published         https://pod.example.edu/video/0003-a/');
    expect(lines[3]).toBe('rec-22     zz       owner-unknown     MIGRATE_OWNER_UNKNOWN: Pod has no account "zz".');
    expect(lines[4]).toBe('rec-3      amartin  found-incomplete  https://pod.example.edu/video/0004-b/ (not encoded on Pod yet, no chapters: check it there)');
    expect(lines.at(-1)).toBe('Shard 1/3: 3 of 9 recordings. 1 published, 1 found-incomplete, 1 owner-unknown.');
  });
});
