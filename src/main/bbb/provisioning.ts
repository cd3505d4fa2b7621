// Runs anywhere (pure). The institution's BigBlueButton provisioning file: the BBB or Scalelite servers
// (address, shared secret, checksum, metadata filters) that IT gives teachers, so a teacher imports one
// file instead of typing a secret they never had. Same spirit as Pod's (src/main/pod/provisioning.ts):
// checked strictly, one clear message per problem.
import { StudioError } from '../../shared/errors';
import type { BbbProfileInput } from '../../shared/domain/bbb';
import { BBB_RECORDING_STATES, type BbbRecordingState } from '../../shared/domain/bbb';
import { BBB_CHECKSUM_ALGORITHMS, type BbbChecksumAlgorithm } from '../../shared/logic/bbbChecksum';

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

const SERVER_KEYS = ['name', 'url', 'secret', 'checksum', 'metaFilters', 'states'];

export function parseBbbProvisioning(text: string): (BbbProfileInput & { secret: string })[] {
  const problems: string[] = [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new StudioError('BBB_PROVISIONING_INVALID', `The provisioning file is not valid JSON: ${(error as Error).message}`, { problems: ['not JSON'] });
  }
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(data)) throw new StudioError('BBB_PROVISIONING_INVALID', 'The provisioning file must be a JSON object.', { problems: ['not an object'] });
  if (data.format !== BBB_PROVISIONING_FORMAT) problems.push(`format must be "${BBB_PROVISIONING_FORMAT}"`);
  if (data.version !== 1) problems.push('version must be 1');
  for (const key of Object.keys(data)) if (!['format', 'version', 'servers'].includes(key)) problems.push(`${key} is not a known setting (known: format, version, servers)`);
  const servers: (BbbProfileInput & { secret: string })[] = [];
  if (!Array.isArray(data.servers) || data.servers.length === 0) problems.push('servers must be a non-empty list');
  else {
    const names = new Set<string>();
    data.servers.forEach((raw: unknown, index: number) => {
      const at = `servers[${index}]`;
      if (!isObject(raw)) {
        problems.push(`${at} must be an object`);
        return;
      }
      for (const key of Object.keys(raw)) if (!SERVER_KEYS.includes(key)) problems.push(`${at}.${key} is not a known setting (known: ${SERVER_KEYS.join(', ')})`);
      const name = typeof raw.name === 'string' ? raw.name.trim() : '';
      if (name === '' || name.length > 200) problems.push(`${at}.name must be a text of 1 to 200 characters`);
      else if (names.has(name.toLowerCase())) problems.push(`${at}.name "${name}" is used twice`);
      names.add(name.toLowerCase());
      const url = typeof raw.url === 'string' ? raw.url.trim() : '';
      if (!/^https?:\/\/[^/\s]+/.test(url)) problems.push(`${at}.url must be the API address, e.g. "https://bbb.example.edu/bigbluebutton/api/"`);
      const secret = typeof raw.secret === 'string' ? raw.secret.trim() : '';
      if (secret === '' || secret.length > 500) problems.push(`${at}.secret must be the server's shared secret`);
      let checksum: BbbChecksumAlgorithm | undefined;
      if (raw.checksum !== undefined) {
        if (typeof raw.checksum !== 'string' || !(BBB_CHECKSUM_ALGORITHMS as readonly string[]).includes(raw.checksum)) problems.push(`${at}.checksum must be one of ${BBB_CHECKSUM_ALGORITHMS.join(', ')}`);
        else checksum = raw.checksum as BbbChecksumAlgorithm;
      }
      let metaFilters: Record<string, string> | undefined;
      if (raw.metaFilters !== undefined) {
        if (!isObject(raw.metaFilters) || Object.values(raw.metaFilters).some((value) => typeof value !== 'string')) problems.push(`${at}.metaFilters must map names to texts`);
        else metaFilters = raw.metaFilters as Record<string, string>;
      }
      let states: BbbRecordingState[] | undefined;
      if (raw.states !== undefined) {
        if (!Array.isArray(raw.states) || raw.states.some((state) => !(BBB_RECORDING_STATES as readonly unknown[]).includes(state))) problems.push(`${at}.states must be a list of ${BBB_RECORDING_STATES.join(', ')}`);
        else states = raw.states as BbbRecordingState[];
      }
      servers.push({ name, url, secret, ...(checksum ? { checksum } : {}), ...(metaFilters ? { metaFilters } : {}), ...(states ? { states } : {}) });
    });
  }
  if (problems.length > 0) {
    throw new StudioError('BBB_PROVISIONING_INVALID', `The provisioning file has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}: ${problems.join('; ')}.`, { problems });
  }
  return servers;
}
