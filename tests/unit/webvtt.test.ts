// Runs in Node (tests). The one WebVTT reader and writer: timings, blocks that are not cues, and
// character references decoded as the WebVTT spec says (https://www.w3.org/TR/webvtt1/), so "Q&A" survives a round trip.
import { describe, expect, it } from 'vitest';
import { buildWebVtt, escapeVttText, looksLikeWebVtt, parseWebVtt, unescapeVttText, vttCueTextToPlain } from '../../src/shared/logic/webvtt';

describe('WebVTT reading', () => {
  it('reads cue times and text, skipping the header, NOTE blocks and unreadable timings', () => {
    const text = '\uFEFFWEBVTT\nX-TIMESTAMP-MAP=MPEGTS:120000\n\nNOTE made by hand\n\n1\n00:00:00.000 --> 00:00:04.500\nIntroduction\n\n01:02.250 --> 01:05.000 line:0\nPlan\nsuite\n\n00:01,000 --> 00:02,000\nSRT comma\n';
    expect(looksLikeWebVtt(text)).toBe(true);
    expect(looksLikeWebVtt('1\n00:00:00,000 --> 00:00:01,000\nSRT')).toBe(false);
    expect(parseWebVtt(text)).toEqual([
      { startMs: 0, endMs: 4500, text: 'Introduction' },
      { startMs: 62_250, endMs: 65_000, text: 'Plan\nsuite' },
    ]);
  });

  it('decodes the character references of cue text, and leaves unknown ones as written', () => {
    expect(unescapeVttText('Q&amp;A &lt;b&gt; a&nbsp;b &lrm;x&rlm; &#38; &#x26; &#X3C; &copy; &amp;amp;')).toBe('Q&A <b> a\u00A0b \u200Ex\u200F & & < &copy; &amp;');
    expect(unescapeVttText('&#0; &#xD800; &#x110000;')).toBe('\uFFFD \uFFFD \uFFFD');
    expect(vttCueTextToPlain('<v Roger>Bonjour <b>à</b> tous &amp; <00:00:01.000>merci')).toBe('Bonjour à tous & merci');
  });
});

describe('WebVTT writing', () => {
  it('escapes what cue text cannot hold, and reads back the same titles', () => {
    expect(escapeVttText('Q&A <intro> -->\n\nfin')).toBe('Q&amp;A &lt;intro&gt; --&gt;\nfin');
    const titles = ['Q&A', 'x < y > z', 'Déjà &amp; vu', 'Les « guillemets » ?'];
    const vtt = buildWebVtt(titles.map((text, i) => ({ startMs: i * 1000, endMs: (i + 1) * 1000, text })), { idPrefix: '' });
    expect(vtt).toContain('\n1\n00:00:00.000 --> 00:00:01.000\nQ&amp;A\n');
    expect(parseWebVtt(vtt).map((cue) => cue.text)).toEqual(titles);
  });
});
