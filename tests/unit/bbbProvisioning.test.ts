// Runs in Node (tests). The institution's BigBlueButton provisioning file: servers read, and every
// problem named at once (issue 11, item 9).
import { describe, expect, test } from 'vitest';
import { StudioError } from '../../src/shared/errors';
import { parseBbbProvisioning } from '../../src/main/bbb/provisioning';

describe('parseBbbProvisioning', () => {
  test('reads the servers a teacher needs, secret included', () => {
    const servers = parseBbbProvisioning(
      JSON.stringify({
        format: 'capsule-studio/bbb-provisioning',
        version: 1,
        servers: [{ name: 'Classes virtuelles', url: 'https://bbb.univ.example/bigbluebutton/api/', secret: 's3cret', checksum: 'sha1', metaFilters: { 'bbb-origin-tag': 'moodle' } }],
      }),
    );
    expect(servers).toEqual([{ name: 'Classes virtuelles', url: 'https://bbb.univ.example/bigbluebutton/api/', secret: 's3cret', checksum: 'sha1', metaFilters: { 'bbb-origin-tag': 'moodle' } }]);
  });

  test('names every problem, with a stable code', () => {
    let caught: unknown;
    try {
      parseBbbProvisioning(JSON.stringify({ format: 'x', version: 2, servers: [{ name: '', url: 'bbb', checksum: 'md5', extra: 1 }] }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StudioError);
    expect((caught as StudioError).code).toBe('BBB_PROVISIONING_INVALID');
    const problems = (caught as StudioError).details?.problems as string[];
    expect(problems).toHaveLength(7);
    expect(problems.join('\n')).toMatch(/servers\[0\]\.secret/);
  });

  test('a file that is not JSON says so', () => {
    expect(() => parseBbbProvisioning('{')).toThrow(/not valid JSON/);
  });
});
