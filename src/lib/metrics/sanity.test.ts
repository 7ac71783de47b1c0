import { describe, expect, it } from 'vitest';
import { type Heatmap, heatmap } from '../contract/heatmap';
import { cascadingRandomization } from './sanity';

describe('cascadingRandomization', () => {
  const maps: Heatmap[] = [
    heatmap(3, 3, [1, 2, 3, 4, 5, 6, 7, 8, 9]), // original
    heatmap(3, 3, [-1, -2, -3, -4, -5, -6, -7, -8, -9]), // sign flipped: same |values|
    heatmap(3, 3, [9, 8, 7, 6, 5, 4, 3, 2, 1]), // reversed
    heatmap(3, 3, new Float32Array(9).fill(0.5)), // flat
  ];

  it('asks for the maps in order 0, 1, …, n, one at a time, and compares each with the original', async () => {
    const asked: number[] = [];
    let pending = 0;
    const r = await cascadingRandomization(['classifier', 'conv3', 'conv1'], async (i) => {
      expect(pending).toBe(0);
      pending++;
      asked.push(i);
      await Promise.resolve();
      pending--;
      return maps[i];
    });
    expect(asked).toEqual([0, 1, 2, 3]);
    expect(r.map((s) => [s.stage, s.randomizedUpTo])).toEqual([
      ['classifier', 1],
      ['conv3', 2],
      ['conv1', 3],
    ]);
    // sign flip: |values| rank identically and normalise to the same map; signed Pearson −1
    expect(r[0]).toMatchObject({ spearman: 1, pearson: -1 });
    expect(r[0].ssim).toBeCloseTo(1, 12);
    expect(r[1]).toMatchObject({ spearman: -1, pearson: -1 });
    expect(r[1].ssim!).toBeLessThan(0);
    // a constant map has no ranking: null, never NaN
    expect(r[2]).toMatchObject({ spearman: null, pearson: null });
    expect(Number.isFinite(r[2].ssim)).toBe(true);
  });

  it('can compare signed values instead', async () => {
    const r = await cascadingRandomization(['classifier'], async (i) => maps[i], { absolute: false });
    expect(r[0].spearman).toBe(-1);
  });

  it('gives null SSIM for maps under 3×3 and refuses a map of another size', async () => {
    const small = [heatmap(1, 2, [1, 2]), heatmap(1, 2, [2, 1])];
    const r = await cascadingRandomization(['top'], async (i) => small[i]);
    expect(r).toEqual([{ stage: 'top', randomizedUpTo: 1, spearman: -1, pearson: -1, ssim: null }]);
    const mixed = [maps[0], heatmap(7, 7, new Float32Array(49))];
    await expect(cascadingRandomization(['top'], async (i) => mixed[i])).rejects.toThrow(/3×3 and 7×7/);
  });

  it('with no stages only computes the original', async () => {
    const asked: number[] = [];
    expect(await cascadingRandomization([], async (i) => (asked.push(i), maps[0]))).toEqual([]);
    expect(asked).toEqual([0]);
  });
});
