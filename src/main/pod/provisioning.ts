// Runs anywhere (pure). The institution's provisioning file: Pod servers, default metadata and optional
// tokens that the app imports so teachers don't type URLs. Checked strictly, with one clear message per problem.
import { StudioError } from '../../shared/errors';
import type { PodMetadataDefaults } from '../../shared/domain/pod';
import { normalizeBaseUrl } from '../../shared/logic/podUrls';
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

const SERVER_KEYS = ['name', 'url', 'token', 'username', 'defaults'];
const RELATION = /^(https?:\/\/[^/]+)?\/rest\/(types|discipline|channels|themes)\/\d+\/$/;
const DEFAULT_KEYS: Record<keyof PodMetadataDefaults, 'string' | 'boolean' | 'relation' | 'relations'> = {
  type: 'relation',
  disciplines: 'relations',
  channels: 'relations',
  themes: 'relations',
  licence: 'string',
  mainLang: 'string',
  tags: 'string',
  isDraft: 'boolean',
  isRestricted: 'boolean',
  allowDownloading: 'boolean',
};

export function parseProvisioning(text: string): ProvisionedServer[] {
  const problems: string[] = [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new StudioError(POD_ERROR.provisioning, `The provisioning file is not valid JSON: ${(error as Error).message}`, { problems: ['not JSON'] });
  }
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(data)) throw new StudioError(POD_ERROR.provisioning, 'The provisioning file must be a JSON object.', { problems: ['not an object'] });
  if (data.format !== PROVISIONING_FORMAT) problems.push(`format must be "${PROVISIONING_FORMAT}"`);
  if (data.version !== 1) problems.push('version must be 1');
  for (const key of Object.keys(data)) if (!['format', 'version', 'servers'].includes(key)) problems.push(`${key} is not a known setting (known: format, version, servers)`);
  const servers: ProvisionedServer[] = [];
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
      if (name === '' || name.length > 100) problems.push(`${at}.name must be a text of 1 to 100 characters`);
      else if (names.has(name)) problems.push(`${at}.name "${name}" is used twice`);
      names.add(name);
      let baseUrl = '';
      if (typeof raw.url !== 'string') problems.push(`${at}.url must be the server address, e.g. "https://pod.example.edu"`);
      else {
        try {
          baseUrl = normalizeBaseUrl(raw.url);
          if (!baseUrl.startsWith('https://')) problems.push(`${at}.url must start with https://`);
        } catch (error) {
          problems.push(`${at}.url: ${(error as Error).message}`);
        }
      }
      let token: string | null = null;
      if (raw.token !== undefined && raw.token !== null) {
        if (typeof raw.token !== 'string' || !/^[0-9a-fA-F]{40}$/.test(raw.token)) problems.push(`${at}.token must be a Pod API token (40 hexadecimal characters)`);
        else token = raw.token;
      }
      let username = '';
      if (raw.username !== undefined) {
        if (typeof raw.username !== 'string' || raw.username.length > 150) problems.push(`${at}.username must be a text`);
        else username = raw.username.trim();
      }
      const defaults: PodMetadataDefaults = {};
      if (raw.defaults !== undefined) {
        if (!isObject(raw.defaults)) problems.push(`${at}.defaults must be an object`);
        else {
          for (const [key, value] of Object.entries(raw.defaults)) {
            const kind = DEFAULT_KEYS[key as keyof PodMetadataDefaults];
            const where = `${at}.defaults.${key}`;
            if (!kind) problems.push(`${where} is not a known default (known: ${Object.keys(DEFAULT_KEYS).join(', ')})`);
            else if (kind === 'boolean' && typeof value !== 'boolean') problems.push(`${where} must be true or false`);
            else if (kind === 'string' && typeof value !== 'string') problems.push(`${where} must be a text`);
            else if (kind === 'relation' && (typeof value !== 'string' || !RELATION.test(value))) problems.push(`${where} must be a Pod path such as "/rest/types/1/"`);
            else if (kind === 'relations' && (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || !RELATION.test(item)))) problems.push(`${where} must be a list of Pod paths such as "/rest/discipline/3/"`);
            else (defaults as Record<string, unknown>)[key] = kind === 'relation' ? new URL(value as string, 'http://x').pathname : kind === 'relations' ? (value as string[]).map((item) => new URL(item, 'http://x').pathname) : value;
          }
        }
      }
      servers.push({ name, baseUrl, token, username, defaults });
    });
  }
  if (problems.length > 0) {
    throw new StudioError(POD_ERROR.provisioning, `The provisioning file has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}: ${problems.join('; ')}.`, { problems });
  }
  return servers;
}
