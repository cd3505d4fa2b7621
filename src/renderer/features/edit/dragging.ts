// Runs in the renderer. What is being dragged in the editor (a slide or a whole grain), shared by the
// grains and slide cards that may receive it, and which half of a target the pointer is over.
export type Dragged = { kind: 'slide'; id: string } | { kind: 'grain'; id: string } | null;

/** True when the pointer is over the right half of the element (grains and slides flow left to right). */
export function pointerInRightHalf(event: { clientX: number; currentTarget: Element }): boolean {
  const rect = event.currentTarget.getBoundingClientRect();
  return event.clientX > rect.left + rect.width / 2;
}
