// Runs anywhere (pure). The institution's provisioning file: Pod servers, default metadata and optional
// tokens that the app imports so teachers don't type URLs. Checked strictly with the shared validators
// (src/shared/validate.ts), every problem reported at once with its path.
import type { PodMetadataDefaults } from '../../shared/domain/pod';
import { normalizeBaseUrl } from '../../shared/logic/podUrls';
import { fail, parseJsonFile, reject, v, type Validator } from '../../shared/validate';
import { POD_ERROR } from './podErrors';

/**
 * Format (JSON):
 * {
 *   "format": "capsule-studio/pod-provisioning", "version": 1,
 *   "servers": [{ "name": "Pod Université", "url": "https://pod.univ.fr", "token": "…40 hex…",
 *                 "username": "", "defaults": { "type": "/rest/types/1/", "licence": "by-nc-sa", … } }]
 * }
 */
export const PROVISIONING_FORMAT = 'capsule-studio/pod-provisioning';

export interface ProvisionedServer {
  name: string;
  baseUrl: string;
  token: string | null;
  username: string;
  defaults: PodMetadataDefaults;
}

const RELATION = /^(https?:\/\/[^/]+)?\/rest\/(types|discipline|channels|themes)\/\d+\/$/;

/** A Pod relation, kept as its path (a full URL from another host is re-based on the profile's server). */
const relation: Validator<string> = (value, path) => {
  if (typeof value !== 'string' || !RELATION.test(value)) fail(path, 'a Pod path such as "/rest/types/1/"');
  return new URL(value, 'http://x').pathname;
};

const relations: Validator<string[]> = (value, path) => {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || !RELATION.test(item))) fail(path, 'a list of Pod paths such as "/rest/discipline/3/"');
  return (value as string[]).map((item) => new URL(item, 'http://x').pathname);
};

const text: Validator<string> = (value, path) => (typeof value === 'string' ? value : fail(path, 'a text'));
const yesNo: Validator<boolean> = (value, path) => (typeof value === 'boolean' ? value : fail(path, 'true or false'));

const defaultsSchema = v.object(
  {
    type: v.optional(relation),
    disciplines: v.optional(relations),
    channels: v.optional(relations),
    themes: v.optional(relations),
    licence: v.optional(text),
    mainLang: v.optional(text),
    tags: v.optional(text),
    isDraft: v.optional(yesNo),
    isRestricted: v.optional(yesNo),
    allowDownloading: v.optional(yesNo),
  } satisfies Record<keyof PodMetadataDefaults, Validator<unknown>>,
  { known: 'default' },
);

const serverUrl: Validator<string> = (value, path) => {
  if (typeof value !== 'string') fail(path, 'the server address, e.g. "https://pod.example.edu"');
  let baseUrl: string;
  try {
    baseUrl = normalizeBaseUrl(value);
  } catch (error) {
    return reject(`${path}: ${(error as Error).message}`);
  }
  if (!baseUrl.startsWith('https://')) reject(`${path} must start with https://`);
  return baseUrl;
};

const token: Validator<string | null> = v.nullable((value, path) => (typeof value === 'string' && /^[0-9a-fA-F]{40}$/.test(value) ? value : fail(path, 'a Pod API token (40 hexadecimal characters)')));

/** The file's schema; `names` sees every server name of one file, so a name used twice is reported. */
function provisioningSchema(names: Set<string>) {
  const serverName: Validator<string> = (value, path) => {
    const name = typeof value === 'string' ? value.trim() : '';
    if (name === '' || name.length > 100) fail(path, 'a text of 1 to 100 characters');
    if (names.has(name)) reject(`${path} "${name}" is used twice`);
    names.add(name);
    return name;
  };
  const username: Validator<string | undefined> = v.optional((value, path) => (typeof value === 'string' && value.length <= 150 ? value.trim() : fail(path, 'a text')));
  const server = v.object({ name: serverName, url: serverUrl, token, username, defaults: v.optional(defaultsSchema) }, { known: 'setting' });
  return v.object(
    {
      format: v.oneOf(PROVISIONING_FORMAT),
      version: v.oneOf(1),
      servers: v.array(server, { min: 1 }),
    },
    { known: 'setting' },
  );
}

export function parseProvisioning(text: string): ProvisionedServer[] {
  const file = parseJsonFile(text, provisioningSchema(new Set()), POD_ERROR.provisioning);
  return file.servers.map((server) => ({ name: server.name, baseUrl: server.url, token: server.token, username: server.username ?? '', defaults: server.defaults ?? {} }));
}
