// Lab 2's training images in the browser (format: src/lib/data/train-set-asset.ts): the manifest,
// then only the gzip chunks a run needs, each unpacked with DecompressionStream and checked against
// its sha256 before use. Chunks stay in memory for the next run in the same worker.
import {
  chunksFor,
  parseTrainSetManifest,
  trainSetManifestFile,
  TrainSetError,
  type LabDataset,
  type TrainChunk,
  type TrainSetManifest,
} from '../lib/data/train-set-asset';
import { fetchOk } from './fetch-ok';
import { sha256Hex } from './sha256';

const PIXELS = 784;

export interface LoadedTrainSet {
  manifest: TrainSetManifest;
  manifestSha256: string;
  /** The first `count` training images and labels. */
  pixels: Uint8Array;
  labels: Uint8Array;
  validationPixels: Uint8Array;
  validationLabels: Uint8Array;
}

const manifests = new Map<LabDataset, Promise<{ manifest: TrainSetManifest; sha256: string }>>();
const chunks = new Map<string, Promise<Uint8Array>>();

async function checked(bytes: Uint8Array, expected: { file: string; sha256: string }, what: string): Promise<Uint8Array> {
  const actual = await sha256Hex(bytes);
  if (actual !== expected.sha256)
    throw new TrainSetError(`${what} (${expected.file}) is damaged: its sha256 is ${actual}, not ${expected.sha256}`);
  return bytes;
}

/**
 * The chunk's pixels. Some servers send a .gz file with `Content-Encoding: gzip` (astro preview,
 * hosts that map .gz to an encoding): the browser has unpacked it already. The gzip magic number
 * tells which; the sha256 check after this catches anything else.
 */
async function gunzip(response: Response): Promise<Uint8Array> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function loadChunk(base: string, chunk: TrainChunk, what: string): Promise<Uint8Array> {
  const key = base + chunk.file;
  let pending = chunks.get(key);
  if (!pending) {
    pending = fetchOk(key, what)
      .then(gunzip)
      .then((bytes) => {
        if (bytes.length !== chunk.images * PIXELS)
          throw new TrainSetError(`${what} holds ${bytes.length} bytes, not ${chunk.images * PIXELS}`);
        return checked(bytes, chunk, what);
      });
    pending.catch(() => chunks.delete(key)); // a later run may succeed (the network came back)
    chunks.set(key, pending);
  }
  return pending;
}

async function loadRaw(base: string, file: { file: string; bytes: number; sha256: string }, what: string): Promise<Uint8Array> {
  const bytes = new Uint8Array(await (await fetchOk(base + file.file, what)).arrayBuffer());
  if (bytes.length !== file.bytes) throw new TrainSetError(`${what} holds ${bytes.length} bytes, not ${file.bytes}`);
  return checked(bytes, file, what);
}

export function loadTrainSetManifest(base: string, dataset: LabDataset): Promise<{ manifest: TrainSetManifest; sha256: string }> {
  let pending = manifests.get(dataset);
  if (!pending) {
    pending = fetchOk(base + trainSetManifestFile(dataset), `the ${dataset} training-set manifest`)
      .then((r) => r.arrayBuffer())
      .then(async (buffer) => {
        const bytes = new Uint8Array(buffer);
        return { manifest: parseTrainSetManifest(JSON.parse(new TextDecoder().decode(bytes))), sha256: await sha256Hex(bytes) };
      });
    pending.catch(() => manifests.delete(dataset));
    manifests.set(dataset, pending);
  }
  return pending;
}

/** The first `count` training images of `dataset` and its held-out set; `onProgress(done, total)` in chunks. */
export async function loadTrainSet(
  base: string,
  dataset: LabDataset,
  count: number,
  onProgress?: (done: number, total: number) => void,
): Promise<LoadedTrainSet> {
  const { manifest, sha256 } = await loadTrainSetManifest(base, dataset);
  const needed = chunksFor(manifest, count);
  const total = needed.length + 1;
  let done = 0;
  const tick = () => onProgress?.(++done, total);
  const [labels, validationPixels, validationLabels, ...parts] = await Promise.all([
    loadRaw(base, manifest.labels, `the ${dataset} training labels`),
    loadChunk(base, manifest.validation.images, `the ${dataset} validation images`).then((b) => (tick(), b)),
    loadRaw(base, manifest.validation.labels, `the ${dataset} validation labels`),
    ...needed.map((c, i) => loadChunk(base, c, `${dataset} training chunk ${i + 1}`).then((b) => (tick(), b))),
  ]);
  const pixels = new Uint8Array(count * PIXELS);
  let offset = 0;
  for (const part of parts) {
    const take = Math.min(part.length, pixels.length - offset);
    pixels.set(part.subarray(0, take), offset);
    offset += take;
  }
  return { manifest, manifestSha256: sha256, pixels, labels: labels.slice(0, count), validationPixels, validationLabels };
}
