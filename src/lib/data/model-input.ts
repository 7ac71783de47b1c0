// From a decoded grayscale image of any size to the 28×28 model input: MNIST-like images are
// used as they are, anything else goes through MNIST-style preprocessing (centerDrawing). The
// same function serves the CLI (PNG/PGM files) and the browser (uploads, drawings).
import { centerDrawing, EmptyDrawingError, type CenterDrawingSteps } from './centerDrawing';
import { IMAGE_SIZE } from '../contract/constants';

/** Every problem with the user's image, with a one-line message fit to show as is. */
export class ImageInputError extends Error {
  override name = 'ImageInputError';
}

interface GrayInput {
  width: number;
  height: number;
  gray: Uint8Array | Uint8ClampedArray;
}

export type Preprocessing = 'as-is' | 'mnist-style';

export interface ModelInput {
  /** 28×28 row-major gray values 0..255, white digit on black. */
  pixels: Uint8Array;
  preprocessing: Preprocessing;
  /** What centerDrawing did (only for 'mnist-style'). */
  steps?: CenterDrawingSteps;
}

export interface ToModelInputOptions {
  /**
   * 'auto' (default): a 28×28 image with a dark background is already MNIST-like and is used
   * as is; anything else (other sizes, or a 28×28 with a light background, which the model
   * would otherwise see as a dark digit on white) goes through centerDrawing.
   * 'as-is' / 'mnist-style' force one path ('as-is' needs 28×28).
   */
  preprocessing?: 'auto' | Preprocessing;
}

/** Mean of the outermost ring of pixels; above mid-gray means a light background. */
function borderMean({ width, height, gray }: GrayInput): number {
  let sum = 0;
  let count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (y === 0 || y === height - 1 || x === 0 || x === width - 1) {
        sum += gray[y * width + x];
        count++;
      }
    }
  }
  return sum / count;
}

/** The 28×28 input the models take, from a decoded image. Does not modify the image. */
export function toModelInput(
  image: GrayInput & { source?: string },
  options: ToModelInputOptions = {},
): ModelInput {
  const { preprocessing = 'auto' } = options;
  const is28 = image.width === IMAGE_SIZE && image.height === IMAGE_SIZE;
  const source = image.source ?? 'image';
  if (preprocessing === 'as-is' && !is28) {
    throw new ImageInputError(`${source}: is ${image.width}×${image.height}; only a ${IMAGE_SIZE}×${IMAGE_SIZE} image can be used as is`);
  }
  if (preprocessing === 'as-is' || (preprocessing === 'auto' && is28 && borderMean(image) <= 127)) {
    return { pixels: Uint8Array.from(image.gray), preprocessing: 'as-is' };
  }
  try {
    const { pixels, steps } = centerDrawing({ width: image.width, height: image.height, data: image.gray });
    return { pixels, preprocessing: 'mnist-style', steps };
  } catch (error) {
    if (error instanceof EmptyDrawingError) {
      throw new ImageInputError(`${source}: the image is blank (no digit strokes found)`, { cause: error });
    }
    throw error;
  }
}
