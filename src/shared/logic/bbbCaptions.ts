// Runs everywhere (shared, pure). The one reader of a BBB recording's `captions.json` (the list of caption
// locales, each with its caption_<locale>.vtt): used when downloading a recording and when muxing its captions.
// Format written by BBB's recording scripts: https://github.com/bigbluebutton/bigbluebutton/blob/develop/record-and-playback/core/scripts/utils/gen_webvtt.rb

/** A BCP 47-like tag with safe characters only: the locale becomes part of a file name. */
const SAFE_LOCALE = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/;

/**
 * The locales `captions.json` lists, in order, without duplicates. A damaged or unexpected file yields
 * no locale: it only costs the captions, never the import.
 */
export function captionLocales(json: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const locales = parsed.map((entry: unknown) => {
    const locale = typeof entry === 'object' && entry !== null ? (entry as { locale?: unknown }).locale : undefined;
    return typeof locale === 'string' ? locale : '';
  });
  return [...new Set(locales.filter((locale) => SAFE_LOCALE.test(locale)))];
}
