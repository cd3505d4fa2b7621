// Runs in the renderer. The editor's keys (the 'editor' scope of the one shortcut table), acting on the
// focused slide card: move focus between slides, edit its prompt, move it within or across grains,
// split or merge grains, move its grain; Escape in a prompt goes back to its card.
import { useShortcuts } from '../../hooks/useShortcuts';
import { canSplitAt, locateSlide, neighbourSlide } from '../../logic/grainMoves';
import { useEditorStore } from '../../stores/editorStore';
import { cardTarget, focusSlideSoon, slideCard } from './slideFocus';

export function useEditorKeys(): void {
  useShortcuts(['editor'], (id, event) => {
    const editor = useEditorStore.getState();
    const current = editor.capsule;
    if (!current) return false;
    if (id === 'leavePrompt') {
      const target = event.target instanceof HTMLElement ? event.target.closest<HTMLElement>('.slide-card') : null;
      if (!target || event.target === target) return false;
      target.focus();
      return;
    }
    const slideId = cardTarget(event);
    if (!slideId) return false;
    const location = locateSlide(current, slideId);
    if (!location) return false;
    switch (id) {
      case 'focusPreviousSlide':
      case 'focusNextSlide': {
        const next = neighbourSlide(current, slideId, id === 'focusNextSlide' ? 1 : -1);
        if (next) slideCard(next.id)?.focus();
        return;
      }
      case 'editPrompt':
        focusSlideSoon(slideId, 'prompt');
        return;
      case 'moveSlideBack':
      case 'moveSlideForward':
        void editor.stepSlide(slideId, id === 'moveSlideForward' ? 1 : -1).then(() => focusSlideSoon(slideId));
        return;
      case 'splitGrain':
        if (canSplitAt(current, slideId)) void editor.splitAt(slideId).then(() => focusSlideSoon(slideId));
        return;
      case 'mergeGrain':
        if (location.grainIndex > 0) void editor.mergeWithPrevious(location.grain.id).then(() => focusSlideSoon(slideId));
        return;
      case 'moveGrainUp':
      case 'moveGrainDown':
        void editor.stepGrain(location.grain.id, id === 'moveGrainDown' ? 1 : -1).then(() => focusSlideSoon(slideId));
        return;
      default:
        return false;
    }
  });
}
