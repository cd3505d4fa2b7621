// Runs in Node (main side). Every schema step, in order. Each domain keeps the files that create its own
// tables in its folder (src/main/<domain>/migrations/NNNN-name.ts); this list orders them by number.
// Versions 1 and 7 created tables for several domains: each domain keeps its share, run here in order.
import { libraryCoreSchema } from './0001-library';
import { takesCoreSchema } from '../../recording/migrations/0001-takes';
import { settingsCoreSchema } from '../../settings/migrations/0001-settings';
import { jobsCoreSchema } from '../../jobs/migrations/0001-jobs';
import { recordingSchema } from '../../recording/migrations/0002-recording';
import { montageSchema } from '../../montage/migrations/0003-montage';
import { podSchema } from '../../pod/migrations/0004-pod';
import { bbbSchema } from '../../bbb/migrations/0005-bbb';
import { liveSchema } from '../../live/migrations/0006-live';
import { libraryOwnershipSchema } from './0007-ownership';
import { jobRunnerSchema } from '../../jobs/migrations/0007-job-runner';
import { montageGrainChoicesCaptionsSchema } from '../../montage/migrations/0008-montage-grain-choices-captions';
import { migrateSchema } from '../../migrate/migrations/0009-migrate';
import { takeInkSchema } from '../../recording/migrations/0010-take-ink';
import { grainKindSchema } from './0011-grain-kind';
import { screenTakesSchema } from '../../recording/migrations/0011-screen-takes';
import { takeBackgroundSchema } from '../../recording/migrations/0012-take-background';
import { sharedMigration, type Migration } from './migration';

export const migrations: readonly Migration[] = [
  sharedMigration(1, 'core', [libraryCoreSchema, takesCoreSchema, settingsCoreSchema, jobsCoreSchema]),
  recordingSchema,
  montageSchema,
  podSchema,
  bbbSchema,
  liveSchema,
  sharedMigration(7, 'ownership', [libraryOwnershipSchema, jobRunnerSchema]),
  montageGrainChoicesCaptionsSchema,
  migrateSchema,
  takeInkSchema,
  sharedMigration(11, 'screen-grains', [grainKindSchema, screenTakesSchema]),
  takeBackgroundSchema,
];
