// Runs in Node (main side). The BBB record ID written into each migrated video's description on Pod, and
// read back from it: the key that lets any copy of the migration, on any machine and with any library,
// find a recording's video on Pod before uploading it again.

/** Record IDs are letters, digits, dots, dashes and underscores (https://docs.bigbluebutton.org/development/api/#getrecordings). */
const MARKER = /bbb-record-id:\s*([A-Za-z0-9._-]{1,200})/g;

export function migrationMarker(recordId: string): string {
  return `bbb-record-id: ${recordId}`;
}

/** Every record ID marked in a description (HTML or plain text): a teacher may merge two, a marker is never guessed. */
export function markedRecordIds(description: string | null | undefined): string[] {
  if (!description) return [];
  return [...description.matchAll(MARKER)].map((match) => match[1]!);
}

/** The description of a migrated video: what the recording was, then the marker on its own line. */
export function migratedDescription(recording: { name: string; recordId: string; meetingId: string; startTime: number | null }): string {
  const when = recording.startTime === null ? '' : ` (${new Date(recording.startTime).toISOString().slice(0, 16).replace('T', ' ')} UTC)`;
  return `BigBlueButton: ${recording.name || recording.meetingId}${when}.\n\n${migrationMarker(recording.recordId)}`;
}
