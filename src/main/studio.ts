// Runs in Node (main side). The composition root: opens the library and wires every domain's
// services behind the StudioApi. The Electron shell, the loopback bridge and the CLI all start here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { StudioCalls } from '../shared/api/studioApi';
import { onUnexpectedError } from '../shared/errors';
import { openLibrary, type LibraryAccess } from './library/libraryAccess';
import type { LibraryOwner } from './library/libraryLock';
import type { JobInfo } from '../shared/domain/jobs';
import { RendererPresence } from './rendererPresence';
import { noDesktop, type DesktopHooks } from './desktop';
import { startOwnership } from './library/startupRecovery';
import { StudioEventBus } from './events';
import { createLogger, type Logger } from './log';
import type { SecretCipher } from './settings/secretStore';
import type { Db } from './library/database';
import { createServices } from './services';
import type { BindingKind, StudioContext } from './context';
import { configureFfmpeg } from './ffmpeg/ffmpeg';
import { createAppHandlers } from './app/appHandlers';
import { FileGrants } from './files/fileGrants';
import { createFileHandlers } from './files/fileHandlers';
import { Uploads, sweepUploads } from './files/uploads';
import { createLibraryHandlers } from './library/libraryHandlers';
import { createRecordingHandlers } from './recording/recordingHandlers';
import { createLiveHandlers } from './live/liveHandlers';
import { createPodHandlers } from './pod/podHandlers';
import { createMontageHandlers } from './montage/montageHandlers';
import { createBbbHandlers } from './bbb/bbbHandlers';
import { createPenHandlers } from './pen/penHandlers';
import { createBundleHandlers } from './bundle/bundleHandlers';
import { sweepWaitingBundles } from './bundle/bundleJobs';
import { LiveService } from './live/liveService';

export interface StudioOptions {
  libraryDir: string;
  binding: BindingKind;
  cipher?: SecretCipher;
  log?: Logger;
  resourcesPath?: string | null;
  desktop?: DesktopHooks;
  /** See StudioContext.interactive; false for the CLI and tests. */
  interactive?: boolean;
  /** Start the job queue (re-queue interrupted jobs). The CLI starts it only for commands that run jobs. */
  startJobs?: boolean;
  /** 'all' (the app) resumes unfinished jobs; 'own' (a CLI command) runs only the jobs it enqueues. */
  jobScope?: 'all' | 'own';
  /** 'read' accepts a read-only view when another process owns the library (default 'write': refused). */
  access?: LibraryAccess;
  /** Who holds the library, shown to a second process ("Capsule Studio", "capsule render"). */
  purpose?: string;
}

export interface Studio {
  context: StudioContext;
  /**
   * The library database, for tests and tools that inspect it. Domains never get it: they get stores
   * (see src/main/services.ts), and a test scans that no other file runs SQL.
   */
  database: Db;
  calls: StudioCalls;
  /** Set when this studio is a read-only view of a library another live process owns. */
  viewOf: LibraryOwner | null;
  /** Jobs an earlier run left unfinished (resumed in 'all' scope, left waiting in 'own' scope). */
  unfinishedJobs: JobInfo[];
  close(): Promise<void>;
}

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(import.meta.dirname ?? '.', '../../package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    // Bundled builds have no package.json next to the source; the version then comes from the shell.
    return process.env.CAPSULE_STUDIO_VERSION ?? '0.0.0';
  }
}

export async function createStudio(options: StudioOptions): Promise<Studio> {
  const log = options.log ?? createLogger();
  const opened = openLibrary(options.libraryDir, { access: options.access ?? 'write', purpose: options.purpose ?? `Capsule Studio (${options.binding})`, log });
  const db = opened.db;
  // Every error wrapped for the contract or the jobs table is logged here with its stack (toErrorInfo).
  const stopReporting = onUnexpectedError((error, wrapped) =>
    log.error('unexpected error', { code: wrapped.code, message: (error as Error)?.message ?? String(error), stack: (error as Error)?.stack }),
  );
  const events = new StudioEventBus((name, error) => log.error('an event listener failed', { event: name, message: (error as Error)?.message, stack: (error as Error)?.stack }));
  const services = createServices(db, { libraryDir: path.resolve(options.libraryDir), events, log, cipher: options.cipher, runner: opened.lock?.token ?? null });
  const { settings, stores } = services;
  const context: StudioContext = {
    libraryDir: path.resolve(options.libraryDir),
    library: services.library,
    stores,
    media: services.media,
    events,
    renderers: new RendererPresence(),
    jobs: services.jobs,
    settings,
    secrets: services.secrets,
    log,
    binding: options.binding,
    interactive: options.interactive ?? false,
    desktop: options.desktop ?? noDesktop,
    grants: new FileGrants(),
    version: readVersion(),
    resourcesPath: options.resourcesPath ?? null,
  };
  // Locating FFmpeg is cheap but async; failures surface when a job needs it, with a clear message.
  // close() waits for it: its `ffmpeg -version` child must not outlive a studio closed at once.
  const ffmpegLookup = configureFfmpeg({ settingPath: settings.get<string | null>('ffmpegPath', null), resourcesPath: context.resourcesPath }).catch((error: Error) =>
    log.warn('FFmpeg not available', { message: error.message }),
  );

  const takes = stores.takes;
  context.renderers.onGone(() => takes.onRendererGone());
  const live = new LiveService(context);
  const uploads = new Uploads(context.libraryDir, context.grants);
  const calls: StudioCalls = {
    ...createAppHandlers(context),
    ...createFileHandlers(context, context.grants, uploads),
    ...createLibraryHandlers(context),
    ...createRecordingHandlers(context, takes),
    ...createLiveHandlers(context, live),
    ...createPodHandlers(context),
    ...createMontageHandlers(context),
    ...createBbbHandlers(context),
    ...createPenHandlers(takes),
    ...createBundleHandlers(context, takes),
  };

  const readOnly = opened.viewOf !== null;
  if (!readOnly) {
    // Grants live in memory: uploads a previous run left have no grant any more.
    sweepUploads(context.libraryDir);
    // Bundles the browser build wrote for download hold every take: a day's wait is enough.
    const expired = sweepWaitingBundles(context.libraryDir);
    if (expired.length > 0) log.info('bundles not downloaded within a day removed', { count: expired.length });
  }
  // Before any job: what a crashed run left (files, FFmpeg children) goes; this run's are recorded.
  const ownership = await startOwnership(context, opened, services.scratch);
  let unfinishedJobs: JobInfo[] = [];
  if (options.startJobs !== false && !readOnly) {
    unfinishedJobs = context.jobs.start({ scope: options.jobScope ?? 'all' });
    // Takes a crash left mid-recording are repaired in the background and offered back ('take.recovered').
    takes.recoverTakes().catch((error: Error) => log.warn('take recovery failed', { message: error.message }));
  }

  return {
    context,
    database: db,
    calls,
    viewOf: opened.viewOf,
    unfinishedJobs,
    async close() {
      await live.closeAll();
      await takes.close();
      await context.jobs.close();
      uploads.abortAll();
      context.grants.releaseAll();
      ownership.release();
      opened.close();
      stopReporting();
      await ffmpegLookup;
    },
  };
}
