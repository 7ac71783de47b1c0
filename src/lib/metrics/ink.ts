// Does the explanation point at the digit? MNIST digits are white ink (high values) on black,
// so "ink" = pixels brighter than a threshold. Pixel-wise, so the map must be 28×28.
import type { Heatmap } from '../contract/heatmap';
import type { Cell } from './peaks';
import { assertImage, assertInputMap, MNIST_SIDE } from './validate';

function isInk(image: ArrayLike<number>, i: number, threshold: number): boolean {
  return image[i] / 255 > threshold;
}

function checkThreshold(threshold: number, where: string): void {
  if (!Number.isFinite(threshold)) throw new RangeError(`${where}: bad threshold ${threshold}`);
}

/**
 * Energy-based pointing: share of the map's positive part that falls on ink pixels
 * (pixel / 255 > threshold, strictly). Negative map values count as 0 (Grad-CAM-style maps
 * may be signed; only positive evidence "points"). null when the positive part sums to 0.
 * `image` is 784 gray values 0..255 (Uint8Array or floats), the map must be 28×28.
 */
export function inkEnergy(map: Heatmap, image: ArrayLike<number>, threshold = 0.5): number | null {
  assertInputMap(map, 'inkEnergy');
  assertImage(image, 'inkEnergy');
  checkThreshold(threshold, 'inkEnergy');
  let onInk = 0;
  let total = 0;
  for (let i = 0; i < map.data.length; i++) {
    const v = map.data[i];
    if (v <= 0) continue;
    total += v;
    if (isInk(image, i, threshold)) onInk += v;
  }
  return total > 0 ? onInk / total : null;
}

export interface PointingGameOptions {
  /** Ink = pixel / 255 > threshold (default 0.5). */
  threshold?: number;
  /** Largest Chebyshev distance (pixels) from the peak to an ink pixel that still counts as a hit (default 1). */
  tolerance?: number;
}

export interface PointingGameResult {
  hit: boolean;
  /** The map's peak: the first maximum in row-major order when several cells tie. */
  peak: Cell;
  /** Chebyshev distance (pixels) from the peak to the nearest ink pixel; null when the image has no ink. */
  distance: number | null;
}

/**
 * Pointing game: a hit when an ink pixel lies within `tolerance` pixels (Chebyshev distance,
 * i.e. inside the (2·tolerance+1)² square) of the map's peak. Tied peaks: the first in row-major
 * order is used, so the result is deterministic (use peakCells to see whether there were ties).
 */
export function pointingGame(map: Heatmap, image: ArrayLike<number>, options: PointingGameOptions = {}): PointingGameResult {
  const { threshold = 0.5, tolerance = 1 } = options;
  assertInputMap(map, 'pointingGame');
  assertImage(image, 'pointingGame');
  checkThreshold(threshold, 'pointingGame');
  if (!(tolerance >= 0)) throw new RangeError(`pointingGame: tolerance must be >= 0, got ${tolerance}`);
  let best = 0;
  for (let i = 1; i < map.data.length; i++) if (map.data[i] > map.data[best]) best = i;
  const peak = { row: Math.floor(best / MNIST_SIDE), col: best % MNIST_SIDE };
  let distance: number | null = null;
  for (let i = 0; i < image.length; i++) {
    if (!isInk(image, i, threshold)) continue;
    const d = Math.max(Math.abs(Math.floor(i / MNIST_SIDE) - peak.row), Math.abs((i % MNIST_SIDE) - peak.col));
    if (distance === null || d < distance) distance = d;
  }
  return { hit: distance !== null && distance <= tolerance, peak, distance };
}
