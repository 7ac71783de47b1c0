// A map as the widgets draw it: optionally upsampled to the input's 28×28 (bilinear, like the
// figures) or kept at its native grid, scaled to [0, 1] on its own range or on a range shared
// with other panels, and coloured. Pure: RGBA bytes out, the DOM just blits them.
import { applyColormap, applyDiverging, type ColormapName } from './colormap';
import type { Heatmap } from '../contract/heatmap';
import { normalizeWithRange, type ValueRange } from './normalize';
import { upsampleBilinear } from './upsample';

export interface RenderMapOptions {
  colormap: ColormapName;
  /** 'native' keeps e.g. 7×7; a number upsamples (bilinear) to that square size. */
  size: 'native' | number;
  /**
   * The colour scale's range (shared with other panels, or fixed like attention's 0–1); default:
   * the range of the map as given (before upsampling). For 'diverging' the limit is
   * max(|min|, |max|), centred on 0.
   */
  range?: ValueRange;
}

export interface RenderedMap {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
  /** The values the colours span (for the colour bar's labels). */
  range: ValueRange;
  /** Whether `range` was given (shared or fixed) rather than the map's own. */
  given: boolean;
  /** The grid of the map whose values the range describes, e.g. "7×7" (not the upsampled one). */
  grid: string;
  /** No spread: drawn as the lowest (or, diverging, the centre) colour. */
  flat: boolean;
  /** The (possibly upsampled) map that was coloured. */
  map: Heatmap;
}

/** The min and max of a map's values (the raw grid's, so the bar and the text agree). */
export function mapRange(map: Heatmap): ValueRange {
  let min = Infinity;
  let max = -Infinity;
  map.data.forEach((v) => {
    min = Math.min(min, v);
    max = Math.max(max, v);
  });
  return { min, max };
}

const isFlat = (range: ValueRange) => range.max - range.min <= 1e-12 * Math.max(1, Math.abs(range.max));

export function renderMap(map: Heatmap, options: RenderMapOptions): RenderedMap {
  const shown =
    options.size === 'native' || (map.height === options.size && map.width === options.size)
      ? map
      : upsampleBilinear(map, options.size, options.size);
  const range = options.range ?? mapRange(map);
  const base = {
    width: shown.width,
    height: shown.height,
    given: options.range !== undefined,
    grid: `${map.height}×${map.width}`,
    map: shown,
  };
  if (options.colormap === 'diverging') {
    const limit = Math.max(Math.abs(range.min), Math.abs(range.max));
    const ok = limit > 0 && Number.isFinite(limit);
    return { ...base, rgba: applyDiverging(shown, ok ? limit : undefined), range: { min: -limit, max: limit }, flat: !ok };
  }
  return { ...base, rgba: applyColormap(normalizeWithRange(shown, range), options.colormap), range, flat: isFlat(range) };
}

/** The digit as RGBA gray. */
export function grayRgba(pixels: ArrayLike<number>): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(pixels.length * 4);
  for (let i = 0; i < pixels.length; i++) {
    rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = pixels[i];
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}
