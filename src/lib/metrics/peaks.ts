// Where a map peaks, and how far apart two maps' peaks are in input pixels.
// Maps on different grids (7×7 attention/CAM vs 28×28 Grad-CAM) are compared through
// their cell centres in input coordinates, so nothing is resampled.
import type { Heatmap } from '../contract/heatmap';
import { assertMap } from './validate';

export interface Cell {
  row: number;
  col: number;
}

export interface PeakCells {
  /** The maximum value. */
  value: number;
  /** Every cell counted as a peak, row-major order (first = the first maximum met). */
  cells: Cell[];
}

export interface PeakDistance {
  /** Euclidean distance between the two peak cells' centres, in input pixels. */
  pixels: number;
  /** Peak cell of the first map (of the closest pair when there are ties). */
  from: Cell;
  /** Peak cell of the second map (of the closest pair when there are ties). */
  to: Cell;
  /** How many cells tie for the peak in each map (1 = a unique peak). */
  tiesA: number;
  tiesB: number;
}

// Makes relTol meaningful when the maximum is 0 without letting it cover any visible value:
// the smallest normal float32 (maps are stored as float32).
const TINY = 1.1754943508222875e-38;

/**
 * Values this close (relative to the map's largest magnitude) are the same number computed two
 * ways: float32 rounding differs between tfjs backends (a saturated sigmoid is 1 on one and
 * 0.99999994 on another), and a tie must not depend on the backend.
 */
export const TIE_TOLERANCE = 1e-6;

/**
 * All cells equal to the maximum, in row-major order: cells with
 * |v − max| <= relTol · max(|max|, tiny) count (default: ties up to float32 rounding).
 */
export function peakCells(map: Heatmap, relTol = TIE_TOLERANCE): PeakCells {
  assertMap(map, 'peakCells');
  if (!(relTol >= 0) || !Number.isFinite(relTol)) throw new RangeError(`peakCells: relTol must be >= 0, got ${relTol}`);
  let max = -Infinity;
  for (let i = 0; i < map.data.length; i++) if (map.data[i] > max) max = map.data[i];
  const tol = relTol * Math.max(Math.abs(max), TINY);
  const cells: Cell[] = [];
  for (let i = 0; i < map.data.length; i++) {
    if (Math.abs(map.data[i] - max) <= tol) cells.push({ row: Math.floor(i / map.width), col: i % map.width });
  }
  return { value: max, cells };
}

/** Centre of a cell in input pixel coordinates (x along width, y along height). */
function centre(cell: Cell, map: Heatmap, inputSize: number): { x: number; y: number } {
  return { x: ((cell.col + 0.5) * inputSize) / map.width, y: ((cell.row + 0.5) * inputSize) / map.height };
}

/**
 * Distance between the peaks of a and b in input pixels (a 7×7 cell spans 28/7 = 4 pixels).
 * With tied peaks the closest pair is reported (first such pair in row-major order of a, then b),
 * and tiesA/tiesB say how many cells tied. relTol is passed to peakCells.
 */
export function peakDistancePixels(a: Heatmap, b: Heatmap, inputSize = 28, relTol = TIE_TOLERANCE): PeakDistance {
  if (!(inputSize > 0) || !Number.isFinite(inputSize)) throw new RangeError(`peakDistancePixels: bad inputSize ${inputSize}`);
  const pa = peakCells(a, relTol).cells;
  const pb = peakCells(b, relTol).cells;
  let best: { pixels: number; from: Cell; to: Cell } | null = null;
  for (const ca of pa) {
    const p = centre(ca, a, inputSize);
    for (const cb of pb) {
      const q = centre(cb, b, inputSize);
      const d = Math.hypot(p.x - q.x, p.y - q.y);
      if (best === null || d < best.pixels) best = { pixels: d, from: { ...ca }, to: { ...cb } };
    }
  }
  // peakCells always returns at least one cell for a valid map.
  return { ...best!, tiesA: pa.length, tiesB: pb.length };
}
