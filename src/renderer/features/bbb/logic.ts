// Runs in the renderer (pure). Text ↔ profile fields, and the recordings list filter of the BBB panel.
import type { BbbRecording } from '../../../shared/domain/bbb';

export function parseLines(text: string): string[] {
  return text.split('\n').map((line) => line.trim()).filter(Boolean);
}

/** `key=value` lines into a map; lines without `=` are ignored (the form shows them back as typed). */
export function parseMetaLines(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of parseLines(text)) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq).trim().replace(/^meta_/, '')] = line.slice(eq + 1).trim();
  }
  return out;
}

export function metaLines(filters: Record<string, string>): string {
  return Object.entries(filters).map(([key, value]) => `${key}=${value}`).join('\n');
}

export interface RecordingFilterState {
  text: string;
  state: string;
  format: string;
}

export function filterRecordings(recordings: readonly BbbRecording[], filter: RecordingFilterState): BbbRecording[] {
  const needle = filter.text.trim().toLocaleLowerCase();
  return recordings.filter(
    (r) =>
      (!needle || r.name.toLocaleLowerCase().includes(needle) || r.meetingId.toLocaleLowerCase().includes(needle)) &&
      (!filter.state || r.state === filter.state) &&
      (!filter.format || r.formats.some((f) => f.type === filter.format)),
  );
}

/** Minutes from start/end times when known (exact), else the formats' rounded length. */
export function recordingMinutes(recording: BbbRecording): number | null {
  if (recording.startTime !== null && recording.endTime !== null && recording.endTime > recording.startTime) return Math.max(1, Math.round((recording.endTime - recording.startTime) / 60000));
  const lengths = recording.formats.map((f) => f.lengthMinutes).filter((n): n is number => n !== null);
  return lengths.length ? Math.max(...lengths) : null;
}

export interface MeetingGroup {
  /** The meeting's name as the teacher gave it (the recordings of one meeting share it). */
  name: string;
  meetingId: string;
  /** Newest first. */
  recordings: BbbRecording[];
  /** Start of the newest recording, for ordering the meetings. */
  latest: number;
}

/** A teacher's recordings by meeting (name), newest meeting first, each meeting's sessions newest first. */
export function groupByMeeting(recordings: readonly BbbRecording[]): MeetingGroup[] {
  const groups = new Map<string, MeetingGroup>();
  for (const recording of recordings) {
    const key = recording.meetingId || recording.name;
    let group = groups.get(key);
    if (!group) {
      group = { name: recording.name || recording.meetingId, meetingId: recording.meetingId, recordings: [], latest: -Infinity };
      groups.set(key, group);
    }
    group.recordings.push(recording);
    group.latest = Math.max(group.latest, recording.startTime ?? -Infinity);
  }
  for (const group of groups.values()) group.recordings.sort((a, b) => (b.startTime ?? -Infinity) - (a.startTime ?? -Infinity));
  return [...groups.values()].sort((a, b) => b.latest - a.latest || a.name.localeCompare(b.name));
}
