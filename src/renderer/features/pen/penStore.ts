// Runs in the renderer. The pen's shared state: the tool in hand, its colour and width, and the
// drawing session of the slide stage, so the toolbar, its shortcuts and the stage agree.
import { create } from 'zustand';
import { INK_COLORS, INK_WIDTHS, POINTER_COLOR, type InkTool } from '../../../shared/logic/strokes/inkEvents';
import { InkSession } from './inkSession';

/** null: no tool, the slide is only shown. */
export type PenToolChoice = InkTool | 'pointer' | 'eraser' | null;

interface PenState {
  tool: PenToolChoice;
  color: string;
  widthIndex: number;
  session: InkSession;
  slideIndex: number;
  setTool(tool: PenToolChoice): void;
  /** Picks a tool, or puts it down when it is already in hand (what its shortcut does). */
  toggleTool(tool: Exclude<PenToolChoice, null>): void;
  setColor(color: string): void;
  setWidthIndex(index: number): void;
  setSession(session: InkSession): void;
  setSlideIndex(index: number): void;
}

export function rehearsalSession(): InkSession {
  const startedAt = performance.now();
  return new InkSession({ clock: () => performance.now() - startedAt });
}

export const usePenStore = create<PenState>()((set, get) => ({
  tool: null,
  color: INK_COLORS[0],
  widthIndex: 1,
  session: rehearsalSession(),
  slideIndex: 0,
  setTool: (tool) => set({ tool }),
  toggleTool: (tool) => set({ tool: get().tool === tool ? null : tool }),
  setColor: (color) => set({ color }),
  setWidthIndex: (widthIndex) => set({ widthIndex: Math.max(0, Math.min(INK_WIDTHS.length - 1, widthIndex)) }),
  setSession: (session) => set({ session }),
  setSlideIndex: (slideIndex) => set({ slideIndex }),
}));

/** The colour a drawn event gets: the laser pointer has its own. */
export function colorFor(tool: PenToolChoice, color: string): string {
  return tool === 'pointer' ? POINTER_COLOR : color;
}
