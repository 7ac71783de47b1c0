// The fixed train/validation split of the 60,000 MNIST training images. Training uses the
// first 55,000; the last 5,000 (indices 55000–59999) are held out for validation, the classic
// split of TensorFlow's MNIST tutorials. It is by position, not random, so every run — in Node
// or in the browser — trains and validates on exactly the same images. The 10,000 t10k images
// stay the test set.

export const MNIST_TRAIN_FILE_COUNT = 60000;
export const TRAIN_COUNT = 55000;
export const VALIDATION_START = TRAIN_COUNT;
export const VALIDATION_COUNT = MNIST_TRAIN_FILE_COUNT - TRAIN_COUNT;

/** Half-open range [start, end) of image indices in the training file. */
export interface IndexRange {
  start: number;
  end: number;
}

export interface TrainValidationSplit {
  train: IndexRange;
  validation: IndexRange;
}

/** The split for a training file of `total` images (must be the full 60,000). */
export function trainValidationSplit(total: number = MNIST_TRAIN_FILE_COUNT): TrainValidationSplit {
  if (total !== MNIST_TRAIN_FILE_COUNT) {
    throw new RangeError(`The train/validation split needs all ${MNIST_TRAIN_FILE_COUNT} MNIST training images, got ${total}`);
  }
  return {
    train: { start: 0, end: TRAIN_COUNT },
    validation: { start: VALIDATION_START, end: VALIDATION_START + VALIDATION_COUNT },
  };
}
