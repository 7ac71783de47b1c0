// Node: lab 2's data exactly as the browser receives it (src/lib/data/train-set-asset.ts) — each
// dataset's training and validation splits in class-interleaved order, the first 1,000 validation
// images held out, and the test set. The build writes the site's training files from this, and
// `npm run train -- --lab` trains on it, so both see the same images in the same order.
import { classInterleavedOrder } from '../../src/lib/data/class-interleave';
import { trainValidationSplit } from '../../src/lib/data/split';
import { LAB_VALIDATION_COUNT, type LabDataset } from '../../src/lib/data/train-set-asset';
import type { LabRunData } from '../../src/lib/train/lab-training-run';
import { fashionDataPackage, loadFashionMnist } from './fashion-node';
import { loadMnistSplit, mnistDataPackage } from './mnist-node';

const PIXELS = 784;

/** The images at `order` (positions in pixels/labels), copied in that order. */
function gather(pixels: Uint8Array, labels: Uint8Array, order: ArrayLike<number>): { pixels: Uint8Array; labels: Uint8Array } {
  const out = { pixels: new Uint8Array(order.length * PIXELS), labels: new Uint8Array(order.length) };
  for (let i = 0; i < order.length; i++) {
    out.pixels.set(pixels.subarray(order[i] * PIXELS, (order[i] + 1) * PIXELS), i * PIXELS);
    out.labels[i] = labels[order[i]];
  }
  return out;
}

function interleaved(pixels: Uint8Array, labels: Uint8Array, keep = labels.length) {
  return gather(pixels, labels, classInterleavedOrder(labels).subarray(0, keep));
}

export interface LabDatasetFiles extends LabRunData {
  source: { package: string; files: Record<string, string> };
}

export function labRunData(dataset: LabDataset): LabDatasetFiles {
  if (dataset === 'fashion-mnist') {
    const f = loadFashionMnist();
    const train = interleaved(f.train.pixels, f.train.labels);
    const validation = interleaved(f.validation.pixels, f.validation.labels, LAB_VALIDATION_COUNT);
    return {
      trainPixels: train.pixels,
      trainLabels: train.labels,
      validationPixels: validation.pixels,
      validationLabels: validation.labels,
      testPixels: f.test.pixels,
      testLabels: f.test.labels,
      source: { package: fashionDataPackage(), files: f.files },
    };
  }
  const file = loadMnistSplit('train');
  const test = loadMnistSplit('test');
  const split = trainValidationSplit(file.images.count);
  const part = (start: number, end: number) => ({
    pixels: file.images.pixels.subarray(start * PIXELS, end * PIXELS),
    labels: file.labels.subarray(start, end),
  });
  const t = part(split.train.start, split.train.end);
  const v = part(split.validation.start, split.validation.end);
  const train = interleaved(t.pixels, t.labels);
  const validation = interleaved(v.pixels, v.labels, LAB_VALIDATION_COUNT);
  return {
    trainPixels: train.pixels,
    trainLabels: train.labels,
    validationPixels: validation.pixels,
    validationLabels: validation.labels,
    testPixels: test.images.pixels,
    testLabels: test.labels,
    source: {
      package: mnistDataPackage(),
      files: { [file.files.images.name]: file.files.images.sha256, [file.files.labels.name]: file.files.labels.sha256 },
    },
  };
}
