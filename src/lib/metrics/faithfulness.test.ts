import { describe, expect, it } from 'vitest';
import { heatmap } from '../contract/heatmap';
import { gaussianBlur } from './blur';
import { averageDropIncrease, type ClassScorer, deletionCurve, insertionCurve, saliencyOrder, trapezoidAuc } from './faithfulness';

// A tiny hand-built "model": the class probability is the mean brightness of the
// top-left 14×14 quadrant (196 pixels), / 255.
function quadrantMean(img: Float32Array): number {
  let s = 0;
  for (let r = 0; r < 14; r++) for (let c = 0; c < 14; c++) s += img[r * 28 + c];
  return s / 196 / 255;
}

function recordingScorer(f: (img: Float32Array) => number = quadrantMean) {
  const calls: Array<{ images: Float32Array[]; classIndex: number }> = [];
  const scorer: ClassScorer = (images, classIndex) => {
    calls.push({ images, classIndex });
    return images.map(f);
  };
  return { scorer, calls };
}

const white = () => new Uint8Array(784).fill(255);
// Saliency falling in row-major order: pixels are removed row by row, left to right.
const rowMajor = () =>
  heatmap(
    28,
    28,
    Float32Array.from({ length: 784 }, (_, i) => 784 - i),
  );

describe('trapezoidAuc', () => {
  it('is exact for straight lines', () => {
    expect(trapezoidAuc([0, 0.5, 1], [1, 0, 0])).toBe(0.25);
    expect(trapezoidAuc([0, 1], [1, 1])).toBe(1);
    expect(trapezoidAuc([0], [1])).toBe(0);
  });
});

describe('saliencyOrder', () => {
  it('sorts descending with ties by lower pixel index', () => {
    const data = new Float32Array(784);
    data[500] = 1;
    data[3] = 1;
    data[9] = 0.5;
    expect(saliencyOrder(heatmap(28, 28, data)).slice(0, 6)).toEqual([3, 500, 9, 0, 1, 2]);
  });
});

