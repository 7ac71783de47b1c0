import { describe, expect, it } from 'vitest';
import { heatmap } from '../contract/heatmap';
import { grayRgba, renderMap } from './render-map';
import { colormapLut } from './colormap';

const ramp = heatmap(7, 7, Array.from({ length: 49 }, (_, i) => i));

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

  it('turns gray pixels into opaque RGBA', () => {
    expect(Array.from(grayRgba([0, 200]))).toEqual([0, 0, 0, 255, 200, 200, 200, 255]);
  });
});
