// Runs in the renderer (pure). A BigBlueButton server as the form edits it (lists as lines of text, the
// secret empty unless retyped) and back to what the StudioApi saves or tests.
import type { BbbProfile, BbbProfileInput, BbbRecordingState } from '../../../shared/domain/bbb';
import type { BbbChecksumAlgorithm } from '../../../shared/logic/bbbChecksum';
import { metaLines, parseLines, parseMetaLines } from './logic';

export interface ProfileDraft {
  /** null for a server being added. */
  id: string | null;
  name: string;
  url: string;
  /** Empty: keep the stored secret (or none for a new server). */
  secret: string;
  checksum: BbbChecksumAlgorithm;
  /** One meeting ID per line. */
  meetingIds: string;
  /** One `key=value` line per metadata filter. */
  metaFilters: string;
  states: BbbRecordingState[];
}

export const EMPTY_DRAFT: ProfileDraft = { id: null, name: '', url: '', secret: '', checksum: 'sha256', meetingIds: '', metaFilters: '', states: [] };

export function draftOf(profile: BbbProfile): ProfileDraft {
  return { id: profile.id, name: profile.name, url: profile.apiUrl, secret: '', checksum: profile.checksum, meetingIds: profile.meetingIds.join('\n'), metaFilters: metaLines(profile.metaFilters), states: profile.states };
}

export function profileInput(draft: ProfileDraft): BbbProfileInput {
  return {
    name: draft.name,
    url: draft.url,
    secret: draft.secret || undefined,
    checksum: draft.checksum,
    meetingIds: parseLines(draft.meetingIds),
    metaFilters: parseMetaLines(draft.metaFilters),
    states: draft.states,
  };
}
