// Runs in Node (unit tests). The montage's pure FFmpeg argument builders, encoder choice, silence
// parsing and FFMETADATA/ffconcat writing.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, mergeLayout } from '../../src/shared/domain/layout';
import { computeLayoutGeometry } from '../../src/shared/logic/layoutGeometry';
import { computeGrainTimeline } from '../../src/shared/logic/montageTimeline';
import type { GrainPlan } from '../../src/main/montage/montagePlan';
import { buildVideoSegmentArgs, cameraChain, ffColor } from '../../src/main/montage/videoSegmentArgs';
import { audioGraph, buildAudioSegmentArgs, buildLoudnessMeasureArgs, isMeasurable, parseEbur128Summary, parseLoudnormJson } from '../../src/main/montage/audioSegmentArgs';
import { buildConcatList, buildJoinArgs, buildStripArgs } from '../../src/main/montage/exportArgs';
import { buildFfmetadata } from '../../src/main/ffmpeg/ffmpegText';
import { detectVideoEncoder } from '../../src/main/montage/encoderDetection';
import { encoderOutputArgs, hardwareCandidates, parseEncoderList } from '../../src/main/montage/videoEncoder';
import { parseSilenceDetect, suggestTrim } from '../../src/main/montage/silenceTrim';
import { grainPlanOf, plannedSlides } from '../support/grainPlans';

const FRAME = { width: 1280, height: 720 };

function grain(patch: Partial<GrainPlan> = {}): GrainPlan {
  const layout = mergeLayout(DEFAULT_LAYOUT, patch.layout ?? null);
  const take = patch.take === undefined ? { takeId: 't', path: '/takes/t.webm', durationMs: 4000, video: { width: 640, height: 360 }, hasAudio: true, events: [] } : patch.take;
  const slides = patch.slides ?? plannedSlides(['a', 'b']);
  const timeline =
    patch.timeline ??
    computeGrainTimeline({
      slides: slides.map(() => ({ prompt: '', extraDurationMs: null })),
      take: take ? { durationMs: take.durationMs, events: [{ type: 'next_slide', atMs: 2000, slideIndex: 1, sentenceIndex: 0 }] } : null,
    });
  return grainPlanOf({ frame: FRAME, slideSize: { width: 1920, height: 1080 }, denoise: true, ...patch, slides, take, timeline, layout });
}

function graphOf(args: string[]): string {
  return args[args.indexOf('-filter_complex') + 1]!;
}

