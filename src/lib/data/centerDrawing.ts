// MNIST-style preprocessing of an arbitrary grayscale image (a canvas drawing, an uploaded
// photo): the same steps LeCun et al. applied to build MNIST, so a drawing reaches the model
// looking like the digits it was trained on. The last step of toModelInput (model-input.ts).
//
//   1. invert if the background is light (MNIST is white ink on black);
//   2. find the bounding box of the ink;
//   3. scale the box to fit 20×20, keeping the aspect ratio;
//   4. paste into 28×28 so that the intensity-weighted centre of mass lands on pixel (14, 14).
import { IMAGE_SIZE } from '../contract/constants';
import { resize } from './resample';

export interface GrayImage {
  width: number;
  height: number;
  /** Row-major gray values 0..255 (a canvas gives Uint8ClampedArray after picking one channel). */
  data: Float32Array | Uint8Array | Uint8ClampedArray;
}

export interface CenterDrawingSteps {
  /** The image was black-on-white and got inverted. */
  inverted: boolean;
  /** Ink bounding box in input pixels. */
  bbox: { x: number; y: number; width: number; height: number };
  /** Size of the box after scaling to fit DIGIT_BOX × DIGIT_BOX. */
  scaled: { width: number; height: number };
  /** Intensity-weighted centre of the scaled box, in its pixel indices (pixel (0,0) is at 0,0). */
  centreOfMass: { x: number; y: number };
  /** Where the scaled box's top-left pixel went in the 28×28 frame. */
  shift: { dx: number; dy: number };
}

export interface CenteredDrawing {
  /** 28×28 row-major gray values, white ink on black, ready for normalizePixels. */
  pixels: Uint8Array;
  steps: CenterDrawingSteps;
}

export class EmptyDrawingError extends Error {
  override name = 'EmptyDrawingError';
  constructor() {
    super('The drawing is empty: draw a digit first');
  }
}

/** A border brighter than mid-gray means dark ink on a light background. */
const LIGHT_BACKGROUND_MEAN = 127;
/**
 * Ink is anything brighter than 10 % of full scale (after inversion). Low enough to keep the
 * faint anti-aliased edges of a stroke in the box, high enough to ignore paper noise and JPEG
 * ringing in photos. With this threshold the ink boxes of MNIST's own test digits are 20 px.
 */
export const INK_THRESHOLD = 0.1 * 255;
/** MNIST digits were size-normalised into a 20×20 box inside the 28×28 frame. */
export const DIGIT_BOX = 20;
/**
 * MNIST puts the centre of mass on pixel index 14 (not the geometric centre 13.5): the mean
 * centre of mass of the 10,000 test digits is (14.01, 13.99) in pixel indices.
 */
const TARGET_CENTRE = IMAGE_SIZE / 2;

function checkImage({ width, height, data }: GrayImage): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`centerDrawing: image size must be positive integers, got ${width}×${height}`);
  }
  if (data.length !== width * height) {
    throw new RangeError(`centerDrawing: ${width}×${height} image needs ${width * height} values, got ${data.length}`);
  }
  const bad = data.findIndex((v: number) => !(v >= 0 && v <= 255));
  if (bad >= 0) throw new RangeError(`centerDrawing: value ${data[bad]} at index ${bad} is outside 0..255`);
}

function borderMean({ width, height, data }: GrayImage): number {
  let sum = 0;
  let count = 0;
  for (let y = 0; y < height; y++) {
    const edgeRow = y === 0 || y === height - 1;
    for (let x = 0; x < width; x++) {
      if (edgeRow || x === 0 || x === width - 1) {
        sum += data[y * width + x];
        count++;
      }
    }
  }
  return sum / count;
}

function centreOfMass(values: Float32Array, width: number): { x: number; y: number } {
  let mass = 0;
  let mx = 0;
  let my = 0;
  values.forEach((v, i) => {
    mass += v;
    mx += v * (i % width);
    my += v * Math.floor(i / width);
  });
  return { x: mx / mass, y: my / mass };
}

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);

/** A border brighter than mid-gray: dark ink on a light background, to be inverted. */
export function hasLightBackground(image: GrayImage): boolean {
  return borderMean(image) > LIGHT_BACKGROUND_MEAN;
}

export interface CenterDrawingOptions {
  /** Invert (true) or not (false) instead of judging by the border (hasLightBackground). */
  invert?: boolean;
}

/** Turns any grayscale digit image into a 28×28 MNIST-like image. Does not modify the input. */
export function centerDrawing(image: GrayImage, options: CenterDrawingOptions = {}): CenteredDrawing {
  checkImage(image);
  const { width, height, data } = image;

  const inverted = options.invert ?? hasLightBackground(image);
  const ink = inverted ? Float32Array.from(data, (v: number) => 255 - v) : Float32Array.from(data);

  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  ink.forEach((v, i) => {
    if (v <= INK_THRESHOLD) return;
    const x = i % width;
    const y = Math.floor(i / width);
    left = Math.min(left, x);
    right = Math.max(right, x);
    top = Math.min(top, y);
    bottom = Math.max(bottom, y);
  });
  if (right < 0) throw new EmptyDrawingError();
  const bbox = { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };

  const cropped = new Float32Array(bbox.width * bbox.height);
  for (let y = 0; y < bbox.height; y++) {
    const rowStart = (bbox.y + y) * width + bbox.x;
    cropped.set(ink.subarray(rowStart, rowStart + bbox.width), y * bbox.width);
  }
  const scale = DIGIT_BOX / Math.max(bbox.width, bbox.height);
  const scaled = {
    width: clamp(Math.round(bbox.width * scale), 1, DIGIT_BOX),
    height: clamp(Math.round(bbox.height * scale), 1, DIGIT_BOX),
  };
  const box = resize(cropped, bbox.width, bbox.height, scaled.width, scaled.height);

  // Shift with rounding as MNIST did, but never push ink out of the frame.
  const com = centreOfMass(box, scaled.width);
  const shift = {
    dx: clamp(Math.round(TARGET_CENTRE - com.x), 0, IMAGE_SIZE - scaled.width),
    dy: clamp(Math.round(TARGET_CENTRE - com.y), 0, IMAGE_SIZE - scaled.height),
  };
  const pixels = new Uint8Array(IMAGE_SIZE * IMAGE_SIZE);
  box.forEach((v, i) => {
    const x = (i % scaled.width) + shift.dx;
    const y = Math.floor(i / scaled.width) + shift.dy;
    pixels[y * IMAGE_SIZE + x] = clamp(Math.round(v), 0, 255);
  });

  return { pixels, steps: { inverted, bbox, scaled, centreOfMass: com, shift } };
}
