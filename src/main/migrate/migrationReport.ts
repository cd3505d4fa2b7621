// Runs in Node (main side). What one run of `capsule migrate bbb-to-pod` did, recording by recording: the
// JSON report's shape, the counts per outcome and the summary table printed at the end (pure functions).

/** What happened to one recording in this run. */
export const MIGRATION_OUTCOMES = [
  'published', // uploaded to Pod by this run
  'continued', // an interrupted publication of this library, finished by this run
  'already-migrated', // this library had published it already
  'found-on-pod', // Pod already holds a video marked with this record ID (another run, another machine): not uploaded again
  'found-incomplete', // the same, but the copy that published it stopped before its chapters and captions: not uploaded again, check it on Pod
  'would-publish', // --dry-run: would be imported and published
  'owner-missing', // the recording has no value for the --owner-from key: listed, not published
  'owner-unknown', // Pod has no account of that name: listed, not published
  'failed', // an error stopped this recording (the others went on); running again retries it
  'not-reached', // the run was stopped before this recording was settled (a publication it interrupted is continued by the next run)
] as const;

export type MigrationOutcome = (typeof MIGRATION_OUTCOMES)[number];

export interface RecordingOutcome {
  recordId: string;
  name: string;
  meetingId: string;
  startTime: string | null;
  /** The Pod username it belongs to, null when the metadata key is missing. */
  owner: string | null;
  outcome: MigrationOutcome;
  videoId: number | null;
  pageUrl: string | null;
  /** For found-on-pod: whether Pod has encoded that video (false: check it on Pod). */
  encodedOnPod?: boolean;
  capsuleId: string | null;
  error: { code: string; message: string } | null;
}

export interface MigrationReport {
  bbbServer: string;
  podServer: string;
  shard: string;
  dryRun: boolean;
  ownerFrom: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** Recordings the server listed with the filters, before sharding. */
  listed: number;
  /** This copy's share. */
  inShard: number;
  owners: { username: string; onPod: boolean }[];
  counts: Record<MigrationOutcome, number>;
  recordings: RecordingOutcome[];
  /** Set when a signal stopped the run (the rest is `not-reached`). */
  stoppedBy: string | null;
}

export function countOutcomes(recordings: readonly RecordingOutcome[]): Record<MigrationOutcome, number> {
  const counts = Object.fromEntries(MIGRATION_OUTCOMES.map((outcome) => [outcome, 0])) as Record<MigrationOutcome, number>;
  for (const recording of recordings) counts[recording.outcome] += 1;
  return counts;
}

/** Plain-text table, one row per recording, then the counts that are not zero. */
export function summaryTable(report: MigrationReport): string[] {
  const rows = report.recordings.map((r) => [
    r.recordId,
    r.owner ?? '-',
    r.outcome,
    `${r.pageUrl ?? (r.error ? `${r.error.code}: ${r.error.message}` : '')}${r.outcome === 'found-incomplete' ? (r.encodedOnPod === false ? ' (not encoded on Pod yet, no chapters: check it there)' : ' (no chapters or captions: check it there)') : ''}`,
  ]);
  const header = ['record ID', 'owner', 'outcome', 'Pod video / reason'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  // The last column is left unpadded: long URLs or messages should not push trailing blanks.
  const line = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ');
  const lines = [line(header), line(widths.map((width, column) => '-'.repeat(column === widths.length - 1 ? header[column]!.length : width))), ...rows.map(line)];
  const counts = MIGRATION_OUTCOMES.filter((outcome) => report.counts[outcome] > 0).map((outcome) => `${report.counts[outcome]} ${outcome}`);
  lines.push('', `Shard ${report.shard}: ${report.inShard} of ${report.listed} recordings${report.dryRun ? ' (dry run: nothing was changed)' : ''}. ${counts.join(', ') || 'nothing to do'}.`);
  return lines;
}
