// Runs in Node (main side). The one place that gives each domain's store the library database: every table
// belongs to one domain and only that domain's store runs SQL on it; the others get the store, never the
// database. studio.ts builds the StudioContext from these, so the app, the loopback bridge and the CLI share them.
import type { Db } from './library/database';
import type { StudioEventBus } from './events';
import type { Logger } from './log';
import { CapsuleLibrary } from './library/capsuleLibrary';
import { MediaRefs } from './library/mediaRefs';
import { ScratchRegistry } from './library/scratchRegistry';
import { JobQueue } from './jobs/jobQueue';
import { SecretStore, plainCipher, type SecretCipher } from './settings/secretStore';
import { SettingsStore } from './settings/settingsStore';
import { TakeStore } from './recording/takeStore';
import { MontageStore } from './montage/montageStore';
import { PodProfileStore } from './pod/profileStore';
import { PodPublicationStore } from './pod/publicationStore';
import { PodVocabularyCache } from './pod/vocabulary';
import { BbbProfileStore } from './bbb/profileStore';
import { BbbRecordingCache } from './bbb/recordingCache';
import { StreamProfiles } from './live/streamProfiles';
import { LiveSessionStore } from './live/liveSessionStore';
import { MigrationStore } from './migrate/migrationStore';

/** The stores of the domains beyond the library, jobs, settings and secrets (which the context names itself). */
export interface DomainStores {
  /** recording: takes */
  takes: TakeStore;
  /** montage: montage_settings, montage_trims, montage_segments, montage_renders, montage_grain_choices, montage_captions */
  montage: MontageStore;
  /** pod: pod_profiles (and pod_vocabularies entries of a changed profile) */
  podProfiles: PodProfileStore;
  /** pod: pod_publications */
  podPublications: PodPublicationStore;
  /** pod: pod_vocabularies */
  podVocabularies: PodVocabularyCache;
  /** bbb: bbb_profiles (and the cache of a changed profile) */
  bbbProfiles: BbbProfileStore;
  /** bbb: bbb_recording_cache, bbb_list_state */
  bbbRecordings: BbbRecordingCache;
  /** live: live_stream_profiles */
  streamProfiles: StreamProfiles;
  /** live: live_sessions */
  liveSessions: LiveSessionStore;
  /** migrate: bbb_pod_migrations */
  migrations: MigrationStore;
}

export interface StudioServices {
  /** library: capsules, grains, slides */
  library: CapsuleLibrary;
  media: MediaRefs;
  /** jobs: jobs */
  jobs: JobQueue;
  /** settings: settings */
  settings: SettingsStore;
  /** settings: secrets */
  secrets: SecretStore;
  stores: DomainStores;
  /** library: scratch_entries (what this run's FFmpeg children and outputs leave, for the next start). */
  scratch: ScratchRegistry;
}

export interface ServiceOptions {
  libraryDir: string;
  events: StudioEventBus;
  log: Logger;
  cipher?: SecretCipher;
  /** This process's library-lock token (see JobQueue), or null in a read-only view. */
  runner: string | null;
}

export function createServices(db: Db, options: ServiceOptions): StudioServices {
  const { libraryDir, events, log } = options;
  const settings = new SettingsStore(db);
  const secrets = new SecretStore(db, options.cipher ?? plainCipher);
  const jobs = new JobQueue(db, events, log, options.runner);
  // The library asks the take store about takes (merging grains, dropping empty ones); built just below.
  let takes: TakeStore | null = null;
  const library = new CapsuleLibrary(db, libraryDir, events, () => takes!);
  takes = new TakeStore({ db, libraryDir, library, settings, events, jobs, log });
  const montage = new MontageStore(db, takes, library);

  // Media references, each resolved by the domain that owns its rows.
  const media = new MediaRefs();
  media.register('slide', (id) => library.slideFile(id, 'image'));
  media.register('thumb', (id) => library.slideFile(id, 'thumb'));
  media.register('take', (id) => takes.mediaFile(id));
  // Screen grains and the virtual background (issue #15): the screen track and the processed camera.
  media.register('screen', (id) => takes.screenMediaFile(id));
  media.register('processed', (id) => takes.processedMediaFile(id));
  // Finished videos, so the renderer can play a render, download it and show it in its folder without naming its path.
  media.register('render', (id) => montage.renderFile(id));

  return {
    library,
    media,
    jobs,
    settings,
    secrets,
    scratch: new ScratchRegistry(db, options.runner),
    stores: {
      takes,
      montage,
      podProfiles: new PodProfileStore(db, secrets),
      podPublications: new PodPublicationStore(db),
      podVocabularies: new PodVocabularyCache(db),
      bbbProfiles: new BbbProfileStore(db, secrets),
      bbbRecordings: new BbbRecordingCache(db),
      streamProfiles: new StreamProfiles(db, secrets),
      liveSessions: new LiveSessionStore(db),
      migrations: new MigrationStore(db),
    },
  };
}
