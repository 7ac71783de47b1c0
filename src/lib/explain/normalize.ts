// Rescaling maps for display. Explanations come in arbitrary units (a CAM is in logit units,
// attention weights sum to 1), so before colouring they are mapped to [0, 1] — either each map
// on its own (min–max) or several maps on one shared scale, so panels can be compared.
import type { Heatmap } from '../contract/heatmap';

export interface ValueRange {
  min: number;
  max: number;
}

export interface NormalizedMap {
  /** Values in [0, 1]; all zeros when the input was flat. */
  map: Heatmap;
  /** True when the input had no spread (max − min within FLAT_TOLERANCE). */
  flat: boolean;
  /** Input minimum and maximum, for labelling a colour bar. */
  min: number;
  max: number;
}

/**
 * A map counts as flat when max − min ≤ FLAT_TOLERANCE · max(1, |min|, |max|): an absolute
 * tolerance for maps near zero, a relative one for large values. Far below float32 resolution
 * (~1e-7 relative), so only genuinely constant maps (e.g. a dead ReLU Grad-CAM, all zeros)
 * are flat; dividing by their "range" would only amplify rounding noise into a random picture.
 */
export const FLAT_TOLERANCE = 1e-12;

function isFlat({ min, max }: ValueRange): boolean {
  return max - min <= FLAT_TOLERANCE * Math.max(1, Math.abs(min), Math.abs(max));
}

function finiteRange(map: Heatmap, caller: string): ValueRange {
  let min = Infinity;
  let max = -Infinity;
  map.data.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new RangeError(`${caller}: value ${v} at index ${i} is not finite`);
    if (v < min) min = v;
    if (v > max) max = v;
  });
  return { min, max };
}

function rescale(map: Heatmap, { min, max }: ValueRange, clampToUnit: boolean): Heatmap {
  const span = max - min;
  const data = new Float32Array(map.data.length);
  map.data.forEach((v, i) => {
    const t = (v - min) / span;
    data[i] = clampToUnit ? Math.min(Math.max(t, 0), 1) : t;
  });
  return { height: map.height, width: map.width, data };
}

/** (v − min) / (max − min). Throws RangeError on NaN/±Infinity, naming the first bad index. */
export function normalizeMinMax(map: Heatmap): NormalizedMap {
  const range = finiteRange(map, 'normalizeMinMax');
  if (isFlat(range)) {
    return { map: { height: map.height, width: map.width, data: new Float32Array(map.data.length) }, flat: true, ...range };
  }
  return { map: rescale(map, range, false), flat: false, ...range };
}

/** max(0, v): keeps only evidence for the class, as Grad-CAM does before display. */
export function relu(map: Heatmap): Heatmap {
  // `v > 0 ? v : 0` rather than Math.max so −0 also becomes +0.
  return { height: map.height, width: map.width, data: map.data.map((v) => (v > 0 ? v : 0)) };
}

/** The min and max over several maps, for one colour scale shared across panels. */
export function sharedRange(maps: readonly Heatmap[]): ValueRange {
  if (maps.length === 0) throw new RangeError('sharedRange: no maps given');
  return maps
    .map((m, k) => finiteRange(m, `sharedRange (map ${k})`))
    .reduce((a, b) => ({ min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) }));
}

/**
 * (v − range.min) / (range.max − range.min), clamped to [0, 1] (a value outside the shared
 * range saturates instead of leaving the colour scale). A flat range gives all zeros.
 */
export function normalizeWithRange(map: Heatmap, range: ValueRange): Heatmap {
  if (!Number.isFinite(range.min) || !Number.isFinite(range.max) || range.max < range.min) {
    throw new RangeError(`normalizeWithRange: bad range [${range.min}, ${range.max}]`);
  }
  finiteRange(map, 'normalizeWithRange');
  if (isFlat(range)) return { height: map.height, width: map.width, data: new Float32Array(map.data.length) };
  return rescale(map, range, true);
}
