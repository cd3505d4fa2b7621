// Runs anywhere (pure). The institution's BigBlueButton provisioning file: the BBB or Scalelite servers
// (address, shared secret, checksum, metadata filters) that IT gives teachers, so a teacher imports one
// file instead of typing a secret they never had. Same spirit as Pod's (src/main/pod/provisioning.ts):
// checked strictly with the shared validators (src/shared/validate.ts), every problem reported at once.
import type { BbbProfileInput } from '../../shared/domain/bbb';
import { BBB_RECORDING_STATES, type BbbRecordingState } from '../../shared/domain/bbb';
import { BBB_CHECKSUM_ALGORITHMS } from '../../shared/logic/bbbChecksum';
import { fail, parseJsonFile, reject, v, type Validator } from '../../shared/validate';

/**
 * Format (JSON):
 * {
 *   "format": "capsule-studio/bbb-provisioning", "version": 1,
 *   "servers": [{ "name": "Classes virtuelles", "url": "https://bbb.univ.fr/bigbluebutton/api/",
 *                 "secret": "…", "checksum": "sha256", "metaFilters": { "bbb-origin-tag": "moodle" },
 *                 "states": ["published"] }]
 * }
 */
export const BBB_PROVISIONING_FORMAT = 'capsule-studio/bbb-provisioning';

/** The file's schema; `names` sees every server name of one file (without case), so a name used twice is reported. */
function provisioningSchema(names: Set<string>) {
  const serverName: Validator<string> = (value, path) => {
    const name = typeof value === 'string' ? value.trim() : '';
    if (name === '' || name.length > 200) fail(path, 'a text of 1 to 200 characters');
    if (names.has(name.toLowerCase())) reject(`${path} "${name}" is used twice`);
    names.add(name.toLowerCase());
    return name;
  };
  const apiUrl: Validator<string> = (value, path) => {
    const url = typeof value === 'string' ? value.trim() : '';
    return /^https?:\/\/[^/\s]+/.test(url) ? url : fail(path, 'the API address, e.g. "https://bbb.example.edu/bigbluebutton/api/"');
  };
  const secret: Validator<string> = (value, path) => {
    const text = typeof value === 'string' ? value.trim() : '';
    return text !== '' && text.length <= 500 ? text : fail(path, "the server's shared secret");
  };
  const metaFilters: Validator<Record<string, string>> = (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.values(value).some((item) => typeof item !== 'string')) fail(path, 'a map of names to texts');
    return value as Record<string, string>;
  };
  const states: Validator<BbbRecordingState[]> = (value, path) => {
    if (!Array.isArray(value) || value.some((state) => !(BBB_RECORDING_STATES as readonly unknown[]).includes(state))) fail(path, `a list of ${BBB_RECORDING_STATES.join(', ')}`);
    return value as BbbRecordingState[];
  };
  const server = v.object(
    {
      name: serverName,
      url: apiUrl,
      secret,
      checksum: v.optional(v.oneOf(...BBB_CHECKSUM_ALGORITHMS)),
      metaFilters: v.optional(metaFilters),
      states: v.optional(states),
    },
    { known: 'setting' },
  );
  return v.object({ format: v.oneOf(BBB_PROVISIONING_FORMAT), version: v.oneOf(1), servers: v.array(server, { min: 1 }) }, { known: 'setting' });
}

export function parseBbbProvisioning(text: string): (BbbProfileInput & { secret: string })[] {
  const file = parseJsonFile(text, provisioningSchema(new Set()), 'BBB_PROVISIONING_INVALID');
  return file.servers.map(({ name, url, secret, checksum, metaFilters, states }) => ({ name, url, secret, ...(checksum ? { checksum } : {}), ...(metaFilters ? { metaFilters } : {}), ...(states ? { states } : {}) }));
}
