// Runs in the renderer (pure). "Cover" scaling of a background image, as CSS `object-fit: cover`: the
// part of the image that fills the whole picture at one scale, centred, cropping the overflowing sides
// instead of stretching the image or leaving bands.

export interface SourceRect {
  sx: number;
  sy: number;
  sw: number;
  sh: number;
}

/** The centred part of a `imageWidth`×`imageHeight` image to draw over the whole `width`×`height` picture. */
export function coverRect(imageWidth: number, imageHeight: number, width: number, height: number): SourceRect {
  if (!(imageWidth > 0 && imageHeight > 0 && width > 0 && height > 0)) return { sx: 0, sy: 0, sw: Math.max(0, imageWidth), sh: Math.max(0, imageHeight) };
  // The larger scale fills both sides; the other side overflows and is cropped evenly.
  const scale = Math.max(width / imageWidth, height / imageHeight);
  const sw = Math.min(imageWidth, width / scale);
  const sh = Math.min(imageHeight, height / scale);
  return { sx: (imageWidth - sw) / 2, sy: (imageHeight - sh) / 2, sw, sh };
}
