// Runs everywhere (shared, pure). Checks a publication's metadata before anything is sent, turns it
// into Pod's multipart fields (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py), and maps Pod's `{field: [messages]}` back to form fields.
import type { PodFieldChange, PodFieldErrors, PodMetadata, PodMetadataField, PodVocabulary } from '../domain/pod';

/** Local check codes; the renderer translates them, Pod's own messages are shown as Pod wrote them. */
export const METADATA_ERROR = {
  required: 'required',
  tooLong: 'too_long',
  badDate: 'bad_date',
  notOffered: 'not_offered',
  themeOutsideChannel: 'theme_outside_channel',
  tagsUnsupported: 'tags_unsupported',
} as const;

const POD_FIELD_OF: Record<PodMetadataField, string> = {
  title: 'title',
  description: 'description',
  dateEvt: 'date_evt',
  type: 'type',
  disciplines: 'discipline',
  channels: 'channel',
  themes: 'theme',
  licence: 'licence',
  mainLang: 'main_lang',
  tags: 'tags',
  isDraft: 'is_draft',
  isRestricted: 'is_restricted',
  password: 'password',
  allowDownloading: 'allow_downloading',
};

const FIELD_OF_POD: Record<string, PodMetadataField> = Object.fromEntries(Object.entries(POD_FIELD_OF).map(([field, pod]) => [pod, field as PodMetadataField]));

export function isPod3(version: string | null | undefined): boolean {
  return typeof version === 'string' && /^3\./.test(version);
}

function isValidDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * Every problem we can see before sending. With a vocabulary, relations and choices must be ones
 * the server offered. Returns an empty object when the metadata can be sent.
 */
export function validatePodMetadata(metadata: PodMetadata, vocabulary: PodVocabulary | null): PodFieldErrors {
  const errors: PodFieldErrors = {};
  const add = (field: PodMetadataField, code: string) => {
    (errors[field] ??= []).push(code);
  };
  if (metadata.title.trim() === '') add('title', METADATA_ERROR.required);
  if (metadata.title.length > 250) add('title', METADATA_ERROR.tooLong);
  if (!metadata.type) add('type', METADATA_ERROR.required);
  if (metadata.dateEvt !== null && metadata.dateEvt !== '' && !isValidDate(metadata.dateEvt)) add('dateEvt', METADATA_ERROR.badDate);
  if (metadata.password.length > 50) add('password', METADATA_ERROR.tooLong);
  if (vocabulary) {
    const offered = (list: { path: string }[]) => new Set(list.map((item) => item.path));
    if (metadata.type && !offered(vocabulary.types).has(metadata.type)) add('type', METADATA_ERROR.notOffered);
    const disciplines = offered(vocabulary.disciplines);
    if (metadata.disciplines.some((path) => !disciplines.has(path))) add('disciplines', METADATA_ERROR.notOffered);
    const channels = offered(vocabulary.channels);
    if (metadata.channels.some((path) => !channels.has(path))) add('channels', METADATA_ERROR.notOffered);
    const themeChannel = new Map(vocabulary.themes.map((theme) => [theme.path, theme.channel]));
    for (const theme of metadata.themes) {
      if (!themeChannel.has(theme)) add('themes', METADATA_ERROR.notOffered);
      else if (!metadata.channels.includes(themeChannel.get(theme) ?? '')) add('themes', METADATA_ERROR.themeOutsideChannel);
    }
    if (metadata.licence && vocabulary.licences.length > 0 && !vocabulary.licences.some((choice) => choice.value === metadata.licence)) add('licence', METADATA_ERROR.notOffered);
    if (metadata.mainLang && vocabulary.languages.length > 0 && !vocabulary.languages.some((choice) => choice.value === metadata.mainLang)) add('mainLang', METADATA_ERROR.notOffered);
    if (metadata.tags.trim() !== '' && !isPod3(vocabulary.version)) add('tags', METADATA_ERROR.tagsUnsupported);
    if (vocabulary.sites.length === 0) (errors.general ??= []).push('no_site');
  }
  for (const key of Object.keys(errors) as (keyof PodFieldErrors)[]) errors[key] = [...new Set(errors[key])];
  return errors;
}

