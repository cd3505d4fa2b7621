// Runs in Node (tests). The live panel's pure logic: program format choice, health display, event dates
// from datetime-local inputs, and the Pod live rules (suggested RTMP URL, event date checks).
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIVE_ENCODING, type LiveHealth } from '../../src/shared/domain/live';
import { StudioError } from '../../src/shared/errors';
import { suggestRtmpUrl, validateEventDates, eventPageUrl } from '../../src/shared/logic/podLive';
import { chooseProgramMimeType, programBitrates, programSize } from '../../src/renderer/features/live/logic/programFormat';
import { formatBitrate, formatUptime, healthColour, isFallingBehind } from '../../src/renderer/features/live/logic/healthView';
import { isoToLocalInput, localInputToIso } from '../../src/renderer/features/live/logic/eventDates';

describe('program format', () => {
  it('prefers H.264 in WebM, then VP8', () => {
    expect(chooseProgramMimeType(() => true)).toBe('video/webm;codecs=h264,opus');
    expect(chooseProgramMimeType((mime) => !mime.includes('h264'))).toBe('video/webm;codecs=vp8,opus');
    expect(chooseProgramMimeType(() => false)).toBeNull();
    expect(programSize('1920x1080')).toEqual({ width: 1920, height: 1080 });
    expect(programSize(DEFAULT_LIVE_ENCODING.resolution)).toEqual({ width: 1280, height: 720 });
    expect(programBitrates('1280x720').videoBitsPerSecond).toBeLessThan(programBitrates('1920x1080').videoBitsPerSecond);
  });
});

describe('health display', () => {
  const health = (patch: Partial<LiveHealth>): LiveHealth => ({
    sessionId: 's', state: 'live', alarm: false, bitrateKbps: 2600, fps: 25, droppedFrames: 0, reconnects: 0, uptimeSec: 30, speed: 1, inputBytes: 0, targets: [], message: null, errorCode: null, ...patch,
  });
  it('is green on air, red when reconnecting, refused or failed', () => {
    expect(healthColour('live')).toBe('green');
    expect(healthColour('reconnecting')).toBe('red');
    expect(healthColour('refused')).toBe('red');
    expect(healthColour('failed')).toBe('red');
    expect(healthColour('connecting')).toBe('amber');
    expect(healthColour(null)).toBe('grey');
  });
  it('formats numbers for a glance', () => {
    expect(formatBitrate(2600)).toBe('2.60 Mb/s');
    expect(formatBitrate(640.4)).toBe('640 kb/s');
    expect(formatUptime(42)).toBe('0:42');
    expect(formatUptime(725)).toBe('12:05');
    expect(formatUptime(3723)).toBe('1:02:03');
    expect(isFallingBehind(health({ speed: 0.8 }))).toBe(true);
    expect(isFallingBehind(health({ speed: 0.99 }))).toBe(false);
  });
});

describe('event dates', () => {
  it('turns datetime-local values into ISO with the local offset', () => {
    expect(localInputToIso('2025-03-14T10:00', 60)).toBe('2025-03-14T10:00:00+01:00');
    expect(localInputToIso('2025-03-14T10:00:30', -300)).toBe('2025-03-14T10:00:30-05:00');
    expect(localInputToIso('2025-03-14T10:00', 330)).toBe('2025-03-14T10:00:00+05:30');
    expect(localInputToIso('tomorrow', 0)).toBeNull();
    expect(isoToLocalInput(new Date(2025, 2, 14, 9, 5))).toBe('2025-03-14T09:05');
  });

  it('accepts a future event with a zone, and refuses the rest with a field', () => {
    const now = Date.parse('2025-03-14T08:00:00Z');
    expect(validateEventDates('2025-03-14T10:00:00+01:00', '2025-03-14T11:30:00+01:00', now).end.toISOString()).toBe('2025-03-14T10:30:00.000Z');
    const fieldOf = (start: string, end: string) => {
      try {
        validateEventDates(start, end, now);
        return null;
      } catch (error) {
        return (error as StudioError).details?.field;
      }
    };
    expect(fieldOf('2025-03-14T10:00:00', '2025-03-14T11:00:00Z')).toBe('startDate');
    expect(fieldOf('2025-03-14T10:00:00Z', 'soon')).toBe('endDate');
    expect(fieldOf('2025-03-14T11:00:00Z', '2025-03-14T10:00:00Z')).toBe('endDate');
    expect(fieldOf('2025-03-14T06:00:00Z', '2025-03-14T07:00:00Z')).toBe('endDate');
    expect(fieldOf('2025-03-14T09:00:00Z', '2025-03-15T10:00:00Z')).toBe('endDate');
  });
});

describe('suggested RTMP URL of a Pod broadcaster', () => {
  const broadcaster = { slug: 'amphi-a', broadcasterUrl: '', pilotingImplementation: '', pilotingConf: '' };
  it('follows Pod’s documented nginx-rtmp set-up and Wowza configurations', () => {
    expect(suggestRtmpUrl({ ...broadcaster, broadcasterUrl: 'https://live.example.edu/hls/amphi-a.m3u8' })).toEqual({ url: 'rtmp://live.example.edu/live/amphi-a', source: 'broadcaster_url' });
    expect(suggestRtmpUrl({ ...broadcaster, broadcasterUrl: 'https://live.example.edu/hls/amphi-a/index.m3u8' })?.url).toBe('rtmp://live.example.edu/live/amphi-a');
    expect(
      suggestRtmpUrl({ ...broadcaster, pilotingImplementation: 'Wowza', pilotingConf: '{"server_url": "https://w.example.edu:8087", "application": "live", "livestream": "room.stream"}' }),
    ).toEqual({ url: 'rtmp://w.example.edu/live/room.stream', source: 'piloting_conf' });
  });
  it('suggests nothing it cannot justify', () => {
    expect(suggestRtmpUrl({ ...broadcaster, broadcasterUrl: 'https://video.example.edu/player/1' })).toBeNull();
    expect(suggestRtmpUrl({ ...broadcaster, broadcasterUrl: 'not a url', pilotingConf: '{broken' })).toBeNull();
    expect(eventPageUrl('https://pod.example.edu', '0088-cours')).toBe('https://pod.example.edu/live/event/0088-cours/');
  });
});

describe('green-screen key of the live program', () => {
  it('matches FFmpeg colorkey: transparent near the key, opaque far from it, blended between', async () => {
    const { applyColorKey, colorKeyAlpha, parseHexColor } = await import('../../src/renderer/features/live/logic/colorKey');
    const green = parseHexColor('#00b140');
    expect(green).toEqual([0, 177, 64]);
    expect(colorKeyAlpha(0, 177, 64, green, 0.15, 0.08)).toBe(0);
    expect(colorKeyAlpha(230, 190, 160, green, 0.15, 0.08)).toBe(1);
    const between = colorKeyAlpha(40, 177, 64, green, 0.05, 0.2);
    expect(between).toBeGreaterThan(0);
    expect(between).toBeLessThan(1);
    expect(colorKeyAlpha(40, 177, 64, green, 0.05, 0)).toBe(1);
    const pixels = new Uint8ClampedArray([0, 177, 64, 255, 230, 190, 160, 255]);
    applyColorKey(pixels, '#00b140', 0.15, 0.08);
    expect([pixels[3], pixels[7]]).toEqual([0, 255]);
  });
});
