// Runs in the renderer. Keeps a stroke's pointer events coming to the drawing surface when the pen
// leaves it mid-stroke (pointer capture). A pointer the browser no longer tracks (already lifted, or
// an event a script made) cannot be captured: the stroke is then drawn without capture.
export function capturePointer(element: Element, pointerId: number): void {
  try {
    element.setPointerCapture(pointerId);
  } catch (error) {
    if (!(error instanceof DOMException && error.name === 'NotFoundError')) throw error;
  }
}