export function hasFieldErrors(errors: PodFieldErrors): boolean {
  return Object.values(errors).some((list) => (list?.length ?? 0) > 0);
}

/** Escapes text and wraps each paragraph in `<p>`, the simple HTML Pod's description expects. */
export function descriptionHtml(text: string): string {
  const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${escape(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/**
 * The multipart fields of a video, in Pod's names. Many-to-many values repeat their key; relations
 * are paths; booleans are `true`/`false`. Tags go only to Pod 3.x.
 */
export function videoFormFields(metadata: PodMetadata, relations: { owner: string; site: string }, version: string | null): [string, string][] {
  const fields: [string, string][] = [
    ['title', metadata.title.trim()],
    ['owner', relations.owner],
    ['sites', relations.site],
    ['description', descriptionHtml(metadata.description)],
    ['is_draft', String(metadata.isDraft)],
    ['is_restricted', String(metadata.isRestricted)],
    ['allow_downloading', String(metadata.allowDownloading)],
  ];
  if (metadata.type) fields.push(['type', metadata.type]);
  if (metadata.dateEvt) fields.push(['date_evt', metadata.dateEvt]);
  if (metadata.licence) fields.push(['licence', metadata.licence]);
  if (metadata.mainLang) fields.push(['main_lang', metadata.mainLang]);
  if (metadata.password) fields.push(['password', metadata.password]);
  for (const path of metadata.disciplines) fields.push(['discipline', path]);
  for (const path of metadata.channels) fields.push(['channel', path]);
  for (const path of metadata.themes) fields.push(['theme', path]);
  if (isPod3(version) && metadata.tags.trim() !== '') fields.push(['tags', metadata.tags.trim()]);
  return fields;
}

/** Pod's 400 body mapped onto form fields; errors on fields the form does not show go to `general`. */
export function mapPodFieldErrors(body: unknown): PodFieldErrors {
  const errors: PodFieldErrors = {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { general: [String(body)] };
  for (const [podField, messages] of Object.entries(body as Record<string, unknown>)) {
    const list = (Array.isArray(messages) ? messages : [messages]).map((message) => (typeof message === 'string' ? message : JSON.stringify(message)));
    const field = FIELD_OF_POD[podField];
    if (field) (errors[field] ??= []).push(...list);
    else (errors.general ??= []).push(...list.map((message) => (podField === 'non_field_errors' || podField === 'detail' ? message : `${podField}: ${message}`)));
  }
  return errors;
}

/** Fields a replace may change on Pod (the file aside). The password is never read back, so never compared. */
export const REPLACEABLE_FIELDS: PodMetadataField[] = ['title', 'description', 'dateEvt', 'type', 'disciplines', 'channels', 'themes', 'licence', 'mainLang', 'isDraft', 'isRestricted', 'allowDownloading', 'tags'];

function comparable(metadata: Partial<PodMetadata>, field: PodMetadataField): string {
  const value = metadata[field];
  if (Array.isArray(value)) return JSON.stringify([...value].sort());
  if (typeof value === 'string') return field === 'description' ? value.replace(/\s+/g, ' ').trim() : value.trim();
  return JSON.stringify(value ?? null);
}

/** Of `fields`, those whose value in `next` differs from `current` (in the terms a replace compares them). */
export function changedFields(current: PodMetadata, next: PodMetadata, fields: readonly PodMetadataField[]): PodMetadataField[] {
  return fields.filter((field) => comparable(current, field) !== comparable(next, field));
}

/** A value as a person reads it: relation titles from the vocabulary, yes/no, "—" for nothing. */
export function displayFieldValue(metadata: Partial<PodMetadata>, field: PodMetadataField, vocabulary: PodVocabulary | null): string {
  const value = metadata[field];
  const titleOf = (path: string) => {
    const lists = vocabulary ? [vocabulary.types, vocabulary.disciplines, vocabulary.channels, vocabulary.themes] : [];
    for (const list of lists) {
      const found = list.find((item) => item.path === path);
      if (found) return found.title;
    }
    return path;
  };
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(titleOf).join(', ');
  if (field === 'type') return titleOf(String(value));
  if (field === 'licence') return vocabulary?.licences.find((choice) => choice.value === value)?.label ?? String(value);
  if (field === 'mainLang') return vocabulary?.languages.find((choice) => choice.value === value)?.label ?? String(value);
  return String(value);
}

/**
 * What a replace changes: only the fields the teacher changed in the studio since the last publication
 * (`lastPublished`); every other field keeps Pod's value, which may have been edited on Pod. Without the
 * last publication's values nothing but the file is changed. `onPod` holds what could be read back.
 */
export function planReplace(lastPublished: PodMetadata | null, inStudio: PodMetadata, onPod: Partial<PodMetadata> | null, vocabulary: PodVocabulary | null): PodFieldChange[] {
  return REPLACEABLE_FIELDS.map((field) => {
    const changed = lastPublished !== null && comparable(lastPublished, field) !== comparable(inStudio, field);
    return {
      field,
      onPod: onPod && field in onPod ? displayFieldValue(onPod, field, vocabulary) : null,
      lastPublished: lastPublished ? displayFieldValue(lastPublished, field, vocabulary) : null,
      inStudio: displayFieldValue(inStudio, field, vocabulary),
      action: changed ? 'send' : 'keep',
    };
  });
}

/**
 * The multipart fields of a replace (PATCH): the changed fields only, plus `is_draft` always: the
 * studio's value when the teacher changed it, else the value Pod holds now (null: not readable, not sent).
 */
export function replaceFormFields(metadata: PodMetadata, changed: readonly PodMetadataField[], isDraftOnPod: boolean | null, version: string | null): [string, string][] {
  const all = videoFormFields(metadata, { owner: '', site: '' }, version);
  const podNames = new Set(changed.filter((field) => field !== 'isDraft').map((field) => POD_FIELD_OF[field]));
  const fields = all.filter(([name]) => podNames.has(name));
  const isDraft = changed.includes('isDraft') ? metadata.isDraft : isDraftOnPod;
  if (isDraft !== null) fields.push(['is_draft', String(isDraft)]);
  return fields;
}

/** "type: /rest/types/77/ is not offered; allowed: Other (/rest/types/1/), Cours (/rest/types/2/)" for the CLI. */
export function allowedValuesText(field: PodMetadataField, vocabulary: PodVocabulary | null): string | null {
  if (!vocabulary) return null;
  const relations = { type: vocabulary.types, disciplines: vocabulary.disciplines, channels: vocabulary.channels, themes: vocabulary.themes } as Partial<Record<PodMetadataField, { path: string; title: string }[]>>;
  const choices = { licence: vocabulary.licences, mainLang: vocabulary.languages } as Partial<Record<PodMetadataField, { value: string; label: string }[]>>;
  const list = relations[field]?.map((item) => `${item.title} (${item.path})`) ?? choices[field]?.map((choice) => `${choice.label} (${choice.value})`);
  return list && list.length > 0 ? list.join(', ') : null;
}

/** Pod's HTML description back to the plain text the studio edits (the inverse of descriptionHtml, near enough to compare). */
export function plainTextOfDescription(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .trim();
}

/** For every field refused as not offered, the values this server allows, with their names (for messages). */
export function allowedValuesOf(errors: PodFieldErrors, vocabulary: PodVocabulary | null): Partial<Record<PodMetadataField, string>> {
  const allowed: Partial<Record<PodMetadataField, string>> = {};
  for (const [field, codes] of Object.entries(errors) as [PodMetadataField, string[] | undefined][]) {
    if (!codes?.includes(METADATA_ERROR.notOffered)) continue;
    const text = allowedValuesText(field, vocabulary);
    if (text) allowed[field] = text;
  }
  return allowed;
}
