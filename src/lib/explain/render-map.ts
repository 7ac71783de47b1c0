// A map as the widgets draw it: optionally upsampled to the input's 28×28 (bilinear, like the
// figures) or kept at its native grid, scaled to [0, 1] on its own range or on a range shared
// with other panels, and coloured. Pure: RGBA bytes out, the DOM just blits them.
import { applyColormap, applyDiverging, type ColormapName } from './colormap';
import type { Heatmap } from '../contract/heatmap';
import { normalizeMinMax, normalizeWithRange, type ValueRange } from './normalize';
import { upsampleBilinear } from './upsample';

export interface RenderMapOptions {
  colormap: ColormapName;
  /** 'native' keeps e.g. 7×7; a number upsamples (bilinear) to that square size. */
  size: 'native' | number;
  /** Shared colour scale; default: the map's own min–max. Ignored for 'diverging'. */
  range?: ValueRange;
}

export interface RenderedMap {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
  /** The values the colours span (for the colour bar's labels). */
  range: ValueRange;
  /** No spread: drawn as the lowest colour. */
  flat: boolean;
  /** The (possibly upsampled) map that was coloured. */
  map: Heatmap;
}

export function renderMap(map: Heatmap, options: RenderMapOptions): RenderedMap {
  const shown = options.size === 'native' || (map.height === options.size && map.width === options.size) ? map : upsampleBilinear(map, options.size, options.size);
  if (options.colormap === 'diverging') {
    let limit = 0;
    shown.data.forEach((v) => (limit = Math.max(limit, Math.abs(v))));
    return { width: shown.width, height: shown.height, rgba: applyDiverging(shown), range: { min: -limit, max: limit }, flat: limit === 0, map: shown };
  }
  if (options.range) {
    const unit = normalizeWithRange(shown, options.range);
    const flat = options.range.max - options.range.min <= 1e-12 * Math.max(1, Math.abs(options.range.max));
    return { width: shown.width, height: shown.height, rgba: applyColormap(unit, options.colormap), range: options.range, flat, map: shown };
  }
  const n = normalizeMinMax(shown);
  return { width: shown.width, height: shown.height, rgba: applyColormap(n.map, options.colormap), range: { min: n.min, max: n.max }, flat: n.flat, map: shown };
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