describe('deletionCurve', () => {
  it('steps of 28 pixels: 28 steps, one row each, in one batched scorer call', async () => {
    const { scorer, calls } = recordingScorer();
    const c = await deletionCurve(white(), rowMajor(), 4, scorer, { baseline: 'background' });
    expect(calls).toHaveLength(1);
    expect(calls[0].classIndex).toBe(4);
    expect(calls[0].images).toHaveLength(29);
    expect(c.fractions).toEqual(Array.from({ length: 29 }, (_, s) => s / 28));
    // after s rows the quadrant keeps 14 − s of its 14 rows
    c.scores.forEach((v, s) => expect(v).toBeCloseTo(Math.max(0, 14 - s) / 14, 12));
    // a straight line from 1 at 0 to 0 at 0.5, then 0
    expect(c.auc).toBeCloseTo(0.25, 12);
  });

  it('a step that does not divide 784 ends with a partial step', async () => {
    const { scorer } = recordingScorer();
    const c = await deletionCurve(white(), rowMajor(), 0, scorer, { baseline: 'background', step: 100 });
    expect(c.fractions).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 784].map((k) => k / 784));
    // quadrant pixels removed after k pixels: k=100 → 3 rows + 14 = 56; 200 → 7·14 + 4 = 102;
    // 300 → 10·14 + 14 = 154; 400 → all 196
    const expected = [196, 140, 94, 42, 0, 0, 0, 0, 0].map((q) => q / 196);
    c.scores.forEach((v, s) => expect(v).toBeCloseTo(expected[s], 12));
    // Δf = 100/784 over the first four intervals: (196+140)/2 + (140+94)/2 + (94+42)/2 + (42+0)/2 = 374
    expect(c.auc).toBeCloseTo((374 / 196) * (100 / 784), 12);
  });

  it('keeps tied saliencies in pixel order', async () => {
    const data = new Float32Array(784);
    data[500] = 1;
    data[3] = 1;
    const { scorer, calls } = recordingScorer();
    await deletionCurve(white(), heatmap(28, 28, data), 0, scorer, { baseline: 'background', step: 1 });
    const imgs = calls[0].images;
    expect(imgs).toHaveLength(785);
    const zeros = (img: Float32Array) => img.reduce<number[]>((z, v, i) => (v === 0 ? [...z, i] : z), []);
    expect(zeros(imgs[1])).toEqual([3]);
    expect(zeros(imgs[2])).toEqual([3, 500]);
    expect(zeros(imgs[3])).toEqual([0, 3, 500]);
    expect(zeros(imgs[784])).toHaveLength(784);
    // a constant map ties everywhere: the same curve as the row-major ranking
    const flat = await deletionCurve(white(), heatmap(28, 28, new Float32Array(784).fill(0.3)), 0, scorer);
    const ranked = await deletionCurve(white(), rowMajor(), 0, scorer);
    expect(flat).toEqual(ranked);
  });

  it('replaces pixels by the blur or an explicit baseline', async () => {
    const img = Uint8Array.from({ length: 784 }, (_, i) => ((i * 37) % 7) * 40);
    const { scorer, calls } = recordingScorer();
    await deletionCurve(img, rowMajor(), 0, scorer, { baseline: 'blur', step: 784 });
    expect(calls[0].images).toHaveLength(2);
    expect(Array.from(calls[0].images[0])).toEqual(Array.from(img));
    expect(Array.from(calls[0].images[1])).toEqual(Array.from(Float32Array.from(gaussianBlur(img, 2))));
    const gray = await deletionCurve(white(), rowMajor(), 0, scorer, { baseline: new Float32Array(784).fill(128) });
    expect(gray.scores[28]).toBeCloseTo(128 / 255, 12);
    expect(gray.scores[14]).toBeCloseTo(128 / 255, 12);
    expect(gray.scores[7]).toBeCloseTo((7 * 255 + 7 * 128) / 14 / 255, 12);
  });

  it('accepts an async scorer and checks what it returns', async () => {
    const asyncScorer: ClassScorer = async (images) => images.map(quadrantMean);
    expect((await deletionCurve(white(), rowMajor(), 0, asyncScorer)).auc).toBeCloseTo(0.25, 12);
    await expect(deletionCurve(white(), rowMajor(), 0, () => [1, 2])).rejects.toThrow(/2 scores for 29 images/);
    await expect(deletionCurve(white(), rowMajor(), 0, (imgs) => imgs.map(() => NaN))).rejects.toThrow(RangeError);
  });

  it('refuses bad inputs', async () => {
    const { scorer } = recordingScorer();
    await expect(deletionCurve(white(), heatmap(7, 7, new Float32Array(49)), 0, scorer)).rejects.toThrow(/28×28/);
    await expect(deletionCurve(new Uint8Array(10), rowMajor(), 0, scorer)).rejects.toThrow(RangeError);
    await expect(deletionCurve(white(), rowMajor(), 0, scorer, { step: 0 })).rejects.toThrow(/step/);
    await expect(deletionCurve(white(), rowMajor(), -1, scorer)).rejects.toThrow(/classIndex/);
    await expect(deletionCurve(white(), rowMajor(), 0, scorer, { baseline: new Float32Array(5) })).rejects.toThrow(RangeError);
  });

  it('does not mutate the image or the saliency', async () => {
    const img = white();
    const sal = rowMajor();
    const salCopy = sal.data.slice();
    const { scorer } = recordingScorer();
    await deletionCurve(img, sal, 0, scorer, { step: 1 });
    await insertionCurve(img, sal, 0, scorer, { step: 1 });
    expect(img.every((v) => v === 255)).toBe(true);
    expect(sal.data).toEqual(salCopy);
  });
});

