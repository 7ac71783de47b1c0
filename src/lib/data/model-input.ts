// From a decoded image of any size to the 28×28 model input — the one preprocessing path for the
// CLI (PNG/JPEG/PGM files) and the browser (uploads, drawings). Decoders only hand over pixels:
//   transparency rule and BT.601 luma (pixelsToGray) → downscale of large images in our own code
//   (resample) → MNIST-like 28×28 images used as they are, anything else: orient ink-bright,
//   clean a photo's background (cleanBackground), MNIST-style centring (centerDrawing).
import { cleanBackground, type BackgroundCleaning } from './clean-background';
import { centerDrawing, EmptyDrawingError, hasLightBackground, INK_THRESHOLD, type CenterDrawingSteps } from './centerDrawing';
import { ImageInputError } from './image-input-error';
import { pixelsToGray, type DecodedPixels } from './pixels-to-gray';
import { fitWithin, resize } from './resample';
import { IMAGE_SIZE } from '../contract/constants';

export { ImageInputError } from './image-input-error';

interface GrayInput {
  width: number;
  height: number;
  gray: Uint8Array | Uint8ClampedArray;
}

export type Preprocessing = 'as-is' | 'mnist-style';

/**
 * Larger images are first shrunk (area average) to this long side: plenty for a digit that
 * ends up 20 px tall, and it bounds the cost of cleaning a 48-megapixel photo.
 */
export const WORKING_MAX_SIDE = 512;

export interface PreprocessingSteps extends CenterDrawingSteps {
  /** Size the image was shrunk to before the other steps (bbox is in these pixels). */
  resampled?: { width: number; height: number };
  /** Background normalisation of a photo (absent when the paper was already clean). */
  background?: BackgroundCleaning;
}

export interface ModelInput {
  /** 28×28 row-major gray values 0..255, white digit on black. */
  pixels: Uint8Array;
  preprocessing: Preprocessing;
  /** The size of the image as given (before any resampling). */
  original: { width: number; height: number };
  /** What was done (only for 'mnist-style'). */
  steps?: PreprocessingSteps;
  /** One-line doubts about the input (an implausible ink box, almost no ink); empty when none. */
  warnings: string[];
  /** Intermediate images for the preprocessing view; not part of any report. */
  stages?: {
    /** The gray image the steps work on (after resampling), as given (not inverted). */
    working: { width: number; height: number; gray: ArrayLike<number> };
    /** The ink-bright image after background normalisation, when it ran. */
    cleaned?: Float32Array;
  };
}

export interface ToModelInputOptions {
  /**
   * 'auto' (default): a 28×28 image with a dark background is already MNIST-like and is used
   * as is; anything else (other sizes, or a 28×28 with a light background, which the model
   * would otherwise see as a dark digit on white) goes through MNIST-style preprocessing.
   * 'as-is' / 'mnist-style' force one path ('as-is' needs 28×28).
   */
  preprocessing?: 'auto' | Preprocessing;
}

/** Ink covering less than this share of the image is "almost nothing" (a dot, a stray mark). */
const NEAR_EMPTY_SHARE = 0.01;
/** An ink box whose long side is under this share of the image's long side is small. */
const SMALL_BOX_SHARE = 0.25;
/** An ink box spanning this share of both sides probably contains background, not just ink. */
const FULL_BOX_SHARE = 0.95;

function inkShare(ink: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < ink.length; i++) if (ink[i] > INK_THRESHOLD) count++;
  return count / ink.length;
}

const NEAR_EMPTY_WARNING = 'very little ink: the models name a digit for any input, so a high confidence does not mean this is a digit';

