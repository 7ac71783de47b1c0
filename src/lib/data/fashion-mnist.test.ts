import { describe, expect, it } from 'vitest';
import { loadFashionMnist } from '../../../tools/lib/fashion-node';
import { FASHION_MEAN, FASHION_STD, fashionSplit } from './fashion-mnist';

const row = (v: number) => new Array(784).fill(v) as number[];

/** 1,600 distinct rows per class: pixel 0 = class, pixels 1–2 = the row's index. */
function distinctClasses(): number[][][] {
  return Array.from({ length: 10 }, (_, c) =>
    Array.from({ length: 1600 }, (_, i) => {
      const r = row(0);
      r[0] = c;
      r[1] = i % 256;
      r[2] = i >> 8;
      return r;
    }),
  );
}

describe('Fashion-MNIST split', () => {
  it('skips empty rows and duplicates anywhere, then takes each class’s last 1,000 as test', () => {
    const classes = distinctClasses();
    classes[0].splice(3, 0, []); // empty row
    classes[4].push([...classes[2][7]]); // duplicate of an earlier class's image
    classes[4].push(row(0).map((_, i) => (i === 0 ? 4 : 0))); // duplicate of class 4's own first image
    const split = fashionSplit(classes);
    expect(split.skipped).toEqual({ empty: 1, duplicates: 2 });
    expect(split.test.count).toBe(10_000);
    expect(split.validation.count).toBe(5_000);
    expect(split.train.count).toBe(1_000);
    // class 3's test images are its last 1,000 rows, in file order
    const firstTestOf3 = split.test.labels.indexOf(3);
    expect(Array.from(split.test.pixels.subarray(firstTestOf3 * 784, firstTestOf3 * 784 + 3))).toEqual([3, 600 % 256, 600 >> 8]);
  });

  it('refuses rows that are not 28×28', () => {
    const classes = distinctClasses();
    classes[1][0] = [1, 2, 3];
    expect(() => fashionSplit(classes)).toThrow(/784/);
  });

  it('matches the package: 70,000 distinct images minus duplicates; the pinned mean and std', () => {
    const data = loadFashionMnist();
    expect(data.skipped.empty).toBe(2);
    expect(data.train.count + data.validation.count + data.test.count + data.skipped.duplicates).toBe(70_000);
    let sum = 0;
    let squares = 0;
    let n = 0;
    for (const set of [data.train, data.validation]) {
      for (const v of set.pixels) {
        const u = v / 255;
        sum += u;
        squares += u * u;
        n++;
      }
    }
    const mean = sum / n;
    expect(FASHION_MEAN).toBeCloseTo(mean, 4);
    expect(FASHION_STD).toBeCloseTo(Math.sqrt(squares / n - mean * mean), 4);
  }, 60_000);
});
