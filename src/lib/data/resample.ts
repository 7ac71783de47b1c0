// Resizing a gray image in our own code (never the canvas), so the browser and the CLI get the
// same numbers. Downscaling averages over the area each output pixel covers (a box filter with
// fractional edges), so thin strokes fade instead of vanishing as point sampling would make them.
// Upscaling interpolates bilinearly between pixel centres, smooth and without blocky repeats.

interface Tap {
  index: number;
  weight: number;
}

/** Resampling weights for one axis. */
function axisTaps(inLength: number, outLength: number): Tap[][] {
  const ratio = inLength / outLength;
  return Array.from({ length: outLength }, (_, o) => {
    if (outLength < inLength) {
      const from = o * ratio;
      const to = (o + 1) * ratio;
      const taps: Tap[] = [];
      for (let i = Math.floor(from); i < Math.min(Math.ceil(to), inLength); i++) {
        taps.push({ index: i, weight: (Math.min(to, i + 1) - Math.max(from, i)) / ratio });
      }
      return taps;
    }
    const at = Math.min(Math.max((o + 0.5) * ratio - 0.5, 0), inLength - 1);
    const i0 = Math.floor(at);
    const i1 = Math.min(i0 + 1, inLength - 1);
    return [
      { index: i0, weight: 1 - (at - i0) },
      { index: i1, weight: at - i0 },
    ];
  });
}

/** Separable resize of a row-major width×height image (rows first, then columns). */
export function resize(src: ArrayLike<number>, width: number, height: number, outWidth: number, outHeight: number): Float32Array {
  const xTaps = axisTaps(width, outWidth);
  const yTaps = axisTaps(height, outHeight);
  const rowsDone = new Float32Array(outWidth * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < outWidth; x++) {
      let v = 0;
      for (const t of xTaps[x]) v += t.weight * src[y * width + t.index];
      rowsDone[y * outWidth + x] = v;
    }
  }
  const out = new Float32Array(outWidth * outHeight);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      let v = 0;
      for (const t of yTaps[y]) v += t.weight * rowsDone[t.index * outWidth + x];
      out[y * outWidth + x] = v;
    }
  }
  return out;
}

/** The size that fits within maxSide on the long side, keeping the aspect ratio (never upscales). */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
