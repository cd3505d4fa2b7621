// Runs in Node (main side). The metadata vocabularies of one Pod server, fetched live (every page of
// sites, types, disciplines, channels, themes; licence and language choices from OPTIONS /rest/videos/)
// and cached per profile until the user refreshes them.
import type { PodChoice, PodVocabulary } from '../../shared/domain/pod';
import { relationPath } from '../../shared/logic/podUrls';
import type { Db } from '../library/database';
import { nowIso } from '../library/database';
import type { PodClient } from './podClient';

interface TitledItem {
  url: string;
  title?: string;
  name?: string;
}

interface OptionsAnswer {
  actions?: { POST?: Record<string, { choices?: { value: string | number; display_name: string }[] }> };
}

function choicesOf(options: OptionsAnswer, field: string): PodChoice[] {
  return (options.actions?.POST?.[field]?.choices ?? []).map((choice) => ({ value: String(choice.value), label: choice.display_name }));
}

export async function fetchVocabulary(client: PodClient, version: string | null, signal?: AbortSignal): Promise<PodVocabulary> {
  const list = <T>(path: string, what: string) => client.listAll<T>(path, what, { signal });
  const [root, sites, types, disciplines, channels, themes, options] = await Promise.all([
    client.get<Record<string, string>>('/rest/', 'reading the API root', { signal }),
    list<TitledItem>('/rest/sites/', 'listing sites'),
    list<TitledItem>('/rest/types/', 'listing video types'),
    list<TitledItem>('/rest/discipline/', 'listing disciplines'),
    list<TitledItem & { themes?: string[]; owners?: string[]; users?: string[] }>('/rest/channels/', 'listing channels'),
    list<TitledItem & { channel?: string | null }>('/rest/themes/', 'listing themes'),
    client.request<OptionsAnswer>('OPTIONS', '/rest/videos/', { what: 'reading video choices', signal }).then((answer) => answer.body),
  ]);
  const option = (item: TitledItem) => ({ path: relationPath(item.url), title: item.title ?? item.name ?? relationPath(item.url) });
  return {
    fetchedAt: nowIso(),
    version,
    sites: sites.map(option),
    types: types.map(option),
    disciplines: disciplines.map(option),
    channels: channels.map((channel) => ({
      ...option(channel),
      themes: (channel.themes ?? []).map(relationPath),
      memberPaths: [...(channel.owners ?? []), ...(channel.users ?? [])].map(relationPath),
    })),
    themes: themes.map((theme) => ({ ...option(theme), channel: theme.channel ? relationPath(theme.channel) : null })),
    licences: choicesOf(options, 'licence'),
    languages: choicesOf(options, 'main_lang'),
    hasFileManager: 'folders' in root && 'files' in root,
  };
}

export class PodVocabularyCache {
  constructor(private readonly db: Db) {}

  get(profileId: string): PodVocabulary | null {
    const row = this.db.prepare('SELECT vocabulary_json FROM pod_vocabularies WHERE profile_id = ?').get(profileId) as { vocabulary_json: string } | undefined;
    return row ? (JSON.parse(row.vocabulary_json) as PodVocabulary) : null;
  }

  put(profileId: string, vocabulary: PodVocabulary): void {
    this.db
      .prepare('INSERT INTO pod_vocabularies (profile_id, vocabulary_json, fetched_at) VALUES (?, ?, ?) ON CONFLICT(profile_id) DO UPDATE SET vocabulary_json = excluded.vocabulary_json, fetched_at = excluded.fetched_at')
      .run(profileId, JSON.stringify(vocabulary), vocabulary.fetchedAt);
  }
}
