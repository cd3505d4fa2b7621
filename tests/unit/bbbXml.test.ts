// Runs in Node (test). The real BBB answers in tests/fixtures/bbb/ parse into typed recordings.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBbbAnswer, parseRecordingsAnswer, parseServerInfo, htmlUnescape } from '../../src/main/bbb/bbbXml';
import { StudioError } from '../../src/shared/errors';
import { fixturesDir } from '../support/tempDir';

const fixture = (name: string) => readFileSync(path.join(fixturesDir, 'bbb', name), 'utf8');

describe('BBB XML answers', () => {
  it('parses the PHP client getRecordings fixture: CDATA trimmed, minutes, several formats', () => {
    const page = parseRecordingsAnswer(fixture('php_get_recordings.xml'));
    expect(page.recordings).toHaveLength(6);
    const first = page.recordings[0]!;
    expect(first.recordId).toBe('f71d810b6e90a4a34ae02b8c7143e8733178578e-1462807897120');
    expect(first.meetingId).toBe('9d287cf50490ca856ca5273bd303a7e321df6051-4-119[0]');
    expect(first.name).toBe('SAT- Writing-Humanities (All participants)');
    expect(first.metadata['bbb-origin-server-common-name']).toBe('');
    expect(first.formats.map((f) => f.type)).toEqual(['podcast', 'presentation']);
    expect(first.formats[0]!.lengthMinutes).toBe(632);
    expect(first.formats[1]!.previews.length).toBe(2);
    expect(first.formats[1]!.previews[0]!.width).toBeGreaterThan(0);
    // Two recording names start with a newline and indentation inside CDATA.
    for (const recording of page.recordings) {
      for (const value of Object.values(recording.metadata)) expect(value).toBe(value.trim());
      expect(recording.name).toBe(recording.name.trim());
    }
    expect(page.recordings[2]!.metadata['bbb-recording-name']).not.toMatch(/^\s/);
  });

  it('reads an empty list with noRecordings as success', () => {
    const page = parseRecordingsAnswer(fixture('php_get_recordings_no_recordings.xml'));
    expect(page.recordings).toEqual([]);
    expect(page.messageKey).toBe('noRecordings');
  });

  it('parses the BBB server fixture: Cyrillic, double-escaped names, length 0, previews', () => {
    const page = parseRecordingsAnswer(fixture('bbb-common-web_sample-get-recordings-response.xml'));
    expect(page.recordings).toHaveLength(8);
    const names = page.recordings.map((r) => r.name);
    expect(names).toContain("Let's Talk English: Episode 5");
    expect(names.some((n) => /тест/.test(n))).toBe(true);
    expect(page.recordings.some((r) => r.meetingId === 'English 101')).toBe(true);
    expect(page.recordings.some((r) => r.formats.some((f) => f.lengthMinutes === 0))).toBe(true);
    expect(page.recordings.every((r) => r.formats.every((f) => f.previews.length === 3 || f.previews.length === 0))).toBe(true);
    expect(page.recordings.every((r) => typeof r.participants === 'number')).toBe(true);
  });

  it('turns FAILED answers into plain-word errors with a stable code', () => {
    try {
      parseBbbAnswer(fixture('php_delete_recordings_not_found.xml'), 'deleteRecordings');
      expect.unreachable('FAILED must throw');
    } catch (error) {
      expect(error).toBeInstanceOf(StudioError);
      expect((error as StudioError).code).toBe('BBB_NOT_FOUND');
      expect((error as StudioError).details?.serverMessage).toBe('Could not find recording');
    }
    const checksum = '<response><returncode>FAILED</returncode><messageKey>checksumError</messageKey><message>Checksums do not match</message></response>';
    expect(() => parseBbbAnswer(checksum, 'getRecordings')).toThrow(/shared secret/);
  });

  it('refuses malformed XML and non-BBB documents clearly', () => {
    expect(() => parseRecordingsAnswer('<response><returncode>SUCCESS</returncode><recordings>')).toThrow(StudioError);
    expect(() => parseRecordingsAnswer('<html><body>Welcome to nginx</body></html>')).toThrow(/no <response>/);
  });

  it('reads the version document', () => {
    const info = parseServerInfo(fixture('php_api_version.xml'));
    expect(info.bbbVersion).toBe('3.0.19');
    expect(info.graphql).toBe(true);
    expect(info.scalelite).toBe(false);
  });

  it('parses the other real answers without error', () => {
    for (const name of ['php_get_meetings.xml', 'php_get_meeting_info.xml']) expect(parseBbbAnswer(fixture(name), name).returncode).toBe('SUCCESS');
    expect(htmlUnescape('a &lt;b&gt; &#233; &#x263A; &unknown;')).toBe('a <b> é ☺ &unknown;');
  });
});
