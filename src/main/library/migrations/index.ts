// Runs in Node (main side). Every schema step, in order. Domains append their own file here.
import { coreSchema } from './0001-core';
import type { Migration } from './migration';

export const migrations: readonly Migration[] = [coreSchema];
