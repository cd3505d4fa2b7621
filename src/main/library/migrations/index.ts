// Runs in Node (main side). Every schema step, in order. Domains append their own file here.
import { coreSchema } from './0001-core';
import { recordingSchema } from './0002-recording';
import { montageSchema } from './0003-montage';
import { podSchema } from './0004-pod';
import { bbbSchema } from './0005-bbb';
import { liveSchema } from './0006-live';
import { ownershipSchema } from './0007-ownership';
import { montageGrainChoicesCaptionsSchema } from './0008-montage-grain-choices-captions';
import { screenGrainsSchema } from './0009-screen-grains';
import { takeBackgroundSchema } from './0010-take-background';
import type { Migration } from './migration';

export const migrations: readonly Migration[] = [coreSchema, recordingSchema, montageSchema, podSchema, bbbSchema, liveSchema, ownershipSchema, montageGrainChoicesCaptionsSchema, screenGrainsSchema, takeBackgroundSchema];
