// Runs in Node (tests). `capsule live push` end to end: the test source pushed for a few seconds to a real
// nginx-rtmp, the received stream checked (codecs, size, keyframe every 2 s), the health printed, and bad
// invocations answered with clear messages.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveHealth } from '../../src/shared/domain/live';
import { main } from '../../src/main/cli/main';
import { NginxRtmp } from '../support/nginxRtmp';
import { keyframeIntervals, readBack } from '../support/rtmpProbe';
import { tempDir } from '../support/tempDir';

let nginx: NginxRtmp;
const library = tempDir('capsule-live-cli-');

beforeAll(async () => {
  nginx = await NginxRtmp.start({ record: true });
});

afterAll(async () => {
  await nginx?.dispose();
});

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...argv, '--library', library], { out: (text) => out.push(text), err: (text) => err.push(text) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('capsule live push', () => {
  it('pushes the test source for --duration seconds with a keyframe every 2 s', async () => {
    // The key comes from a file, never from the command line.
    const urlFile = path.join(library, 'targets.txt');
    writeFileSync(urlFile, `# one URL per line\n${nginx.url('cli-test-key')}\n`, { mode: 0o600 });
    const result = await run(['live', 'push', '--input', 'testsrc', '--url-file', urlFile, '--duration', '5', '--audio-rate', '44100', '--json']);
    expect(result.err).not.toContain('cli-test-key');
    expect(result.code).toBe(0);
    const health = JSON.parse(result.out) as LiveHealth;
    expect(health.state).toBe('stopped');
    expect(health.reconnects).toBe(0);
    expect(health.targets[0]!.url).not.toContain('cli-test-key');

    const [received] = nginx.recordings();
    const back = await readBack(received!, 10);
    expect(back.video?.codec_name).toBe('h264');
    expect([back.video?.width, back.video?.height]).toEqual([1280, 720]);
    expect(back.audio?.codec_name).toBe('aac');
    expect(back.audio?.sample_rate).toBe('44100');
    expect(back.keyframeTimes.length).toBeGreaterThanOrEqual(3);
    for (const gap of keyframeIntervals(back.keyframeTimes)) expect(gap).toBeCloseTo(2, 1);
  });

  it('explains what is missing or wrong', async () => {
    const noInput = await run(['live', 'push', '--url', nginx.url('k')]);
    expect(noInput.code).toBe(2);
    expect(noInput.err).toMatch(/--input[\s\S]*Usage: capsule live push/);
    const keyOnCommandLine = await run(['live', 'push', '--input', 'testsrc', '--url', nginx.url('k')]);
    expect(keyOnCommandLine.code).toBe(1);
    expect(keyOnCommandLine.err).toMatch(/LIVE_KEY_ON_COMMAND_LINE/);
    const keyFile = path.join(library, 'key.txt');
    writeFileSync(keyFile, 'k\n');
    const badUrl = await run(['live', 'push', '--input', 'testsrc', '--url', 'http://example.edu/live', '--key-file', keyFile]);
    expect(badUrl.code).toBe(1);
    expect(badUrl.err).toMatch(/LIVE_BAD_URL/);
    const noTarget = await run(['live', 'push', '--input', 'testsrc']);
    expect(noTarget.err).toMatch(/LIVE_NO_TARGET/);
    const noProfile = await run(['live', 'push', '--input', 'testsrc', '--profile', 'Nope']);
    expect(noProfile.err).toMatch(/LIVE_PROFILE_NOT_FOUND/);
  });
});
