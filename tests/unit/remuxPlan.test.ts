// Runs in Node (tests). How takes are remuxed and described, and how recording preferences merge.
import { describe, expect, it } from 'vitest';
import { buildRemuxArgs, containerFor, mediaFacts } from '../../src/main/recording/remuxPlan';
import { mergePreferences } from '../../src/main/recording/recordingPreferences';
import { DEFAULT_RECORDING_PREFERENCES } from '../../src/shared/domain/recording';

describe('remux plan', () => {
  it('keeps WebM for WebM codecs and falls back to Matroska for H.264 or AAC', () => {
    expect(containerFor({ videoCodec: 'vp8', audioCodec: 'opus' })).toEqual({ format: 'webm', extension: 'webm' });
    expect(containerFor({ videoCodec: null, audioCodec: 'opus' })).toEqual({ format: 'webm', extension: 'webm' });
    expect(containerFor({ videoCodec: 'h264', audioCodec: 'opus' })).toEqual({ format: 'matroska', extension: 'mkv' });
    expect(containerFor({ videoCodec: 'vp9', audioCodec: 'aac' })).toEqual({ format: 'matroska', extension: 'mkv' });
  });

  it('copies audio and video streams without re-encoding', () => {
    expect(buildRemuxArgs('/in.webm', '/out.webm', 'webm')).toEqual(['-y', '-i', '/in.webm', '-map', '0:v?', '-map', '0:a?', '-c', 'copy', '-f', 'webm', '/out.webm']);
  });

  it('describes a probe: duration in ms, codecs, size, which streams exist', () => {
    const facts = mediaFacts({
      format: { duration: '3.9415' },
      streams: [
        { index: 0, codec_type: 'video', codec_name: 'vp8', width: 640, height: 360 },
        { index: 1, codec_type: 'audio', codec_name: 'opus' },
      ],
      chapters: [],
    });
    expect(facts).toEqual({ durationMs: 3942, videoCodec: 'vp8', audioCodec: 'opus', width: 640, height: 360, hasAudio: true, hasVideo: true });
    expect(mediaFacts({ format: {}, streams: [{ index: 0, codec_type: 'audio', codec_name: 'opus' }], chapters: [] })).toMatchObject({ durationMs: null, hasVideo: false, width: null });
  });
});

describe('recording preferences', () => {
  it('merges the prompter and the probed resolutions one level deep', () => {
    const once = mergePreferences(DEFAULT_RECORDING_PREFERENCES, { videoDeviceId: 'cam-1', probedResolutions: { 'cam-1': [{ width: 640, height: 360 }] }, prompter: { fontSize: 60 } });
    const twice = mergePreferences(once, { probedResolutions: { 'cam-2': [{ width: 1280, height: 720 }] }, prompter: { mirror: true } });
    expect(twice.videoDeviceId).toBe('cam-1');
    expect(twice.probedResolutions).toEqual({ 'cam-1': [{ width: 640, height: 360 }], 'cam-2': [{ width: 1280, height: 720 }] });
    expect(twice.prompter).toEqual({ ...DEFAULT_RECORDING_PREFERENCES.prompter, fontSize: 60, mirror: true });
  });
});
