// The build's lab 2 training files (format: src/lib/data/train-set-asset.ts), per dataset, into
// public/generated/lab-train/: gzip chunks of 5,000 class-interleaved training images, their
// labels, the held-out 1,000 and a manifest with sha256s of the uncompressed bytes. gzip with a
// fixed level and no timestamp, so two builds write the same bytes.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  LAB_DATASETS,
  TRAIN_CHUNK_IMAGES,
  TRAIN_SET_FORMAT,
  trainSetManifestFile,
  type LabDataset,
  type TrainChunk,
  type TrainSetManifest,
} from '../../src/lib/data/train-set-asset';
import { labRunData } from './lab-train-data';

const PIXELS = 784;
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

function writeChunk(dir: string, file: string, pixels: Uint8Array): TrainChunk {
  const gz = gzipSync(pixels, { level: 9 });
  writeFileSync(path.join(dir, file), gz);
  return { file, images: pixels.length / PIXELS, bytes: gz.length, sha256: sha256(pixels) };
}

function writeDataset(dir: string, dataset: LabDataset): TrainSetManifest {
  const data = labRunData(dataset);
  const count = data.trainLabels.length;
  const chunks: TrainChunk[] = [];
  for (let start = 0, k = 0; start < count; start += TRAIN_CHUNK_IMAGES, k++) {
    const end = Math.min(count, start + TRAIN_CHUNK_IMAGES);
    chunks.push(
      writeChunk(dir, `${dataset}-train-${String(k).padStart(2, '0')}.u8.gz`, data.trainPixels.subarray(start * PIXELS, end * PIXELS)),
    );
  }
  const labelsFile = `${dataset}-train-labels.u8`;
  writeFileSync(path.join(dir, labelsFile), data.trainLabels);
  const validationLabelsFile = `${dataset}-validation-labels.u8`;
  writeFileSync(path.join(dir, validationLabelsFile), data.validationLabels);
  const manifest: TrainSetManifest = {
    format: TRAIN_SET_FORMAT,
    dataset,
    count,
    chunkImages: TRAIN_CHUNK_IMAGES,
    chunks,
    labels: { file: labelsFile, bytes: count, sha256: sha256(data.trainLabels) },
    validation: {
      images: writeChunk(dir, `${dataset}-validation.u8.gz`, data.validationPixels),
      labels: { file: validationLabelsFile, bytes: data.validationLabels.length, sha256: sha256(data.validationLabels) },
    },
    source: data.source,
  };
  writeFileSync(path.join(dir, trainSetManifestFile(dataset)), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Writes both datasets' files into `dir` (replacing it whole) unless `key` says they are current. */
export function writeTrainSetFiles(dir: string, key: string): 'up to date' | string {
  const keyFile = path.join(dir, '.key');
  if (existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key) return 'up to date';
  const staging = `${dir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const lines = LAB_DATASETS.map((d) => {
    const m = writeDataset(staging, d);
    const mb = (m.chunks.reduce((n, c) => n + c.bytes, 0) / 1048576).toFixed(1);
    return `${d} ${m.count} images in ${m.chunks.length} chunks (${mb} MB gzip)`;
  });
  writeFileSync(path.join(staging, '.key'), key);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return `wrote ${lines.join('; ')}`;
}
