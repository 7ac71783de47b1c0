// Test fixtures that look like phone photos of a handwritten digit: dark ink on grey, noisy paper
// under a shadow gradient. Made in code from an MNIST digit, so tests and e2e specs can build
// them at any size without shipping image files.
import { resize } from '../../src/lib/data/resample';
import { createRng } from '../../src/lib/rng';

export interface PhotoOptions {
  width: number;
  height: number;
  /** Where the digit's 28×28 frame lands, and its side in pixels. */
  digit: { x: number; y: number; size: number };
  /** Paper brightness in the light corner and in the shadowed corner (0..255). */
  paper?: [number, number];
  /** Ink brightness (dark). */
  ink?: number;
  /** Standard deviation of the paper's grain, in levels. */
  noise?: number;
  seed?: number;
}

/** RGBA pixels (opaque) of a photo of `digit` (28×28, white ink on black as in MNIST). */
export function photoOfDigit(digit: Uint8Array, options: PhotoOptions): Uint8Array {
  const { width, height, digit: place, paper = [215, 105], ink = 45, noise = 7, seed = 5 } = options;
  const inkAlpha = resize(digit, 28, 28, place.size, place.size);
  const rng = createRng(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // The shadow darkens the paper towards the bottom-right corner, smoothly.
      const t = Math.min(1, Math.max(0, (0.6 * x) / width + (0.6 * y) / height - 0.1));
      const level = paper[0] + (paper[1] - paper[0]) * t * t * (3 - 2 * t);
      const dx = x - place.x;
      const dy = y - place.y;
      const a =
        dx >= 0 && dy >= 0 && dx < place.size && dy < place.size ? Math.min(1, Math.max(0, inkAlpha[dy * place.size + dx] / 255)) : 0;
      // Ink is darker where the paper is darker (the shadow falls on both).
      const value = level * (1 - a) + ink * (level / paper[0]) * a + noise * gaussian();
      const v = Math.min(255, Math.max(0, value));
      rgba.set([Math.round(v), Math.round(v * 0.97), Math.round(v * 0.9), 255], (y * width + x) * 4);
    }
  }
  return rgba;
}
