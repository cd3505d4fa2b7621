// Runs in the renderer. What the Record step (and later the Live program) places of the pen.
export { PenStage, type PenTake } from './PenStage';
export { PenToolbar } from './PenToolbar';
export { InkReplayStage, TakeInkControls } from './TakeInkReplay';
export { LivePen, type PenProgram } from './LivePen';
