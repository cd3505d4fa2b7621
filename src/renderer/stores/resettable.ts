// Runs in the renderer. zustand stores that can be put back to their initial state, as zustand's
// testing guide does with its `storeResetFns` set: every store made here records its initial state,
// and resetAllStores() restores them all (between tests, and when the bridge reconnects to another
// library). Stores also register extra cleanup (timers) through onReset.
import { create, type StateCreator, type StoreApi, type UseBoundStore } from 'zustand';

const resetFns = new Set<() => void>();

export function createResettable<T extends object>(initializer: StateCreator<T, [], []>): UseBoundStore<StoreApi<T>> {
  const store = create<T>()(initializer);
  const initialState = store.getInitialState();
  resetFns.add(() => store.setState(initialState, true));
  return store;
}

export function onReset(cleanup: () => void): void {
  resetFns.add(cleanup);
}

export function resetAllStores(): void {
  for (const reset of resetFns) reset();
}
