// Runs in Node (tests). The pure parts of capsule bundles and Polymny imports: which ZIP names and
// modes are safe, how a manifest is checked (format, version first, every named file present and
// safe), and how Polymny's structure.json and events become grains, prompts and take events.
import { describe, expect, it } from 'vitest';
import { isPlainEntryMode, isSafeEntryName, zipEntryProblem } from '../../src/shared/logic/zipEntryName';
import { manifestFiles, parseBundleManifest } from '../../src/shared/logic/bundleManifest';
import { parsePolymnyStructure, polymnyEvents } from '../../src/shared/logic/polymnyStructure';
import { BUNDLE_FORMAT, type BundleManifest } from '../../src/shared/domain/bundle';
import { StudioError } from '../../src/shared/errors';

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return error instanceof StudioError ? error.code : 'not a StudioError';
  }
}

describe('ZIP entry names and modes', () => {
  it.each(['manifest.json', 'slides/1-1.png', 'takes/g1t2/extra/pages/2.json', 'takes/', 'a..b/c'])('accepts %s', (name) => {
    expect(isSafeEntryName(name)).toBe(true);
  });
  it.each(['', '../evil', 'slides/../../evil', '/etc/passwd', 'C:/evil', 'c:evil', 'a\\..\\b', 'a//b', './a', 'a/./b', 'a\u0000b', 'x'.repeat(513)])('refuses %j', (name) => {
    expect(isSafeEntryName(name)).toBe(false);
  });
  it('lets plain files, folders and mode-less entries through, not links or devices', () => {
    expect(isPlainEntryMode(0)).toBe(true);
    expect(isPlainEntryMode((0o100644 << 16) >>> 0)).toBe(true);
    expect(isPlainEntryMode((0o040755 << 16) >>> 0)).toBe(true);
    expect(isPlainEntryMode((0o120777 << 16) >>> 0)).toBe(false);
    expect(isPlainEntryMode((0o020644 << 16) >>> 0)).toBe(false);
    expect(zipEntryProblem('../x', 0)).toBe('unsafe-path');
    expect(zipEntryProblem('x', (0o120777 << 16) >>> 0)).toBe('link');
    expect(zipEntryProblem('x', 0)).toBeNull();
  });
});

function manifest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: 1,
    createdAt: '2026-12-06T00:00:00.000Z',
    createdBy: 'test',
    takes: 'all',
    capsule: { title: 'T', kind: 'capsule', sourceName: null, layout: {}, metadata: {} },
    montage: { settings: { denoise: true, defaultSlideMs: 3000, fadeBetweenGrainsMs: 0, music: null }, captions: { enabled: true, cues: null, basis: null } },
    grains: [
      {
        title: '',
        layout: null,
        slides: [{ image: 'slides/1.png', thumb: 'thumbs/1.png', width: 1920, height: 1080, pageNumber: 1, pageLabel: null, prompt: '', extraVideo: null }],
        takes: [{ key: 'g1t1', attempt: 1, mime: 'video/webm', file: 'takes/g1t1/take.webm', events: [], recordedMs: 1000, createdAt: 'x', extras: { version: 1, files: [{ path: 'takes/g1t1/extra/strokes.json', name: 'strokes.json' }] } }],
        activeTake: 'g1t1',
        trim: null,
        unrecorded: null,
        captions: null,
      },
    ],
  };
  return { ...base, ...overrides };
}

const ALL = new Set(['slides/1.png', 'thumbs/1.png', 'takes/g1t1/take.webm', 'takes/g1t1/extra/strokes.json']);

describe('bundle manifests', () => {
  it('reads a valid manifest and lists every file it names', () => {
    const parsed = parseBundleManifest(JSON.stringify(manifest()), ALL);
    expect(manifestFiles(parsed).sort()).toEqual([...ALL].sort());
  });
  it('answers a newer format before anything else, even with fields it does not know', () => {
    expect(codeOf(() => parseBundleManifest(JSON.stringify({ format: BUNDLE_FORMAT, version: 2, grains: 'changed' }), ALL))).toBe('BUNDLE_VERSION_NEWER');
  });
  it('refuses what is not a bundle, broken JSON, bad fields, missing and unsafe files, unknown chosen takes', () => {
    expect(codeOf(() => parseBundleManifest(JSON.stringify({ format: 'other', version: 1 }), ALL))).toBe('BUNDLE_NOT_CAPSULE');
    expect(codeOf(() => parseBundleManifest('{', ALL))).toBe('BUNDLE_MANIFEST_INVALID');
    expect(codeOf(() => parseBundleManifest(JSON.stringify(manifest({ grains: [] })), ALL))).toBe('BUNDLE_MANIFEST_INVALID');
    expect(codeOf(() => parseBundleManifest(JSON.stringify(manifest()), new Set(['slides/1.png'])))).toBe('BUNDLE_MANIFEST_INVALID');
    const unsafe = manifest();
    (unsafe.grains as BundleManifest['grains'])[0]!.slides[0]!.image = '../../x.png';
    expect(codeOf(() => parseBundleManifest(JSON.stringify(unsafe), ALL))).toBe('BUNDLE_UNSAFE_PATH');
    const extraName = manifest();
    (extraName.grains as BundleManifest['grains'])[0]!.takes[0]!.extras!.files[0]!.name = '../strokes.json';
    expect(codeOf(() => parseBundleManifest(JSON.stringify(extraName), ALL))).toBe('BUNDLE_UNSAFE_PATH');
    const chosen = manifest();
    (chosen.grains as BundleManifest['grains'])[0]!.activeTake = 'g9t9';
    expect(codeOf(() => parseBundleManifest(JSON.stringify(chosen), ALL))).toBe('BUNDLE_MANIFEST_INVALID');
  });
});

