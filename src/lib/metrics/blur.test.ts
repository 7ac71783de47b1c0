import { describe, expect, it } from 'vitest';
import { gaussianBlur, gaussianKernel } from './blur';

describe('gaussianKernel', () => {
  it('sums to 1, is symmetric, spans ±ceil(3σ)', () => {
    const k = gaussianKernel(2);
    expect(k.length).toBe(13);
    expect(k.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
    for (let i = 0; i < 6; i++) expect(k[i]).toBe(k[12 - i]);
    // ≈ the continuous density at 0, 1/(σ√(2π)) = 0.1995, renormalised over ±3σ
    expect(k[6]).toBeCloseTo(0.2, 2);
    expect(Array.from(gaussianKernel(0))).toEqual([1]);
    expect(() => gaussianKernel(-1)).toThrow(RangeError);
  });
});

describe('gaussianBlur', () => {
  it('keeps a constant image constant (edges clamped, not zero-padded)', () => {
    const out = gaussianBlur(new Uint8Array(784).fill(200), 2);
    for (const v of out) expect(v).toBeCloseTo(200, 10);
  });

  it('preserves the sum of an impulse away from the edges, symmetrically', () => {
    const img = new Float32Array(784);
    img[14 * 28 + 14] = 1000;
    const out = gaussianBlur(img, 2);
    expect(out.reduce((s, v) => s + v, 0)).toBeCloseTo(1000, 8);
    expect(out[14 * 28 + 14]).toBeCloseTo(1000 * 0.2 ** 2, 0); // 1000 · k[0]²
    const v = (r: number, c: number) => out[(14 + r) * 28 + 14 + c];
    for (let r = -6; r <= 6; r++) {
      for (let c = -6; c <= 6; c++) {
        expect(v(r, c)).toBeCloseTo(v(-r, c), 10);
        expect(v(r, c)).toBeCloseTo(v(r, -c), 10);
        expect(v(r, c)).toBeCloseTo(v(c, r), 10);
      }
    }
    expect(v(7, 0)).toBe(0); // beyond the kernel radius
  });

  it('σ = 0 copies, other sizes work, inputs are untouched', () => {
    const img = Uint8Array.from({ length: 784 }, (_, i) => i % 256);
    expect(Array.from(gaussianBlur(img, 0))).toEqual(Array.from(img));
    expect(img[300]).toBe(300 % 256);
    expect(gaussianBlur([1, 1, 1, 1, 1, 1], 1, 2, 3)).toHaveLength(6);
    expect(() => gaussianBlur([1, 2, 3], 1)).toThrow(RangeError);
  });
});
