// Runs in the renderer. What the studio says about itself (version, FFmpeg, where secrets are kept),
// asked once and shared by every view that shows it; asked again after the FFmpeg program changes.
import type { AppInfo } from '../../shared/api/app';
import { toErrorInfo, type StudioErrorInfo } from '../../shared/errors';
import { studio } from '../studio';
import { createResettable } from './resettable';

export interface AppInfoState {
  info: AppInfo | null;
  error: StudioErrorInfo | null;
  load(options?: { force?: boolean }): Promise<void>;
}

let pending: Promise<void> | null = null;

export const useAppInfoStore = createResettable<AppInfoState>((set, get) => ({
  info: null,
  error: null,
  async load(options = {}) {
    if (get().info && !options.force) return;
    if (pending && !options.force) return pending;
    const request = studio()
      .getAppInfo()
      .then(
        (info) => set({ info, error: null }),
        (error: unknown) => set({ error: toErrorInfo(error) }),
      )
      .finally(() => {
        if (pending === request) pending = null;
      });
    pending = request;
    return request;
  },
}));