function boxWarnings(steps: CenterDrawingSteps, width: number, height: number): string[] {
  const { bbox } = steps;
  const warnings: string[] = [];
  if (bbox.width >= FULL_BOX_SHARE * width && bbox.height >= FULL_BOX_SHARE * height) {
    warnings.push(
      'the ink box covers almost the whole image: background may have been taken for ink (crop to the digit, light the paper evenly)',
    );
  } else if (Math.max(bbox.width, bbox.height) < SMALL_BOX_SHARE * Math.max(width, height)) {
    warnings.push(
      `the digit is small (ink box ${bbox.width}×${bbox.height} of ${width}×${height} px): it is scaled up to 20×20, so strokes get thick; draw or crop it bigger`,
    );
  }
  return warnings;
}

/** The 28×28 input the models take, from a decoded gray image. Does not modify the image. */
export function toModelInput(image: GrayInput & { source?: string }, options: ToModelInputOptions = {}): ModelInput {
  const { preprocessing = 'auto' } = options;
  const original = { width: image.width, height: image.height };
  const is28 = image.width === IMAGE_SIZE && image.height === IMAGE_SIZE;
  const source = image.source ?? 'image';
  if (preprocessing === 'as-is' && !is28) {
    throw new ImageInputError(`${source}: is ${image.width}×${image.height}; only a ${IMAGE_SIZE}×${IMAGE_SIZE} image can be used as is`);
  }
  const light = hasLightBackground({ width: image.width, height: image.height, data: image.gray });
  if (preprocessing === 'as-is' || (preprocessing === 'auto' && is28 && !light)) {
    const pixels = Uint8Array.from(image.gray);
    return { pixels, preprocessing: 'as-is', original, warnings: inkShare(pixels) < NEAR_EMPTY_SHARE ? [NEAR_EMPTY_WARNING] : [] };
  }

  const size = fitWithin(image.width, image.height, WORKING_MAX_SIDE);
  const resampled = size.width !== image.width || size.height !== image.height;
  const working = resampled ? resize(image.gray, image.width, image.height, size.width, size.height) : image.gray;
  const oriented = Float32Array.from(working, (v: number) => (light ? 255 - v : v));
  const cleaning = cleanBackground(oriented, size.width, size.height);
  const ink = cleaning?.cleaned ?? oriented;
  try {
    const { pixels, steps } = centerDrawing({ ...size, data: ink }, { invert: false });
    const warnings = [...boxWarnings(steps, size.width, size.height), ...(inkShare(ink) < NEAR_EMPTY_SHARE ? [NEAR_EMPTY_WARNING] : [])];
    return {
      pixels,
      preprocessing: 'mnist-style',
      original,
      steps: {
        ...steps,
        inverted: light,
        ...(resampled ? { resampled: size } : {}),
        ...(cleaning ? { background: cleaning.cleaning } : {}),
      },
      warnings,
      stages: { working: { ...size, gray: working }, ...(cleaning ? { cleaned: cleaning.cleaned } : {}) },
    };
  } catch (error) {
    if (error instanceof EmptyDrawingError) {
      throw new ImageInputError(`${source}: the image is blank (no digit strokes found)`, { cause: error });
    }
    throw error;
  }
}

/** The same from decoded pixels (RGBA or gray): the entry point for every decoder. */
export function modelInputFromPixels(image: DecodedPixels & { source?: string }, options: ToModelInputOptions = {}): ModelInput {
  return toModelInput({ ...pixelsToGray(image), source: image.source }, options);
}

/** The report's `input` block for an image file (the CLI's JSON and the browser's export). */
export function describeImageInput(input: ModelInput, file: { source: string; format: string }): Record<string, unknown> {
  return {
    source: file.source,
    format: file.format,
    label: null,
    width: input.original.width,
    height: input.original.height,
    preprocessing: input.preprocessing,
    ...(input.steps ? { steps: input.steps } : {}),
    ...(input.warnings.length > 0 ? { warnings: input.warnings } : {}),
    pixels: Array.from({ length: IMAGE_SIZE }, (_, r) => Array.from(input.pixels.subarray(r * IMAGE_SIZE, (r + 1) * IMAGE_SIZE))),
  };
}
