// Runs in Node (tests). The publish form's pure rules: channels of the owner, themes of the chosen
// channels, field messages (ours translated, Pod's verbatim), and the Pod strings in both languages.
import { describe, expect, it } from 'vitest';
import { EMPTY_POD_METADATA, type PodVocabulary } from '../../src/shared/domain/pod';
import { canPublish, channelsFor, fieldErrorsOf, fieldMessages, formErrors, themesFor, visibleErrors, withChannels } from '../../src/renderer/features/publish/logic/publishForm';
import { errorMessages, messages, stageMessages } from '../../src/renderer/features/publish/messages';
import { rowsToShow } from '../../src/renderer/features/publish/ReplacePreview';

const vocabulary: PodVocabulary = {
  fetchedAt: '2025-01-01T00:00:00Z',
  version: '4.1.0',
  sites: [{ path: '/rest/sites/1/', title: 'Pod' }],
  types: [{ path: '/rest/types/1/', title: 'Other' }],
  disciplines: [],
  channels: [
    { path: '/rest/channels/5/', title: 'Sciences', themes: ['/rest/themes/9/'], memberPaths: ['/rest/users/42/'] },
    { path: '/rest/channels/8/', title: 'Direction', themes: [], memberPaths: ['/rest/users/1/'] },
  ],
  themes: [
    { path: '/rest/themes/9/', title: 'Mécanique', channel: '/rest/channels/5/' },
    { path: '/rest/themes/11/', title: 'Vie étudiante', channel: '/rest/channels/6/' },
  ],
  licences: [],
  languages: [],
  hasFileManager: true,
};

describe('publish form', () => {
  it('offers the owner’s channels and the themes of the chosen channels', () => {
    expect(channelsFor(vocabulary, '/rest/users/42/').map((channel) => channel.title)).toEqual(['Sciences']);
    expect(channelsFor(vocabulary, '/rest/users/99/')).toHaveLength(2);
    expect(themesFor(vocabulary, ['/rest/channels/5/']).map((theme) => theme.title)).toEqual(['Mécanique']);
    const metadata = { ...EMPTY_POD_METADATA, channels: ['/rest/channels/5/'], themes: ['/rest/themes/9/'] };
    expect(withChannels(metadata, [], vocabulary).themes).toEqual([]);
  });

  it('shows our codes translated and Pod’s messages as written, and blocks sending until required fields are there', () => {
    const errors = formErrors({ ...EMPTY_POD_METADATA, title: '' }, vocabulary, { title: ['Ensure this field has no more than 250 characters.'] });
    const translate = (key: string) => (messages.en as Record<string, string>)[key.replace(/^publish\./, '')] ?? key;
    const has = (key: string) => key.replace(/^publish\./, '') in messages.en;
    expect(fieldMessages(errors, 'title', translate, has)).toEqual(['Ensure this field has no more than 250 characters.', 'Required.']);
    expect(canPublish({ ...EMPTY_POD_METADATA, title: 'T' }, vocabulary)).toBe(false);
    expect(canPublish({ ...EMPTY_POD_METADATA, title: 'T', type: '/rest/types/1/' }, vocabulary)).toBe(true);
    // A type the cached lists do not know yet does not block: publishing fetches the lists again.
    expect(canPublish({ ...EMPTY_POD_METADATA, title: 'T', type: '/rest/types/7/' }, vocabulary)).toBe(true);
    expect(fieldErrorsOf({ details: { fields: { type: ['required'] } } })).toEqual({ type: ['required'] });
    expect(fieldErrorsOf(null)).toEqual({});
  });

  it('says nothing about an untouched form; speaks for a touched field, for all after a try to publish, and always for Pod', () => {
    const blank = { ...EMPTY_POD_METADATA, title: '' };
    expect(visibleErrors(blank, vocabulary, {}, new Set(), false)).toEqual({});
    expect(visibleErrors(blank, vocabulary, {}, new Set(['title']), false)).toEqual({ title: ['required'] });
    expect(Object.keys(visibleErrors(blank, vocabulary, {}, new Set(), true)).sort()).toEqual(['title', 'type']);
    expect(visibleErrors(blank, vocabulary, { description: ['Too long.'] }, new Set(), false)).toEqual({ description: ['Too long.'] });
  });

  it('shows before a replace what it sends and what was edited on Pod, not every unchanged field', () => {
    const rows = rowsToShow([
      { field: 'title', onPod: 'A', lastPublished: 'A', inStudio: 'B', action: 'send' },
      { field: 'description', onPod: 'Edited on Pod', lastPublished: 'Studio', inStudio: 'Studio', action: 'keep' },
      { field: 'licence', onPod: null, lastPublished: 'CC BY', inStudio: 'CC BY', action: 'keep' },
      { field: 'isDraft', onPod: 'yes', lastPublished: 'yes', inStudio: 'yes', action: 'keep' },
    ]);
    expect(rows.map((row) => row.field)).toEqual(['title', 'description']);
  });

  it('has every string in English and French', () => {
    for (const dictionary of [messages, errorMessages, stageMessages]) {
      expect(Object.keys(dictionary.fr).sort()).toEqual(Object.keys(dictionary.en).sort());
      for (const value of Object.values(dictionary.fr)) expect(value.trim()).not.toBe('');
      // French typography: a non-breaking space before : ; ? !
      for (const value of Object.values(dictionary.fr)) expect(value).not.toMatch(/ [:;?!](\s|$)/);
    }
    // Every local field-error code has a message.
    for (const code of ['required', 'too_long', 'bad_date', 'not_offered', 'theme_outside_channel', 'tags_unsupported', 'no_site']) expect(messages.en).toHaveProperty(`fieldError.${code}`);
  });
});
