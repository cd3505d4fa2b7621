// Runs in Node (a child process of the security tests). Owns a library the way the app does: opens it
// (taking the library lock), runs one job that holds until a `release` file appears in <controlDir>,
// and reports on stdout, one JSON line per step, so the test can act while the job is running.
// Usage: node --import tsx libraryOwnerProcess.ts <libraryDir> <controlDir>
import { existsSync, watch } from 'node:fs';
import path from 'node:path';
import { createStudio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';

const [libraryDir, controlDir] = process.argv.slice(2) as [string, string];
const say = (message: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(message)}\n`);

const studio = await createStudio({ libraryDir, binding: 'loopback', purpose: 'the lock test owner', log: createLogger(() => undefined) });
const releaseFile = path.join(controlDir, 'release');
studio.context.jobs.register<{ note: string }, { note: string }>({
  kind: 'test.hold',
  async run({ payload, job }) {
    say({ type: 'running', jobId: job.id, pid: process.pid });
    await new Promise<void>((resolve) => {
      const watcher = watch(controlDir, () => {
        if (existsSync(releaseFile)) {
          watcher.close();
          resolve();
        }
      });
      if (existsSync(releaseFile)) {
        watcher.close();
        resolve();
      }
    });
    return { note: payload.note };
  },
});
const job = studio.context.jobs.enqueue('test.hold', { note: 'held' }, { title: 'A job held by the owner' });
const finished = await studio.context.jobs.wait(job.id);
say({ type: 'finished', jobId: job.id, state: finished.state, attempts: finished.attempts });
await studio.close();
say({ type: 'closed' });
