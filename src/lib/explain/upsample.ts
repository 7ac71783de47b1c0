// Resizing coarse maps (the 7×7 attention map, CAM and Grad-CAM) to the 28×28 input so they
// can be laid over the digit. Both methods use half-pixel centres, the convention of
// cv2.resize, PyTorch F.interpolate(align_corners=False) and tfjs with halfPixelCenters=true,
// so the maps here match what the lesson's PyTorch notebooks show.
import type { Heatmap } from '../contract/heatmap';

export type UpsampleMethod = 'bilinear' | 'nearest';

export type MapSize = number | { height: number; width: number };

function checkTarget(height: number, width: number, caller: string): void {
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new RangeError(`${caller}: target size must be positive integers, got ${height}×${width}`);
  }
}

interface AxisSample {
  /** Lower neighbour index. */
  low: number;
  /** Upper neighbour index (equal to low at the edges). */
  high: number;
  /** Weight of the upper neighbour, in [0, 1]. */
  frac: number;
}

/**
 * Where each output pixel centre falls in the input along one axis:
 * source = (out + 0.5)·(in/out) − 0.5, clamped to [0, in − 1]. Clamping at the edges repeats
 * the border value (cv2's BORDER_REPLICATE), which is what keeps the mean of an integer-factor
 * upsampling equal to the mean of the input.
 */
function bilinearAxis(inLength: number, outLength: number): AxisSample[] {
  const ratio = inLength / outLength;
  return Array.from({ length: outLength }, (_, o) => {
    const source = Math.min(Math.max((o + 0.5) * ratio - 0.5, 0), inLength - 1);
    const low = Math.floor(source);
    return { low, high: Math.min(low + 1, inLength - 1), frac: source - low };
  });
}

/**
 * Half-pixel-centre bilinear resize (cv2 INTER_LINEAR, F.interpolate bilinear with
 * align_corners=False, tf.image.resizeBilinear(x, size, false, true)). Computed in float64,
 * stored as float32. Shrinking works too, without antialiasing (like cv2 INTER_LINEAR).
 */
export function upsampleBilinear(map: Heatmap, height: number, width: number): Heatmap {
  checkTarget(height, width, 'upsampleBilinear');
  const rows = bilinearAxis(map.height, height);
  const cols = bilinearAxis(map.width, width);
  const src = map.data;
  const inWidth = map.width;
  const out = new Float32Array(height * width);
  for (let y = 0; y < height; y++) {
    const { low: y0, high: y1, frac: fy } = rows[y];
    for (let x = 0; x < width; x++) {
      const { low: x0, high: x1, frac: fx } = cols[x];
      const top = src[y0 * inWidth + x0] * (1 - fx) + src[y0 * inWidth + x1] * fx;
      const bottom = src[y1 * inWidth + x0] * (1 - fx) + src[y1 * inWidth + x1] * fx;
      out[y * width + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return { height, width, data: out };
}

/**
 * Nearest-neighbour resize with half-pixel centres, matching
 * tf.image.resizeNearestNeighbor(x, size, false, true) on the cpu backend:
 * source = min(in − 1, floor((out + 0.5)·in/out)). Shows the coarse cells as blocks, honest
 * about the map's real resolution.
 */
export function upsampleNearest(map: Heatmap, height: number, width: number): Heatmap {
  checkTarget(height, width, 'upsampleNearest');
  const nearest = (inLength: number, outLength: number) =>
    Array.from({ length: outLength }, (_, o) => Math.min(inLength - 1, Math.floor((o + 0.5) * (inLength / outLength))));
  const rows = nearest(map.height, height);
  const cols = nearest(map.width, width);
  const out = new Float32Array(height * width);
  for (let y = 0; y < height; y++) {
    const rowStart = rows[y] * map.width;
    for (let x = 0; x < width; x++) out[y * width + x] = map.data[rowStart + cols[x]];
  }
  return { height, width, data: out };
}

/** Resize to `size` (a number means a square) with the chosen method. */
export function upsample(map: Heatmap, size: MapSize, method: UpsampleMethod = 'bilinear'): Heatmap {
  const { height, width } = typeof size === 'number' ? { height: size, width: size } : size;
  switch (method) {
    case 'bilinear':
      return upsampleBilinear(map, height, width);
    case 'nearest':
      return upsampleNearest(map, height, width);
    default:
      throw new RangeError(`upsample: unknown method ${String(method)}`);
  }
}
