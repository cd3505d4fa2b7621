// Runs everywhere (shared, pure). THE StudioApi contract: every method the renderer may call and
// every event it may receive. Domains add their methods in their own file and are listed here.
import type { CallsOf } from './method';
import { appMethods, type AppEvents } from './app';
import { filesMethods } from './files';
import { libraryMethods, type LibraryEvents } from './library';
import { recordingMethods, type RecordingEvents } from './recording';
import { liveMethods, type LiveEvents } from './live';
import { podMethods, type PodEvents } from './pod';
import { montageMethods, type MontageEvents } from './montage';
import { bbbMethods, type BbbEvents } from './bbb';
import { penMethods } from './pen';
import { bundleMethods } from './bundle';

export const studioMethods = {
  ...appMethods,
  ...filesMethods,
  ...libraryMethods,
  ...recordingMethods,
  ...liveMethods,
  ...podMethods,
  ...montageMethods,
  ...bbbMethods,
  ...penMethods,
  ...bundleMethods,
};

export type StudioMethods = typeof studioMethods;
export type StudioMethodName = keyof StudioMethods;
export type StudioCalls = CallsOf<StudioMethods>;

/** Events a binding's client raises by itself (the main side never sends them). */
export interface ClientEvents {
  /** The loopback connection dropped; the next call reconnects. */
  'bridge.closed': null;
}

export type StudioEvents = AppEvents & LibraryEvents & RecordingEvents & LiveEvents & PodEvents & MontageEvents & BbbEvents & ClientEvents;
export type StudioEventName = keyof StudioEvents;

export type Unsubscribe = () => void;

/** What the renderer holds: every call, plus event subscriptions. */
export interface StudioApi extends StudioCalls {
  on<E extends StudioEventName>(event: E, listener: (payload: StudioEvents[E]) => void): Unsubscribe;
}

/** The Electron IPC channel of a method or event: every channel carries this prefix. */
export const CHANNEL_PREFIX = 'studio:';
export const EVENT_CHANNEL = 'studio:event';

export function isStudioMethod(name: string): name is StudioMethodName {
  return Object.prototype.hasOwnProperty.call(studioMethods, name);
}
