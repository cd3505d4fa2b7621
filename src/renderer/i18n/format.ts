// Runs in the renderer (pure, also unit-tested in Node). Message interpolation and the small
// number/time formats the UI shows (ETAs, percentages, dates).

export type MessageParams = Record<string, string | number>;

/** Replaces `{name}` with params.name; unknown placeholders are left as they are (callers can detect them). */
export function interpolate(template: string, params: MessageParams | undefined, language: string): string {
  if (!params) return template;
  return template.replace(/\{([a-zA-Z0-9_]+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(value, language) : value;
  });
}

const NBSP = '\u00a0';
const NARROW_NBSP = '\u202f';

/**
 * French typography on a message template: a non-breaking space before ':' and a narrow one before
 * ';', '?', '!' and inside « », whether the dictionary wrote an ordinary space or none. Applied to
 * templates only, so user text interpolated into them is left as typed. URLs and times ("https://",
 * "10:30") have no space before the colon and are not touched.
 */
export function frenchTypography(template: string): string {
  return template
    .replace(/([\p{L}\p{N}»”)}])[ \u00a0\u202f]*:(?=\s|$)/gu, `$1${NBSP}:`)
    .replace(/([\p{L}\p{N}»”)}])[ \u00a0\u202f]*([;?!])(?=\s|$|[)»”])/gu, `$1${NARROW_NBSP}$2`)
    .replace(/«[ \u00a0\u202f]*/g, `«${NARROW_NBSP}`)
    .replace(/[ \u00a0\u202f]*»/g, `${NARROW_NBSP}»`);
}

function formatNumber(value: number, language: string): string {
  return Number.isInteger(value) ? String(value) : value.toLocaleString(language, { maximumFractionDigits: 1 });
}

/**
 * A short, language-neutral duration: "45 s", "3 min 05 s", "1 h 02 min" (units read the same in
 * English and French). Rounded up to whole seconds so an ETA never shows "0 s" while work remains.
 */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.ceil(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  if (minutes > 0) return `${minutes} min ${String(secs).padStart(2, '0')} s`;
  return `${secs} s`;
}

/** 0..1 → "42 %" (French spacing) or "42%". */
export function formatPercent(fraction: number, language: string): string {
  const clamped = Math.min(1, Math.max(0, fraction));
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(clamped);
}

export function formatDate(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

