// Images enter the explanation engine as 28×28 gray values in 0..255 (white digit on black,
// like MNIST), as bytes or floats (masked and interpolated images are fractional). They are
// normalised by the project's one preprocessing function on the way into the model.
import * as tf from '@tensorflow/tfjs-core';
import { IMAGE_SIZE, PIXELS_PER_IMAGE } from '../contract/constants';
import { normalizePixels, type Normalization } from '../data/preprocess';

export type PixelImage = Uint8Array | Float32Array | readonly number[];

export function checkImage(image: PixelImage, what = 'image'): void {
  if (image.length !== PIXELS_PER_IMAGE) {
    throw new RangeError(`${what} has ${image.length} pixels, expected 28×28 = ${PIXELS_PER_IMAGE}`);
  }
}

/** Normalised batch [N, 28, 28, 1] with the model's normalization (every caller passes its model's). Live tensor: call inside tf.tidy. */
export function imagesTensor(images: readonly PixelImage[], normalization: Normalization): tf.Tensor4D {
  if (images.length === 0) throw new RangeError('no images given');
  const flat = new Float32Array(images.length * PIXELS_PER_IMAGE);
  images.forEach((image, i) => {
    checkImage(image, `image ${i}`);
    normalizePixels(image, flat.subarray(i * PIXELS_PER_IMAGE, (i + 1) * PIXELS_PER_IMAGE), normalization);
  });
  return tf.tensor4d(flat, [images.length, IMAGE_SIZE, IMAGE_SIZE, 1]);
}
