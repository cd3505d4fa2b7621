// Runs in the renderer (pure, unit-tested in Node). Pod answers 404 for very different reasons: in the
// Live panel, listing broadcasters or events, it means the server has no live module (or the address is
// not the Pod site), more precisely than the generic text of the same code.
import type { StudioErrorInfo } from '../../../../shared/errors';

export type PodLiveCall = 'broadcasters' | 'events' | 'other';

/** The Live panel's own message key for this error in this call, or null for the usual text. */
export function podLiveErrorKey(error: Pick<StudioErrorInfo, 'code'>, call: PodLiveCall): string | null {
  if (error.code !== 'POD_NOT_FOUND') return null;
  if (call === 'broadcasters') return 'live.podNoBroadcasters';
  if (call === 'events') return 'live.podNoEvents';
  return 'live.podObjectGone';
}
