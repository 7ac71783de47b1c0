// The numbers every part of the project agrees on, written once: image size, the 7×7×64 grid of
// the last conv block, the class count, and MNIST's normalisation.

/** Side of a model input image (MNIST): 28 × 28 gray pixels. */
export const IMAGE_SIZE = 28;
export const PIXELS_PER_IMAGE = IMAGE_SIZE * IMAGE_SIZE;

/** Spatial size and channels of the last conv block (the "base features"). */
export const BASE_HEIGHT = 7;
export const BASE_WIDTH = 7;
export const BASE_CHANNELS = 64;
/** Cells of a 7×7 map. */
export const MAP_CELLS = BASE_HEIGHT * BASE_WIDTH;

export const NUM_CLASSES = 10;

/** Mean and standard deviation of MNIST training pixels scaled to [0, 1]. */
export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;
