// Runs in the renderer. The features of this build: one import line each, in flow order. Each file
// calls registerFeature() (see ./registry.ts) with its views, slots and messages.
// e.g. import './recording/feature';
import './bbb/feature';
import './bbb/feature';
import './publish/feature';
import './live/feature';
import './recording/feature';
import './pen/feature';
import './montage/feature';
import './screen/feature';
import './background/feature';
import './bbb/feature';
export {};