describe('insertionCurve', () => {
  it('rebuilds the image from the baseline, most salient first', async () => {
    const { scorer } = recordingScorer();
    const c = await insertionCurve(white(), rowMajor(), 0, scorer, { baseline: 'background' });
    expect(c.fractions).toHaveLength(29);
    c.scores.forEach((v, s) => expect(v).toBeCloseTo(Math.min(s, 14) / 14, 12));
    // 0 → 1 over [0, 0.5] (area 0.25), then 1 over [0.5, 1] (area 0.5)
    expect(c.auc).toBeCloseTo(0.75, 12);
  });

  it('starts from the blurred image by default', async () => {
    const img = Uint8Array.from({ length: 784 }, (_, i) => (i % 29 === 0 ? 255 : 0));
    const { scorer, calls } = recordingScorer();
    await insertionCurve(img, rowMajor(), 0, scorer, { step: 784 });
    expect(Array.from(calls[0].images[0])).toEqual(Array.from(Float32Array.from(gaussianBlur(img, 2))));
    expect(Array.from(calls[0].images[1])).toEqual(Array.from(img));
    await insertionCurve(img, rowMajor(), 0, scorer, { step: 784, blurSigma: 0 });
    expect(Array.from(calls[1].images[0])).toEqual(Array.from(img));
  });
});

describe('averageDropIncrease', () => {
  // class 0: quadrant brightness; class 1: darkness of the whole image (masking can only raise it)
  const f = (img: Float32Array, cls: number) => (cls === 0 ? quadrantMean(img) : 1 - img.reduce((s, v) => s + v, 0) / 784 / 255);

  it('reproduces hand-computed drop and increase, one scorer call per class', async () => {
    const calls: number[] = [];
    const scorer: ClassScorer = (images, cls) => {
      calls.push(cls);
      return images.map((img) => f(img, cls));
    };
    const half = heatmap(28, 28, new Float32Array(784).fill(0.5));
    const ones = heatmap(28, 28, new Float32Array(784).fill(1));
    const r = await averageDropIncrease(
      [
        { image: white(), saliency: half, classIndex: 0 }, // Y 1, O 0.5 → drop 0.5
        { image: new Uint8Array(784).fill(102), saliency: half, classIndex: 1 }, // Y 0.6, O 0.8 → drop 0, increase
        { image: white(), saliency: ones, classIndex: 0 }, // Y = O = 1 → drop 0, no increase
      ],
      scorer,
    );
    expect(calls).toEqual([0, 1]);
    expect(r.perSample.map((p) => p.original)).toEqual([1, expect.closeTo(0.6, 12), 1]);
    expect(r.perSample.map((p) => p.masked)).toEqual([0.5, expect.closeTo(0.8, 12), 1]);
    expect(r.perSample.map((p) => p.drop)).toEqual([0.5, 0, 0]);
    expect(r.averageDrop).toBeCloseTo(50 / 3, 12);
    expect(r.increaseRate).toBeCloseTo(100 / 3, 12);
  });

  it('drop is 0 when the original score is 0', async () => {
    const r = await averageDropIncrease(
      [{ image: new Uint8Array(784), saliency: heatmap(28, 28, new Float32Array(784)), classIndex: 0 }],
      (imgs) => imgs.map(quadrantMean),
    );
    expect(r).toEqual({ averageDrop: 0, increaseRate: 0, perSample: [{ original: 0, masked: 0, drop: 0 }] });
  });

  it('refuses empty input and saliency outside [0, 1]', async () => {
    const scorer: ClassScorer = (imgs) => imgs.map(quadrantMean);
    await expect(averageDropIncrease([], scorer)).rejects.toThrow(/no samples/);
    const bad = heatmap(28, 28, new Float32Array(784).fill(1.5));
    await expect(averageDropIncrease([{ image: white(), saliency: bad, classIndex: 0 }], scorer)).rejects.toThrow(/outside \[0, 1\]/);
  });
});
