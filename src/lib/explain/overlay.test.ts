import { describe, expect, it } from 'vitest';
import { colormapLut } from './colormap';
import { heatmap } from '../contract/heatmap';
import { alphaBlend, overlay } from './overlay';

const pixel = (rgba: Uint8ClampedArray, i: number) => Array.from(rgba.subarray(i * 4, i * 4 + 4));

describe('overlay (show_cam_on_image)', () => {
  it('blends, divides by the brightest channel and scales to 255 (hand-computed)', () => {
    const jet = colormapLut('jet');
    const low = Array.from(jet.subarray(0, 3)); // turbo(0) = (35, 23, 27)
    const high = Array.from(jet.subarray(255 * 3)); // turbo(1) = (144, 12, 0)
    expect([low, high]).toEqual([
      [35, 23, 27],
      [144, 12, 0],
    ]);
    // Pixel 0: white image under map 0; pixel 1: black image under map 1.
    const out = overlay(new Uint8Array([255, 0]), heatmap(1, 2, [0, 1]), { colormap: 'jet', imageWeight: 0.5 });
    // cam = 0.5·c/255 + 0.5·gray: pixel 0 = (0.5686, 0.5451, 0.5529), pixel 1 = (0.2824, 0.0235, 0)
    const cam0 = low.map((c) => 0.5 * (c / 255) + 0.5);
    const cam1 = high.map((c) => 0.5 * (c / 255));
    const max = Math.max(...cam0, ...cam1); // 0.5686 (pixel 0, red)
    expect(pixel(out, 0)).toEqual([...cam0.map((v) => Math.round((255 * v) / max)), 255]);
    expect(pixel(out, 1)).toEqual([...cam1.map((v) => Math.round((255 * v) / max)), 255]);
    expect(pixel(out, 0)).toEqual([255, 244, 248, 255]);
    expect(pixel(out, 1)).toEqual([127, 11, 0, 255]);
  });

  it('imageWeight 0 gives the pure colour map rescaled so its brightest channel is 255', () => {
    const out = overlay(new Uint8Array([200]), heatmap(1, 1, [1]), { imageWeight: 0 });
    expect(pixel(out, 0)).toEqual([255, Math.round((12 / 144) * 255), 0, 255]);
  });

  it('never divides by zero', () => {
    const out = overlay(new Uint8Array([0, 0]), heatmap(1, 2, [0, 0]), { imageWeight: 1 });
    expect(Array.from(out)).toEqual([0, 0, 0, 255, 0, 0, 0, 255]);
  });

  it('checks sizes and weights, and leaves its inputs alone', () => {
    const image = new Uint8Array([10, 20, 30, 40]);
    const map = heatmap(2, 2, [0, 0.3, 0.6, 1]);
    overlay(image, map, { colormap: 'viridis', imageWeight: 0.3 });
    expect(Array.from(image)).toEqual([10, 20, 30, 40]);
    expect(Array.from(map.data)).toEqual([0, 0.3, 0.6, 1].map(Math.fround));
    expect(() => overlay(new Uint8Array(3), map)).toThrow(RangeError);
    expect(() => overlay(image, map, { imageWeight: 1.5 })).toThrow(RangeError);
  });
});

describe('alphaBlend', () => {
  it('mixes gray and colour linearly without rescaling', () => {
    const viridis = colormapLut('viridis');
    const top = Array.from(viridis.subarray(255 * 3)); // (253, 231, 37)
    const out = alphaBlend(new Uint8Array([100, 100]), heatmap(1, 2, [1, 1]), 0.25, 'viridis');
    expect(pixel(out, 0)).toEqual([...top.map((c) => Math.round(0.75 * 100 + 0.25 * c)), 255]);
    expect(alphaBlend(new Uint8Array([100]), heatmap(1, 1, [1]), 0, 'viridis').subarray(0, 3)).toEqual(
      new Uint8ClampedArray([100, 100, 100]),
    );
    expect(Array.from(alphaBlend(new Uint8Array([100]), heatmap(1, 1, [1]), 1, 'viridis').subarray(0, 3))).toEqual(top);
  });

  it('checks sizes and alpha', () => {
    expect(() => alphaBlend(new Uint8Array(2), heatmap(1, 1, [0]), 0.5)).toThrow(RangeError);
    expect(() => alphaBlend(new Uint8Array(1), heatmap(1, 1, [0]), -0.1)).toThrow(RangeError);
  });
});
