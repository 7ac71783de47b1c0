// From decoded pixels (RGBA from pngjs, jpeg-js or the browser's getImageData, or 1-channel
// gray) to one 8-bit gray value per pixel: BT.601 luma, with transparent pixels composited
// over a background chosen from the content. The CLI and the browser both call this, so a
// transparent PNG reads the same everywhere.

export interface DecodedPixels {
  width: number;
  height: number;
  /** 1: gray; 4: RGBA, not premultiplied (straight alpha). */
  channels: 1 | 4;
  data: Uint8Array | Uint8ClampedArray;
}

export interface GrayPixels {
  width: number;
  height: number;
  /** Row-major gray values 0..255 (not yet inverted or centred). */
  gray: Uint8Array;
  /** Set only when some pixels were transparent: the background they were composited over. */
  compositedOver?: 'white' | 'black';
}

/** ITU-R BT.601 luma, the weights of PIL's convert('L') and cv2's COLOR_RGB2GRAY. */
export const luma = (r: number, g: number, b: number) => 0.299 * r + 0.587 * g + 0.114 * b;

/**
 * The background that transparent pixels are composited over. A drawing saved with a
 * transparent background is mostly dark strokes (a pen on a light page), so by default it goes
 * over WHITE, and centring later inverts the light background. But strokes exported from a dark
 * canvas (or a white digit on transparency) are light; over white they would vanish. So: if the
 * visible (alpha-weighted) content is light on average, composite over BLACK instead. Either way
 * the strokes keep their contrast against the background.
 */
export function compositeBackground(rgba: Uint8Array | Uint8ClampedArray): 'white' | 'black' {
  let weighted = 0;
  let opacity = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    const alpha = rgba[i + 3] / 255;
    weighted += alpha * luma(rgba[i], rgba[i + 1], rgba[i + 2]);
    opacity += alpha;
  }
  return opacity > 0 && weighted / opacity > 127.5 ? 'black' : 'white';
}

function hasTransparency(rgba: Uint8Array | Uint8ClampedArray): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] < 255) return true;
  return false;
}

/** Gray values of decoded pixels. Does not modify the input. */
export function pixelsToGray({ width, height, channels, data }: DecodedPixels): GrayPixels {
  if (data.length !== width * height * channels) {
    throw new RangeError(`pixelsToGray: ${width}×${height}×${channels} needs ${width * height * channels} values, got ${data.length}`);
  }
  if (channels === 1) return { width, height, gray: Uint8Array.from(data) };
  const background = hasTransparency(data) ? compositeBackground(data) : undefined;
  const backgroundLevel = background === 'white' ? 255 : 0;
  const gray = new Uint8Array(width * height);
  for (let p = 0; p < gray.length; p++) {
    const i = p * 4;
    const value = luma(data[i], data[i + 1], data[i + 2]);
    const alpha = data[i + 3] / 255;
    gray[p] = Math.round(alpha * value + (1 - alpha) * backgroundLevel);
  }
  return { width, height, gray, ...(background ? { compositedOver: background } : {}) };
}
