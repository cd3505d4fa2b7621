// Runs in the renderer (pure, unit-tested in Node). A `<input type="datetime-local">` value is a local
// time without a zone; Pod needs ISO 8601 with one (a naive time would be read in the server's zone).

/** `2025-03-14T10:00` + the local offset at that moment (minutes east of UTC) → `2025-03-14T10:00:00+01:00`. */
export function localInputToIso(value: string, offsetMinutesEast: number): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return null;
  const sign = offsetMinutesEast >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutesEast);
  const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${match[1]}T${match[2]}:${match[3]}:${match[4] ?? '00'}${zone}`;
}

/** The value a datetime-local input shows for this instant in the local zone. */
export function isoToLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Minutes east of UTC for a local datetime-local value (JavaScript's getTimezoneOffset is west, hence the minus). */
export function localOffsetAt(value: string): number {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? -new Date().getTimezoneOffset() : -date.getTimezoneOffset();
}
