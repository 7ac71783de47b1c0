import { describe, expect, it } from 'vitest';
import { heatmap } from '../contract/heatmap';
import { inkEnergy, pointingGame } from './ink';

const at = (row: number, col: number) => row * 28 + col;

function map28(entries: Array<[number, number, number]>) {
  const data = new Float32Array(784);
  for (const [r, c, v] of entries) data[at(r, c)] = v;
  return heatmap(28, 28, data);
}

function image(entries: Array<[number, number, number]>) {
  const img = new Uint8Array(784);
  for (const [r, c, v] of entries) img[at(r, c)] = v;
  return img;
}

describe('inkEnergy', () => {
  it('is the share of the positive part on ink pixels', () => {
    const m = map28([
      [0, 0, 1],
      [5, 5, 3],
      [6, 6, -2],
    ]);
    // positive part: 1 + 3; on ink: 3 (the negative value on ink is ignored)
    expect(
      inkEnergy(
        m,
        image([
          [5, 5, 255],
          [6, 6, 255],
        ]),
      ),
    ).toBe(0.75);
  });

  it('uses a strict threshold on pixel / 255', () => {
    const m = map28([[1, 1, 1]]);
    expect(inkEnergy(m, image([[1, 1, 128]]))).toBe(1); // 0.502 > 0.5
    expect(inkEnergy(m, image([[1, 1, 127]]))).toBe(0); // 0.498
    expect(inkEnergy(m, image([[1, 1, 127]]), 0.4)).toBe(1);
  });

  it('is null when the map has no positive part', () => {
    expect(inkEnergy(map28([[0, 0, -1]]), image([[0, 0, 255]]))).toBeNull();
  });

  it('refuses maps that are not 28×28 and images that are not 784 values', () => {
    expect(() => inkEnergy(heatmap(7, 7, new Float32Array(49)), new Uint8Array(784))).toThrow(/28×28.*7×7/);
    expect(() => inkEnergy(map28([]), new Uint8Array(100))).toThrow(RangeError);
  });
});

describe('pointingGame', () => {
  const m = map28([[10, 10, 1]]);

  it('hits within the Chebyshev tolerance of the peak', () => {
    expect(pointingGame(m, image([[11, 11, 255]]))).toEqual({ hit: true, peak: { row: 10, col: 10 }, distance: 1 });
    expect(pointingGame(m, image([[12, 10, 255]]))).toEqual({ hit: false, peak: { row: 10, col: 10 }, distance: 2 });
    expect(pointingGame(m, image([[12, 10, 255]]), { tolerance: 2 }).hit).toBe(true);
    expect(pointingGame(m, image([[10, 11, 255]]), { tolerance: 0 }).hit).toBe(false);
    expect(pointingGame(m, image([[10, 10, 255]]), { tolerance: 0 }).hit).toBe(true);
  });

  it('uses the threshold for ink', () => {
    expect(pointingGame(m, image([[10, 10, 100]])).hit).toBe(false);
    expect(pointingGame(m, image([[10, 10, 100]]), { threshold: 0.3 }).hit).toBe(true);
  });

  it('takes the first peak in row-major order when peaks tie', () => {
    const tied = map28([
      [20, 3, 1],
      [4, 25, 1],
    ]);
    expect(pointingGame(tied, image([[20, 3, 255]])).peak).toEqual({ row: 4, col: 25 });
    expect(pointingGame(tied, image([[20, 3, 255]])).hit).toBe(false);
  });

  it('misses with distance null on an image without ink', () => {
    expect(pointingGame(m, new Uint8Array(784))).toEqual({ hit: false, peak: { row: 10, col: 10 }, distance: null });
  });
});
