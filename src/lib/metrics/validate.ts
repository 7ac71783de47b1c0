// Shared input checks for the metrics. Internal: not re-exported from index.ts.
// Every metric refuses NaN/±Infinity up front so that no result is ever silently NaN.
import type { Heatmap } from '../contract/heatmap';

/** Side of an MNIST image and of the maps compared with it pixel by pixel. */
export { IMAGE_SIZE as MNIST_SIDE, PIXELS_PER_IMAGE as MNIST_PIXELS } from '../contract/constants';
import { IMAGE_SIZE as MNIST_SIDE, PIXELS_PER_IMAGE as MNIST_PIXELS } from '../contract/constants';

export function sizeOf(map: Heatmap): string {
  return `${map.height}×${map.width}`;
}

export function assertFinite(values: ArrayLike<number>, where: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`${where}: value ${values[i]} at index ${i} is not finite`);
  }
}

export function assertMap(map: Heatmap, where: string): void {
  if (map.data.length !== map.height * map.width || map.data.length === 0) {
    throw new RangeError(`${where}: ${map.data.length} values for a ${sizeOf(map)} map`);
  }
  assertFinite(map.data, where);
}

export function assertSameSize(a: Heatmap, b: Heatmap, where: string): void {
  if (a.height !== b.height || a.width !== b.width) {
    throw new RangeError(`${where}: maps must have the same size, got ${sizeOf(a)} and ${sizeOf(b)}`);
  }
}

/** Pixel-wise metrics compare a map with the 28×28 input, so the map must be on the input grid. */
export function assertInputMap(map: Heatmap, where: string): void {
  if (map.height !== MNIST_SIDE || map.width !== MNIST_SIDE) {
    throw new RangeError(`${where}: needs a ${MNIST_SIDE}×${MNIST_SIDE} map (upsample it first), got ${sizeOf(map)}`);
  }
  assertMap(map, where);
}

export function assertImage(image: ArrayLike<number>, where: string): void {
  if (image.length !== MNIST_PIXELS) {
    throw new RangeError(`${where}: needs ${MNIST_PIXELS} gray values (28×28), got ${image.length}`);
  }
  assertFinite(image, where);
}