describe('Polymny structure.json', () => {
  it('maps events: slide changes and sentences kept, previous slide followed, extra-video controls counted', () => {
    const { events, dropped } = polymnyEvents(
      [
        { ty: 'end', time: 5000 },
        { ty: 'start', time: 0 },
        { ty: 'next_slide', time: 1000 },
        { ty: 'next_sentence', time: 1500 },
        { ty: 'previous_slide', time: 2000 },
        { ty: 'next_slide', time: 3000 },
        { ty: 'next_slide', time: 3500 },
        { ty: 'seek', time: 4000, extra_time: 12 },
        { ty: 'next_slide', time: -1 },
      ],
      2,
    );
    expect(events.map((e) => [e.type, e.atMs, e.slideIndex, e.sentenceIndex])).toEqual([
      ['start', 0, 0, 0],
      ['next_slide', 1000, 1, 0],
      ['next_sentence', 1500, 1, 1],
      ['prev_slide', 2000, 0, 0],
      ['next_slide', 3000, 1, 0],
      ['next_slide', 3500, 1, 0],
      ['end', 5000, 1, 0],
    ]);
    expect(dropped).toBe(2);
  });

  it('reads the exporter’s shape (paths for uuids) and older shapes, and lists what it leaves out', () => {
    const plan = parsePolymnyStructure(
      JSON.stringify({
        name: ' Cours 1 ',
        sound_track: { uuid: 'soundtrack.m4a', name: 'x', volume: 3 },
        structure: [
          { record: { uuid: '1/record.webm', pointer_uuid: '1/pointer.webm', size: [1280, 720] }, slides: [{ uuid: '1/1.png', extra: null, prompt: 'a\r\nb' }], events: [{ ty: 'start', time: 0 }, { ty: 'end', time: 900 }], webcam_settings: { type: 'disabled' } },
          { record: null, slides: [{ uuid: './2/1.png', extra: '2/1.mp4' }], events: [] },
        ],
      }),
      'fallback',
    );
    expect(plan.title).toBe('Cours 1');
    expect(plan.grains).toEqual([
      { slides: [{ image: '1/1.png', extra: null, prompt: 'a\nb' }], record: '1/record.webm', events: [expect.objectContaining({ type: 'start' }), expect.objectContaining({ type: 'end', atMs: 900 })], recordedMs: 900 },
      { slides: [{ image: '2/1.png', extra: '2/1.mp4', prompt: '' }], record: null, events: [], recordedMs: null },
    ]);
    expect(plan.soundTrack).toEqual({ file: 'soundtrack.m4a', volume: 1 });
    expect(plan.notes.map((n) => n.code)).toEqual(['POLYMNY_POINTER_LEFT_OUT', 'POLYMNY_WEBCAM_SETTINGS_LEFT_OUT']);
    expect(plan.notes[0]!.details).toEqual({ grains: [1] });
    expect(parsePolymnyStructure(JSON.stringify([{ record: null, slides: [{ uuid: '1/1.png' }] }]), 'Sans nom').title).toBe('Sans nom');
  });

  it('refuses broken structures and paths leaving the export', () => {
    expect(codeOf(() => parsePolymnyStructure('nope', 'x'))).toBe('POLYMNY_STRUCTURE_INVALID');
    expect(codeOf(() => parsePolymnyStructure(JSON.stringify({ structure: [] }), 'x'))).toBe('POLYMNY_STRUCTURE_INVALID');
    expect(codeOf(() => parsePolymnyStructure(JSON.stringify({ structure: [{ slides: [] }] }), 'x'))).toBe('POLYMNY_STRUCTURE_INVALID');
    expect(codeOf(() => parsePolymnyStructure(JSON.stringify({ structure: [{ slides: [{ uuid: '../../x.png' }] }] }), 'x'))).toBe('BUNDLE_UNSAFE_PATH');
    expect(codeOf(() => parsePolymnyStructure(JSON.stringify({ structure: [{ record: '/etc/passwd', slides: [{ uuid: '1/1.png' }] }] }), 'x'))).toBe('BUNDLE_UNSAFE_PATH');
  });
});
