// Runs in Node (main side). What every service gets: the library, the event bus, jobs, settings, secrets and
// the other domains' stores. Never the database: each table is reached through the store of the domain that owns it.
import type { FileGrants } from './files/fileGrants';
import type { CapsuleLibrary } from './library/capsuleLibrary';
import type { MediaRefs } from './library/mediaRefs';
import type { RendererPresence } from './rendererPresence';
import type { DesktopHooks } from './desktop';
import type { StudioEventBus } from './events';
import type { JobQueue } from './jobs/jobQueue';
import type { Logger } from './log';
import type { SecretStore } from './settings/secretStore';
import type { SettingsStore } from './settings/settingsStore';
import type { DomainStores } from './services';

export type BindingKind = 'electron' | 'loopback' | 'cli';

export interface StudioContext {
  /** The library directory: the database and one folder per capsule. */
  libraryDir: string;
  library: CapsuleLibrary;
  /** The other domains' stores (takes, montage, Pod, BBB, live), wired once in src/main/services.ts. */
  stores: DomainStores;
  /** Opaque media references served to renderers; domains register their kinds. */
  media: MediaRefs;
  events: StudioEventBus;
  /** Told when a renderer disconnects or crashes. */
  renderers: RendererPresence;
  jobs: JobQueue;
  settings: SettingsStore;
  secrets: SecretStore;
  log: Logger;
  binding: BindingKind;
  /** A person drives this studio (desktop app, dev:web): the first-start demo and background pre-renders are on by default. */
  interactive: boolean;
  /** Files the user designated (dialogs, uploads): renderers pass these grants back, never paths. */
  grants: FileGrants;
  /** Native dialogs and the system browser, where a desktop shell provides them. */
  desktop: DesktopHooks;
  version: string;
  /** Where a packaged app keeps bundled binaries, or null. */
  resourcesPath: string | null;
}
