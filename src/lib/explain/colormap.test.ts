import { rgb } from 'd3-color';
import { interpolateRdBu, interpolateTurbo, interpolateViridis } from 'd3-scale-chromatic';
import { describe, expect, it } from 'vitest';
import { applyColormap, applyDiverging, COLORMAP_NAMES, colorbar, colormapLut, DIVERGING_LUT_SIZE } from './colormap';
import { heatmap } from '../contract/heatmap';

const bytes = (css: string) => {
  const c = rgb(css);
  return [Math.round(c.r), Math.round(c.g), Math.round(c.b)];
};
const pixel = (rgba: Uint8ClampedArray, i: number) => Array.from(rgba.subarray(i * 4, i * 4 + 4));

/** WCAG relative luminance of 8-bit sRGB. */
function luminance(r: number, g: number, b: number): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

describe('colormapLut', () => {
  it('samples the d3 schemes at both endpoints', () => {
    const jet = colormapLut('jet');
    expect(jet.length).toBe(256 * 3);
    expect(Array.from(jet.subarray(0, 3))).toEqual(bytes(interpolateTurbo(0)));
    expect(Array.from(jet.subarray(255 * 3))).toEqual(bytes(interpolateTurbo(1)));
    const viridis = colormapLut('viridis', 11);
    expect(Array.from(viridis.subarray(0, 3))).toEqual([0x44, 0x01, 0x54]);
    expect(Array.from(viridis.subarray(30))).toEqual(bytes(interpolateViridis(1)));
  });

  it('diverging is RdBu reversed: blue at 0, red at 1', () => {
    const lut = colormapLut('diverging');
    expect(Array.from(lut.subarray(0, 3))).toEqual(bytes(interpolateRdBu(1)));
    expect(Array.from(lut.subarray(255 * 3))).toEqual(bytes(interpolateRdBu(0)));
    const [r0, , b0] = lut;
    expect(b0).toBeGreaterThan(r0);
  });

  it('viridis lightness increases monotonically', () => {
    // Viridis is monotone in CAM02-UCS lightness; measured as CIE L* of the 8-bit colours it
    // dips twice by 0.03 (entries 95 and 146), far below a visible step (~1). So: strictly
    // increasing on a coarse table, and never dropping by more than 0.05 on the full one.
    const lightness = (lut: Uint8Array, i: number) => 116 * Math.cbrt(luminance(lut[i * 3], lut[i * 3 + 1], lut[i * 3 + 2])) - 16;
    const coarse = colormapLut('viridis', 32);
    for (let i = 1; i < 32; i++) expect(lightness(coarse, i)).toBeGreaterThan(lightness(coarse, i - 1));
    const full = colormapLut('viridis');
    for (let i = 1; i < 256; i++) expect(lightness(full, i)).toBeGreaterThan(lightness(full, i - 1) - 0.05);
    expect(lightness(full, 255) - lightness(full, 0)).toBeGreaterThan(70);
  });

  it('returns copies, so the cache cannot be corrupted', () => {
    const first = colormapLut('cividis');
    first.fill(0);
    expect(colormapLut('cividis').some((v) => v !== 0)).toBe(true);
  });

  it('rejects unknown names and tiny sizes', () => {
    expect(() => colormapLut('hot' as never)).toThrow(RangeError);
    expect(() => colormapLut('jet', 1)).toThrow(RangeError);
    expect(COLORMAP_NAMES).toEqual(['jet', 'viridis', 'cividis', 'diverging']);
  });
});

describe('applyColormap', () => {
  it('maps v to entry round(v·255), alpha 255, and clamps out-of-range values', () => {
    const lut = colormapLut('viridis');
    const entry = (i: number) => [...lut.subarray(i * 3, i * 3 + 3), 255];
    const out = applyColormap(heatmap(1, 5, [0, 1, 0.5, -3, 7]), 'viridis');
    expect(out).toBeInstanceOf(Uint8ClampedArray);
    expect(out.length).toBe(20);
    expect(pixel(out, 0)).toEqual(entry(0));
    expect(pixel(out, 1)).toEqual(entry(255));
    expect(pixel(out, 2)).toEqual(entry(128)); // round(127.5)
    expect(pixel(out, 3)).toEqual(entry(0));
    expect(pixel(out, 4)).toEqual(entry(255));
  });

  it('throws on NaN and does not modify the map', () => {
    expect(() => applyColormap(heatmap(1, 2, [0, NaN]), 'jet')).toThrow(/index 1/);
    const map = heatmap(1, 2, [0.2, 0.9]);
    applyColormap(map, 'jet');
    expect(Array.from(map.data)).toEqual([Math.fround(0.2), Math.fround(0.9)]);
  });
});

describe('applyDiverging', () => {
  const centre = [...bytes(interpolateRdBu(0.5)), 255];

  it('puts 0 on the exact centre colour and ±max|v| on the ends', () => {
    const lut = colormapLut('diverging', DIVERGING_LUT_SIZE);
    const out = applyDiverging(heatmap(1, 3, [-2, 0, 2]));
    expect(pixel(out, 0)).toEqual([...lut.subarray(0, 3), 255]);
    expect(pixel(out, 1)).toEqual(centre);
    expect(pixel(out, 2)).toEqual([...lut.subarray(256 * 3), 255]);
  });

  it('is symmetric: the limit is max |v| even when one sign is missing', () => {
    const out = applyDiverging(heatmap(1, 2, [0, 4]));
    expect(pixel(out, 0)).toEqual(centre);
  });

  it('an all-zero map is all centre colour; an explicit limit saturates beyond it', () => {
    const zeros = applyDiverging(heatmap(2, 2, [0, 0, 0, 0]));
    for (let i = 0; i < 4; i++) expect(pixel(zeros, i)).toEqual(centre);
    const clamped = applyDiverging(heatmap(1, 2, [5, 1]), 1);
    expect(pixel(clamped, 0)).toEqual(pixel(clamped, 1));
    expect(() => applyDiverging(heatmap(1, 1, [1]), 0)).toThrow(RangeError);
  });
});

describe('colorbar', () => {
  it('runs from the low colour on the left to the high colour on the right, every row alike', () => {
    const bar = colorbar('jet', 10, 3);
    expect(bar.length).toBe(10 * 3 * 4);
    const lut = colormapLut('jet');
    expect(pixel(bar, 0)).toEqual([...lut.subarray(0, 3), 255]);
    expect(pixel(bar, 9)).toEqual([...lut.subarray(255 * 3), 255]);
    expect(pixel(bar, 2 * 10 + 9)).toEqual(pixel(bar, 9));
  });
});