describe('video segment arguments', () => {
  it('decodes each slide once and clones its frame (never -loop 1), overlays the camera at the layout rectangle', () => {
    const { args, frames } = buildVideoSegmentArgs(grain(), { ...FRAME, fps: 25 }, { name: 'libx264' }, '/out.mp4');
    expect(args).not.toContain('-loop');
    expect(frames).toBe(100);
    const graph = graphOf(args);
    expect(graph).toContain('[0:v]scale=1280:720:flags=bicubic,setsar=1,pad=1280:720:0:0:color=0xffffff,format=yuv420p[s0_0]');
    expect(graph).toContain('[s0_0]tpad=stop=49:stop_mode=clone');
    expect(graph).toContain('[s1_0]tpad=stop=49:stop_mode=clone');
    expect(graph).toContain('concat=n=2:v=1:a=0[bg]');
    expect(graph).toContain('overlay=x=934:y=514:eof_action=repeat:format=yuv420');
    expect(args.slice(args.indexOf('-ss'), args.indexOf('-ss') + 6)).toEqual(['-ss', '0.000', '-t', '4.200', '-i', '/takes/t.webm']);
    expect(args).toEqual(expect.arrayContaining(['-an', '-frames:v', '100', '-r', '25', '-fps_mode', 'cfr', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p']));
  });

  it('reuses one decoded slide when the speaker went back to it', () => {
    const g = grain({
      timeline: computeGrainTimeline({
        slides: [
          { prompt: '', extraDurationMs: null },
          { prompt: '', extraDurationMs: null },
        ],
        take: {
          durationMs: 3000,
          events: [
            { type: 'next_slide', atMs: 1000, slideIndex: 1, sentenceIndex: 0 },
            { type: 'prev_slide', atMs: 2000, slideIndex: 0, sentenceIndex: 0 },
          ],
        },
      }),
    });
    const graph = graphOf(buildVideoSegmentArgs(g, { ...FRAME, fps: 25 }, { name: 'libx264' }, '/o.mp4').args);
    expect(graph).toContain('split=2[s0_0][s0_1]');
    expect(graph).toContain('concat=n=3:v=1:a=0');
  });

  it('freezes an extra video on its last frame and cuts it at the slide end', () => {
    const g = grain({
      take: null,
      slides: [{ slideId: 'x', imagePath: '/s/x.png', extraVideoPath: '/m/x.mp4', size: { width: 640, height: 360 }, extraHasAudio: true, title: 'X' }],
      timeline: computeGrainTimeline({ slides: [{ prompt: '', extraDurationMs: 2000 }], take: null }),
    });
    const graph = graphOf(buildVideoSegmentArgs(g, { ...FRAME, fps: 25 }, { name: 'libx264' }, '/o.mp4').args);
    expect(graph).toContain('[0:v]fps=25,scale=1280:720');
    expect(graph).toContain('tpad=stop=-1:stop_mode=clone,trim=end_frame=50');
  });

  it('keys a green screen, masks a circle, applies opacity', () => {
    const key = grain({ layout: mergeLayout(DEFAULT_LAYOUT, { mode: 'green_screen' }) });
    expect(cameraChain(key.geometry, '1:v', 'mask').filters[0]).toContain('format=rgba,colorkey=0x00b140:0.15:0.08,despill=type=green,format=yuva420p');
    const circle = grain({ layout: mergeLayout(DEFAULT_LAYOUT, { pip: { ...DEFAULT_LAYOUT.pip, mask: 'circle', opacity: 0.5 } }) });
    const chain = cameraChain(circle.geometry, '1:v', 'mask').filters.join(';');
    expect(chain).toContain('crop=360:360:140:0');
    expect(chain).toContain('alphamerge[cammask]');
    expect(chain).toContain('[cammask]lut=a=val*0.500[camop]');
  });

  it('fades between grains in both the picture and the sound', () => {
    const g = grain({ fadeInMs: 400, fadeOutMs: 400 });
    const video = graphOf(buildVideoSegmentArgs(g, { ...FRAME, fps: 25 }, { name: 'libx264' }, '/o.mp4').args);
    expect(video).toContain('fade=t=in:st=0:d=0.400,fade=t=out:st=3.600:d=0.400,trim=end_frame=100');
    const audio = graphOf(buildAudioSegmentArgs(g, null, '/a.m4a').args);
    expect(audio).toContain('afade=t=in:st=0:d=0.400,afade=t=out:st=3.600:d=0.400');
  });

  it('moves every slide aside with the camera in the freed strip, cropping the plain bar past the edge', () => {
    // A 4:3 page letterboxed with white bars: 12.5 % plain on each side, ink in between.
    const content = { columns: 4, rows: 1, ink: [0, 1, 1, 0], sides: { left: 0.125, right: 0.125, grey: 255 } };
    const layout = mergeLayout(DEFAULT_LAYOUT, null);
    const geometry = computeLayoutGeometry(layout, FRAME, { width: 640, height: 360 }, { width: 1920, height: 1080 }, content);
    expect(geometry.cameraPlacement).toBe('margin');
    const { args } = buildVideoSegmentArgs(grain({ geometry }), { ...FRAME, fps: 25 }, { name: 'libx264' }, '/out.mp4');
    const graph = graphOf(args);
    // Both slides: scaled to the frame, the left bar cropped, padded at 0 (the slide moved left).
    expect(graph.match(new RegExp(`scale=1280:720:flags=bicubic,setsar=1,crop=${1280 + geometry.slideShift}:720:${-geometry.slideShift}:0,pad=1280:720:0:0`, 'g'))).toHaveLength(2);
    expect(graph).toContain(`overlay=x=${geometry.camera!.x}:y=${geometry.camera!.y}`);
    expect(geometry.camera!.x).toBeGreaterThanOrEqual(1280 + geometry.slideShift - Math.round(0.125 * 1280));
  });

  it('shows slides alone when the take has no picture', () => {
    const g = grain({ take: { takeId: 't', path: '/t.webm', durationMs: 2000, video: null, hasAudio: true, events: [] } });
    const graph = graphOf(buildVideoSegmentArgs(g, { ...FRAME, fps: 25 }, { name: 'libx264' }, '/o.mp4').args);
    expect(graph).not.toContain('overlay');
  });

  it('uses the chosen hardware encoder with its upload filter', () => {
    const { args } = buildVideoSegmentArgs(grain(), { ...FRAME, fps: 25 }, { name: 'h264_vaapi', device: '/dev/dri/renderD128' }, '/o.mp4');
    expect(args.slice(2, 4)).toEqual(['-vaapi_device', '/dev/dri/renderD128']);
    expect(graphOf(args)).toMatch(/format=nv12,hwupload\[vout\]$/);
    expect(encoderOutputArgs({ name: 'h264_nvenc' }, 1080)).toEqual(expect.arrayContaining(['-rc', 'vbr', '-cq', '23']));
  });
});

describe('audio segment arguments', () => {
  it('denoises the voice, stays stereo 48 kHz and never uses amerge', () => {
    const measure = buildLoudnessMeasureArgs(grain())!;
    const graph = graphOf(measure);
    expect(graph).toContain('aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo');
    expect(graph).toContain('afftdn=');
    expect(graph).toContain('[mix]ebur128=peak=true:framelog=verbose[out]');
    expect(graph).not.toContain('amerge');
  });

  it('denoises before the upmix to stereo, and pass 1 keeps the measured mix in 16 bits for pass 2', () => {
    const measure = buildLoudnessMeasureArgs(grain(), '/cache/a.mix.part')!;
    const graph = graphOf(measure);
    expect(graph).toMatch(/aresample=48000,afftdn=[^,]+,aresample=48000,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo/);
    expect(graph).toContain('[mix]asplit=2[measure][keep];[measure]ebur128=peak=true:framelog=verbose[out]');
    expect(measure.slice(-7)).toEqual(['-map', '[keep]', '-c:a', 'pcm_s16le', '-f', 'wav', '/cache/a.mix.part']);
    const encode = buildAudioSegmentArgs(grain(), { inputI: -30, inputTp: -20, inputLra: 3, inputThresh: -40, targetOffset: 0 }, '/a.m4a', '/cache/a.mix.part').args;
    expect(encode.slice(2, 4)).toEqual(['-i', '/cache/a.mix.part']);
    expect(graphOf(encode)).not.toContain('afftdn');
    expect(graphOf(encode)).toMatch(/^\[0:a\]anull\[mix\];\[mix\]volume=14\.00dB,/);
  });

  it('applies the measured loudness linearly, encodes AAC stereo 48 kHz', () => {
    const m = parseLoudnormJson('[Parsed_loudnorm_0]\n{\n"input_i" : "-30.12",\n"input_tp" : "-12.00",\n"input_lra" : "3.10",\n"input_thresh" : "-40.50",\n"target_offset" : "0.20"\n}\n');
    expect(m).toEqual({ inputI: -30.12, inputTp: -12, inputLra: 3.1, inputThresh: -40.5, targetOffset: 0.2 });
    const { args } = buildAudioSegmentArgs(grain(), m, '/a.m4a');
    expect(graphOf(args)).toContain('measured_I=-30.12:measured_TP=-12:measured_LRA=3.1:measured_thresh=-40.5:offset=0.2:linear=true');
    expect(args).toEqual(expect.arrayContaining(['-c:a', 'aac', '-ar', '48000', '-ac', '2']));
    expect(isMeasurable({ ...m, inputI: -Infinity })).toBe(false);
    const summary = '[Parsed_ebur128_0 @ 0x1] Summary:\n\n  Integrated loudness:\n    I:         -22.0 LUFS\n    Threshold: -32.0 LUFS\n\n  Loudness range:\n    LRA:         3.5 LU\n    Threshold: -42.0 LUFS\n    LRA low:   -22.0 LUFS\n    LRA high:  -22.0 LUFS\n\n  True peak:\n    Peak:      -20.9 dBFS\n';
    expect(parseEbur128Summary(summary)).toEqual({ inputI: -22, inputThresh: -32, inputLra: 3.5, inputTp: -20.9, targetOffset: 0 });
    expect(isMeasurable(parseEbur128Summary(summary.replace('-20.9', '-inf')))).toBe(false);
    // When one gain reaches -16 LUFS with the peak still under the ceiling, a plain volume does it.
    expect(graphOf(buildAudioSegmentArgs(grain(), { ...m, inputTp: -20 }, '/a.m4a').args)).toContain('[mix]volume=14.12dB,');
  });

  it('mixes ducked music with normalize=0 (no -6 dB), continuing from the grain start', () => {
    const g = grain({ music: { path: '/m.mp3', volume: 0.2, durationMs: 10_000, duck: true }, startMs: 25_000, isFirst: false });
    const { inputs, filters } = audioGraph(g);
    expect(inputs).toEqual(expect.arrayContaining(['-stream_loop', '-1', '-ss', '5.000', '-i', '/m.mp3']));
    const graph = filters.join(';');
    expect(graph).toContain('sidechaincompress');
    expect(graph).toContain('amix=inputs=2:duration=first:normalize=0');
    expect(graph).not.toContain('afade=t=in');
  });

  it('a take without sound is an error naming the grain; a grain without take is silent', () => {
    expect(() => audioGraph(grain({ take: { takeId: 't', path: '/t', durationMs: 1000, video: { width: 2, height: 2 }, hasAudio: false, events: [] } }))).toThrow(/grain 1/);
    expect(buildLoudnessMeasureArgs(grain({ take: null }))).toBeNull();
  });
});

describe('export', () => {
  it('writes ffconcat lists with quoted paths and FFMETADATA chapters with escapes', () => {
    expect(buildConcatList(["/a/it's.mp4", '/b.mp4'])).toBe("ffconcat version 1.0\nfile '/a/it'\\''s.mp4'\nfile '/b.mp4'\n");
    expect(buildFfmetadata('T=1; #x', [{ startMs: 0, endMs: 1500, title: 'Un = deux' }])).toBe(';FFMETADATA1\ntitle=T\\=1\\; \\#x\n\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1500\ntitle=Un \\= deux\n');
  });

  it('joins with the concat demuxer and -c copy, chapters from the metadata input, faststart', () => {
    const args = buildJoinArgs('/v.txt', '/a.txt', '/m.txt', '/o.mp4');
    expect(args.join(' ')).toContain('-f concat -safe 0 -i /v.txt -f concat -safe 0 -i /a.txt -f ffmetadata -i /m.txt -map 0:v:0 -map 1:a:0 -map_metadata 2 -map_chapters 2 -c copy -movflags +faststart');
  });

  it('grabs strip frames with fast seeks', () => {
    const args = buildStripArgs('/o.mp4', 10_000, '/s.jpg', 4);
    expect(args.filter((a) => a === '-noaccurate_seek')).toHaveLength(4);
    expect(graphOf(args)).toContain('hstack=inputs=4');
  });
});

describe('encoder detection', () => {
  it('takes the first listed hardware encoder that really works, else libx264', async () => {
    const tried: string[] = [];
    const pick = await detectVideoEncoder({
      platform: 'linux',
      hasRenderNode: true,
      listEncoders: async () => new Set(['libx264', 'h264_nvenc', 'h264_vaapi']),
      tryEncoder: async (e) => {
        tried.push(e.name);
        return e.name === 'h264_vaapi';
      },
    });
    expect(tried).toEqual(['h264_nvenc', 'h264_vaapi']);
    expect(pick.name).toBe('h264_vaapi');
    const none = await detectVideoEncoder({ platform: 'linux', hasRenderNode: false, listEncoders: async () => new Set(['h264_nvenc']), tryEncoder: async () => false });
    expect(none.name).toBe('libx264');
    expect(hardwareCandidates('darwin', false).map((c) => c.name)).toEqual(['h264_videotoolbox']);
  });

  it('parses ffmpeg -encoders', () => {
    expect([...parseEncoderList(' V....D libx264              libx264 H.264\n V....D h264_nvenc           NVIDIA\n A..... aac   AAC\n')]).toEqual(['libx264', 'h264_nvenc', 'aac']);
  });
});

describe('trim suggestion from silencedetect', () => {
  it('cuts leading and trailing silence, keeping a margin', () => {
    const silences = parseSilenceDetect('[silencedetect @ 0x1] silence_start: 0\n[silencedetect @ 0x1] silence_end: 1.5 | silence_duration: 1.5\n[silencedetect @ 0x1] silence_start: 8.2\n');
    expect(silences).toEqual([
      { startMs: 0, endMs: 1500 },
      { startMs: 8200, endMs: null },
    ]);
    expect(suggestTrim(silences, 10_000)).toEqual({ startMs: 1250, endMs: 1550 });
    expect(suggestTrim([], 10_000)).toEqual({ startMs: 0, endMs: 0 });
  });

  it('colour conversion', () => {
    expect(ffColor('#A0b1C2')).toBe('0xa0b1c2');
  });
});
