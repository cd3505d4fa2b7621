// Runs in Node (test, real FFmpeg). The meeting audio reaches the AAC encoder without denormal floats:
// BBB's Opus decodes silence into denormals, on which x86 processors compute many times slower, and the
// import's encoder ran ten times longer on them (https://en.wikipedia.org/wiki/Subnormal_number#Performance_issues).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MEETING_AUDIO_CHAIN } from '../../src/main/bbb/presentation/composeArgs';
import { runFfmpeg, runFfmpegCapture } from '../../src/main/ffmpeg/ffmpeg';
import { tempDir } from '../support/tempDir';

/** astats' overall measurements of the audio after `chain` (in the float planar format AAC encodes from). */
async function audioStats(file: string, chain: string): Promise<{ denormals: number; peakDb: number }> {
  const { stderr } = await runFfmpegCapture(['-v', 'info', '-i', file, '-af', `${chain}aformat=sample_fmts=fltp,astats=metadata=0`, '-f', 'null', '-']);
  const overall = stderr.slice(stderr.lastIndexOf('Overall'));
  const denormals = /Number of denormals:\s*([\d.]+)/.exec(overall);
  const peak = /Peak level dB:\s*(-?[\d.]+|-inf)/.exec(overall);
  if (!denormals || !peak) throw new Error(`astats printed no overall measurements:\n${stderr.slice(-2000)}`);
  return { denormals: Number(denormals[1]), peakDb: peak[1] === '-inf' ? -Infinity : Number(peak[1]) };
}

describe('meeting audio on its way to the AAC encoder', () => {
  const dir = tempDir('bbb-audio-');

  it('has no denormal samples after the import chain, and keeps the sound', async () => {
    // Like a BBB meeting: silence with one short tone, in Opus (BBB's webcams.webm / audio.webm codec).
    const file = path.join(dir, 'meeting.webm');
    await runFfmpeg(['-y', '-f', 'lavfi', '-i', "aevalsrc=exprs='0.5*sin(2*PI*880*t)*between(t,1,1.3)':s=48000:d=4", '-c:a', 'libopus', '-b:a', '48k', file]);

    // The premise: decoded as is, the silence is full of denormals (so this test can fail).
    const raw = await audioStats(file, '');
    expect(raw.denormals).toBeGreaterThan(1000);

    const imported = await audioStats(file, `${MEETING_AUDIO_CHAIN},`);
    expect(imported.denormals).toBe(0);
    // The tone is still there at its level (0.5 → about −6 dBFS).
    expect(imported.peakDb).toBeGreaterThan(-7);
    expect(Math.abs(imported.peakDb - raw.peakDb)).toBeLessThan(0.1);
  });
});
