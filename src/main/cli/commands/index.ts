// Runs in Node (CLI). Every `capsule` sub-command. Domains append theirs.
import type { CliCommand } from '../command';
import { deleteCommand, listCommand, newCommand, showCommand } from './library';
import { takeAddCommand } from './takeAdd';
import { takeDeleteCommand, takeListCommand, takeUseCommand } from './take';
import { livePushCommand } from './live';
import { bbbCommands } from './bbb';
import { publishCommand } from './publish';
import { podCommands } from './podProfile';
import { demoCommand, renderCommand } from './montage';
import { jobsCommands } from './jobs';
import { migrateCommands } from './migrate';
import { exportCommand, importCommand } from './bundle';

export const commands: CliCommand[] = [newCommand, listCommand, showCommand, deleteCommand, takeAddCommand, takeListCommand, takeUseCommand, takeDeleteCommand, livePushCommand, publishCommand, renderCommand, demoCommand, exportCommand, importCommand, ...bbbCommands, ...podCommands, ...jobsCommands, ...migrateCommands];
