// Runs in Node (main side). The first start of the app puts the demo capsule in the library, so a
// new user has something to open, play and render at once. Only once: a deleted demo stays deleted.
import type { StudioContext } from './context';
import { ensureDemoCapsule } from './montage/demoCapsule';

const DEMO_OFFERED = 'firstStart.demoOffered';

export function offerDemoOnFirstStart(ctx: StudioContext): void {
  if (ctx.settings.get<boolean>(DEMO_OFFERED, false)) return;
  if (ctx.library.list().length > 0) {
    ctx.settings.set(DEMO_OFFERED, true);
    return;
  }
  ensureDemoCapsule(ctx).then(
    () => ctx.settings.set(DEMO_OFFERED, true),
    // Not fatal: the app works without the demo (for example without FFmpeg); the next start tries again.
    (error: Error) => ctx.log.warn('the demo capsule could not be built', { message: error.message }),
  );
}
