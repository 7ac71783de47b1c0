import { describe, expect, it } from 'vitest';
import { heatmap } from '../contract/heatmap';
import { grayRgba, renderMap } from './render-map';
import { colormapLut } from './colormap';

const ramp = heatmap(
  7,
  7,
  Array.from({ length: 49 }, (_, i) => i),
);

describe('renderMap', () => {
  it('keeps the native grid or upsamples to 28×28', () => {
    const native = renderMap(ramp, { colormap: 'viridis', size: 'native' });
    expect([native.width, native.height, native.rgba.length]).toEqual([7, 7, 49 * 4]);
    const up = renderMap(ramp, { colormap: 'viridis', size: 28 });
    expect([up.width, up.height, up.rgba.length]).toEqual([28, 28, 784 * 4]);
  });

  it('colours the minimum with the first and the maximum with the last LUT entry', () => {
    const r = renderMap(ramp, { colormap: 'viridis', size: 'native' });
    const lut = colormapLut('viridis');
    expect(Array.from(r.rgba.slice(0, 3))).toEqual(Array.from(lut.slice(0, 3)));
    expect(Array.from(r.rgba.slice(48 * 4, 48 * 4 + 3))).toEqual(Array.from(lut.slice(255 * 3, 256 * 3)));
    expect(r.range).toEqual({ min: 0, max: 48 });
  });

  it('uses a shared range when given one', () => {
    const r = renderMap(ramp, { colormap: 'viridis', size: 'native', range: { min: 0, max: 96 } });
    const lut = colormapLut('viridis');
    const mid = Math.round(0.5 * 255) * 3;
    expect(Array.from(r.rgba.slice(48 * 4, 48 * 4 + 3))).toEqual(Array.from(lut.slice(mid, mid + 3)));
  });

  it('reports flat maps and centres signed maps on zero', () => {
    expect(renderMap(heatmap(7, 7, new Array(49).fill(3)), { colormap: 'jet', size: 'native' }).flat).toBe(true);
    const signed = renderMap(heatmap(1, 3, [-2, 0, 1]), { colormap: 'diverging', size: 'native' });
    expect(signed.range).toEqual({ min: -2, max: 2 });
  });

  it('reports the range of the map as given, not of its upsampled copy, so the bar matches the text', () => {
    // Bilinear upsampling of a 2×2 checkerboard never reaches the corners' extremes everywhere,
    // but the range describes the raw grid.
    const r = renderMap(heatmap(2, 2, [0, 10, 10, 0]), { colormap: 'viridis', size: 28 });
    expect(r.range).toEqual({ min: 0, max: 10 });
    expect(r.grid).toBe('2×2');
    expect(r.given).toBe(false);
  });

  it('centres a diverging map on 0 with a given (shared) limit', () => {
    const r = renderMap(heatmap(1, 3, [-1, 0, 1]), { colormap: 'diverging', size: 'native', range: { min: -4, max: 2 } });
    expect(r.range).toEqual({ min: -4, max: 4 });
    expect(r.given).toBe(true);
    // 0 is the centre colour whatever the limit.
    const centre = renderMap(heatmap(1, 1, [0]), { colormap: 'diverging', size: 'native', range: { min: -4, max: 4 } });
    expect(Array.from(r.rgba.slice(4, 7))).toEqual(Array.from(centre.rgba.slice(0, 3)));
  });

  it('turns gray pixels into opaque RGBA', () => {
    expect(Array.from(grayRgba([0, 200]))).toEqual([0, 0, 0, 255, 200, 200, 200, 255]);
  });
});
