// Runs in the renderer (pure, unit-tested in Node). The green-screen key of the live program, computed
// like FFmpeg's `colorkey` filter that the montage uses, so a keyed camera looks the same live and in
// the montage: alpha from the RGB distance to the key colour, with `similarity` and `blend`.

export function parseHexColor(color: string): [number, number, number] {
  const hex = color.replace(/^#/, '');
  return [Number.parseInt(hex.slice(0, 2), 16) || 0, Number.parseInt(hex.slice(2, 4), 16) || 0, Number.parseInt(hex.slice(4, 6), 16) || 0];
}

/** FFmpeg colorkey: diff = √((Δr² + Δg² + Δb²) / (3 · 255²)); alpha = clip((diff − similarity) / blend). */
export function colorKeyAlpha(r: number, g: number, b: number, key: readonly [number, number, number], similarity: number, blend: number): number {
  const dr = r - key[0];
  const dg = g - key[1];
  const db = b - key[2];
  const diff = Math.sqrt((dr * dr + dg * dg + db * db) / (255 * 255 * 3));
  if (blend > 0.0001) return Math.min(1, Math.max(0, (diff - similarity) / blend));
  return diff > similarity ? 1 : 0;
}

/** Keys RGBA pixels in place (ImageData.data); multiplies the existing alpha. */
export function applyColorKey(pixels: Uint8ClampedArray, color: string, similarity: number, blend: number): void {
  const key = parseHexColor(color);
  for (let index = 0; index < pixels.length; index += 4) {
    const alpha = colorKeyAlpha(pixels[index]!, pixels[index + 1]!, pixels[index + 2]!, key, similarity, blend);
    pixels[index + 3] = Math.round(pixels[index + 3]! * alpha);
  }
}
