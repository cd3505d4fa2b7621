// Runs in the renderer. Finding and focusing the editor's slide cards by slide ID: after a move React
// re-mounts a card in another grain, so focus follows it on the next frame.
export function slideCard(slideId: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`.slide-card[data-slide-id="${CSS.escape(slideId)}"]`);
}

/** Focus a slide's card (or its prompt) once React has re-rendered it (moves re-mount cards in another grain). */
export function focusSlideSoon(slideId: string, part: 'card' | 'prompt' = 'card'): void {
  requestAnimationFrame(() => {
    const card = slideCard(slideId);
    const target = part === 'prompt' ? card?.querySelector<HTMLElement>('textarea') : card;
    target?.focus();
  });
}

/** The slide card the event comes from, when the event target is the card itself (not a field or button in it). */
export function cardTarget(event: KeyboardEvent): string | null {
  const target = event.target;
  if (!(target instanceof HTMLElement) || !target.classList.contains('slide-card')) return null;
  return target.dataset.slideId ?? null;
}
