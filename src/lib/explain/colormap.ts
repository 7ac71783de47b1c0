// Turning [0, 1] maps into colours. The colour schemes come from d3-scale-chromatic; each is
// sampled once into a lookup table (LUT) of RGB bytes, like OpenCV's applyColorMap, so
// colouring a 28×28 map is a table look-up per pixel.
import { rgb } from 'd3-color';
import { interpolateCividis, interpolateRdBu, interpolateTurbo, interpolateViridis } from 'd3-scale-chromatic';
import type { Heatmap } from '../contract/heatmap';

export const COLORMAPS = {
  /**
   * Turbo: Google's improved "jet". Same blue → green → red reading as the jet colormap used
   * in most Grad-CAM figures, but with smooth, monotone-ish lightness and no false bands.
   */
  jet: interpolateTurbo,
  /** Perceptually uniform, lightness increases monotonically; prints well in grayscale. */
  viridis: interpolateViridis,
  /** Colour-blind safe (blue → yellow), optimised for deuteranopia. */
  cividis: interpolateCividis,
  /**
   * RdBu reversed: 0 = blue (negative), 0.5 = near-white (zero), 1 = red (positive). For
   * signed maps centred on 0, e.g. a CAM before ReLU; use applyDiverging.
   */
  diverging: (t: number) => interpolateRdBu(1 - t),
} as const satisfies Record<string, (t: number) => string>;

export type ColormapName = keyof typeof COLORMAPS;

export const COLORMAP_NAMES = Object.keys(COLORMAPS) as ColormapName[];

export const DEFAULT_LUT_SIZE = 256;
/**
 * applyDiverging uses an odd-sized table so that one entry sits exactly on t = 0.5: a zero
 * value gets the scheme's true centre colour, not a slightly red or blue neighbour.
 */
export const DIVERGING_LUT_SIZE = 257;

const lutCache = new Map<string, Uint8Array>();

/** The shared, cached table. Internal: callers get copies so nobody can corrupt the cache. */
function cachedLut(name: ColormapName, n: number): Uint8Array {
  if (!Object.hasOwn(COLORMAPS, name)) throw new RangeError(`colormap: unknown colormap "${String(name)}"`);
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`colormap: LUT size must be an integer ≥ 2, got ${n}`);
  const key = `${name}:${n}`;
  let lut = lutCache.get(key);
  if (!lut) {
    lut = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) {
      const { r, g, b } = rgb(COLORMAPS[name](i / (n - 1)));
      lut.set([Math.round(r), Math.round(g), Math.round(b)], i * 3);
    }
    lutCache.set(key, lut);
  }
  return lut;
}

/** n × 3 RGB bytes, entry i = colormap(i / (n − 1)). A fresh copy on every call. */
export function colormapLut(name: ColormapName, n = DEFAULT_LUT_SIZE): Uint8Array {
  return cachedLut(name, n).slice();
}

/** Paints values t (clamped to [0, 1]) through a LUT into RGBA, alpha 255. */
function paint(values: Float32Array, toUnit: (v: number) => number, lut: Uint8Array, caller: string): Uint8ClampedArray {
  const last = lut.length / 3 - 1;
  const rgba = new Uint8ClampedArray(values.length * 4);
  values.forEach((v, i) => {
    const t = toUnit(v);
    if (Number.isNaN(t)) throw new RangeError(`${caller}: value ${v} at index ${i} is NaN`);
    const entry = Math.round(Math.min(Math.max(t, 0), 1) * last) * 3;
    rgba[i * 4] = lut[entry];
    rgba[i * 4 + 1] = lut[entry + 1];
    rgba[i * 4 + 2] = lut[entry + 2];
    rgba[i * 4 + 3] = 255;
  });
  return rgba;
}

/**
 * RGBA pixels (row-major, alpha 255) for a map already scaled to [0, 1]; values outside are
 * clamped, v goes to LUT entry round(v·(n − 1)). NaN throws RangeError.
 */
export function applyColormap(map01: Heatmap, name: ColormapName, n = DEFAULT_LUT_SIZE): Uint8ClampedArray {
  return paint(map01.data, (v) => v, cachedLut(name, n), 'applyColormap');
}

/**
 * RGBA pixels for a signed map: [−limit, +limit] → blue … white … red, 0 exactly at the centre
 * colour. limit defaults to max |v| (symmetric, so the sign stays readable); an all-zero map
 * is all centre colour. Values beyond ±limit saturate.
 */
export function applyDiverging(map: Heatmap, limit?: number): Uint8ClampedArray {
  let half: number;
  if (limit === undefined) {
    half = 0;
    map.data.forEach((v, i) => {
      if (!Number.isFinite(v)) throw new RangeError(`applyDiverging: value ${v} at index ${i} is not finite`);
      half = Math.max(half, Math.abs(v));
    });
  } else if (limit > 0 && Number.isFinite(limit)) {
    half = limit;
  } else {
    throw new RangeError(`applyDiverging: limit must be a positive finite number, got ${limit}`);
  }
  const toUnit = half === 0 ? () => 0.5 : (v: number) => 0.5 + (0.5 * v) / half;
  return paint(map.data, toUnit, cachedLut('diverging', DIVERGING_LUT_SIZE), 'applyDiverging');
}

/**
 * A horizontal colour bar, `width` × `height` RGBA, low values on the left. For legends under
 * a panel (figures, the widget).
 */
export function colorbar(name: ColormapName, width: number, height: number): Uint8ClampedArray {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`colorbar: size must be positive integers, got ${width}×${height}`);
  }
  const ramp = Float32Array.from({ length: width }, (_, x) => (width === 1 ? 0.5 : x / (width - 1)));
  const lut = name === 'diverging' ? cachedLut(name, DIVERGING_LUT_SIZE) : cachedLut(name, DEFAULT_LUT_SIZE);
  const row = paint(ramp, (v) => v, lut, 'colorbar');
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) rgba.set(row, y * width * 4);
  return rgba;
}
