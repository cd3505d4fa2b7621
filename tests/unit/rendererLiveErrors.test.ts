// Runs in Node (tests). "Show broadcasters" on a Pod without live says so, not "Pod no longer has this
// video" (issue 11, item 8), in both languages.
import { describe, expect, test } from 'vitest';
import { registerMessages, translate } from '../../src/renderer/i18n';
import { podLiveErrorKey } from '../../src/renderer/features/live/logic/podLiveErrors';
import { messages } from '../../src/renderer/features/live/messages';

registerMessages('live', messages);

describe('Pod errors in the Live panel', () => {
  test('a 404 while listing broadcasters speaks of live broadcasters, in English and French', () => {
    const key = podLiveErrorKey({ code: 'POD_NOT_FOUND' }, 'broadcasters')!;
    expect(translate('en', key)).toMatch(/does not offer live broadcasters/);
    expect(translate('fr', key)).toMatch(/diffuseurs en direct/);
    for (const language of ['en', 'fr'] as const) expect(translate(language, key)).not.toMatch(/video|vidéo/i);
  });

  test('other codes keep their usual text', () => {
    expect(podLiveErrorKey({ code: 'POD_BAD_TOKEN' }, 'broadcasters')).toBeNull();
    expect(podLiveErrorKey({ code: 'POD_NOT_FOUND' }, 'events')).toBe('live.podNoEvents');
  });
});
