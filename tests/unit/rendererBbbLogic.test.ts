// Runs in Node (test, pure renderer logic). The BBB panel's text fields and its recordings filter.
import { describe, expect, it } from 'vitest';
import { filterRecordings, groupByMeeting, metaLines, parseLines, parseMetaLines, recordingMinutes } from '../../src/renderer/features/bbb/logic';
import type { BbbRecording } from '../../src/shared/domain/bbb';
import { messages, errorMessages, stageMessages } from '../../src/renderer/features/bbb/messages';
import { draftOf, EMPTY_DRAFT, profileInput } from '../../src/renderer/features/bbb/profileDraft';
import type { BbbProfile } from '../../src/shared/domain/bbb';

const recording = (over: Partial<BbbRecording>): BbbRecording => ({
  recordId: 'r',
  meetingId: 'm',
  internalMeetingId: null,
  name: 'Cours',
  state: 'published',
  published: true,
  startTime: 0,
  endTime: 90 * 60_000,
  participants: 3,
  metadata: {},
  formats: [{ type: 'presentation', url: 'https://x/', lengthMinutes: 90, processingTimeMs: null, sizeBytes: null, previews: [] }],
  isBreakout: false,
  unreadable: false,
  ...over,
});

describe('BBB panel logic', () => {
  it('reads meeting IDs and key=value metadata filters from text areas', () => {
    expect(parseLines(' a \n\n b\n')).toEqual(['a', 'b']);
    expect(parseMetaLines('meta_bbb-origin=Moodle\ncreator = jdoe\nnot a pair')).toEqual({ 'bbb-origin': 'Moodle', creator: 'jdoe' });
    expect(metaLines({ a: '1', b: '2' })).toBe('a=1\nb=2');
  });

  it('filters by name or meeting, state and format', () => {
    const list = [
      recording({ recordId: '1', name: 'Physique — séance 1' }),
      recording({ recordId: '2', name: 'Chimie', state: 'unpublished', meetingId: 'phys-2' }),
      recording({ recordId: '3', name: 'Maths', formats: [{ type: 'video', url: 'https://x/', lengthMinutes: 1, processingTimeMs: null, sizeBytes: null, previews: [] }] }),
    ];
    expect(filterRecordings(list, { text: 'PHYS', state: '', format: '' }).map((r) => r.recordId)).toEqual(['1', '2']);
    expect(filterRecordings(list, { text: '', state: 'unpublished', format: '' }).map((r) => r.recordId)).toEqual(['2']);
    expect(filterRecordings(list, { text: '', state: '', format: 'video' }).map((r) => r.recordId)).toEqual(['3']);
  });

  it('gives the length from start and end times, else from the formats', () => {
    expect(recordingMinutes(recording({}))).toBe(90);
    expect(recordingMinutes(recording({ startTime: null, endTime: null }))).toBe(90);
    expect(recordingMinutes(recording({ startTime: null, formats: [] }))).toBeNull();
  });

  it('has every string in English and French', () => {
    for (const dictionary of [messages, errorMessages, stageMessages]) {
      expect(Object.keys(dictionary.fr).sort()).toEqual(Object.keys(dictionary.en).sort());
      for (const value of Object.values(dictionary.fr)) expect(value.trim()).not.toBe('');
    }
  });
});

describe('server form draft', () => {
  const profile: BbbProfile = {
    id: 'p1',
    name: 'Université',
    apiUrl: 'https://bbb.example.edu/bigbluebutton/api/',
    checksum: 'sha1',
    meetingIds: ['m1', 'm2'],
    metaFilters: { course: 'L1' },
    states: ['published', 'unpublished'],
    hasSecret: true,
    createdAt: '',
    updatedAt: '',
  };

  it('shows a saved server with its lists as lines and the secret left empty (kept unless retyped)', () => {
    const draft = draftOf(profile);
    expect(draft).toEqual({ id: 'p1', name: 'Université', url: profile.apiUrl, secret: '', checksum: 'sha1', meetingIds: 'm1\nm2', metaFilters: 'course=L1', states: ['published', 'unpublished'] });
    expect(profileInput(draft)).toEqual({ name: 'Université', url: profile.apiUrl, secret: undefined, checksum: 'sha1', meetingIds: ['m1', 'm2'], metaFilters: { course: 'L1' }, states: ['published', 'unpublished'] });
  });

  it('sends a retyped secret and the lines as typed, blank lines left out', () => {
    const input = profileInput({ ...EMPTY_DRAFT, name: 'x', url: 'https://y/', secret: 's3cret', meetingIds: ' a \n\n b', metaFilters: 'meta_term=2026\nnoise' });
    expect(input).toEqual({ name: 'x', url: 'https://y/', secret: 's3cret', checksum: 'sha256', meetingIds: ['a', 'b'], metaFilters: { term: '2026' }, states: [] });
  });
});

describe('groupByMeeting', () => {
  it('lists a teacher’s recordings by meeting name, newest meeting and newest session first', () => {
    const groups = groupByMeeting([
      recording({ recordId: 'a1', meetingId: 'algo', name: 'Algorithmique L1', startTime: 1_000 }),
      recording({ recordId: 'b1', meetingId: 'bio', name: 'Biologie', startTime: 5_000 }),
      recording({ recordId: 'a2', meetingId: 'algo', name: 'Algorithmique L1', startTime: 9_000 }),
      recording({ recordId: 'c1', meetingId: 'chimie', name: 'Chimie', startTime: null }),
    ]);
    expect(groups.map((group) => group.name)).toEqual(['Algorithmique L1', 'Biologie', 'Chimie']);
    expect(groups[0]!.recordings.map((item) => item.recordId)).toEqual(['a2', 'a1']);
  });
});
