// The MNIST test set as the site serves it (public/data/, written by tools/export-test-set.ts):
// raw uint8 pixels and labels plus a JSON manifest with sizes and sha256 digests, so the
// browser can check it received exactly the exported bytes before computing any accuracy.
// Browser-safe: the sha256 function is passed in (Web Crypto in the browser, node:crypto in tests).
import type { LabelledImages } from './idx';

export const TEST_SET_FORMAT = 'mnist-test-u8/1';
export const TEST_SET_FILES = {
  manifest: 'mnist-test.json',
  images: 'mnist-test-images.u8',
  labels: 'mnist-test-labels.u8',
} as const;

/** Lab 1's Fashion-MNIST test set (our split, src/lib/data/fashion-mnist.ts), in the same format. */
export const FASHION_TEST_SET_FILES = {
  manifest: 'fashion-test.json',
  images: 'fashion-test-images.u8',
  labels: 'fashion-test-labels.u8',
} as const;

export interface AssetFile {
  file: string;
  bytes: number;
  /** Lowercase hex sha256 of the file. */
  sha256: string;
}

export interface TestSetManifest {
  format: typeof TEST_SET_FORMAT;
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols bytes, image after image, row-major. */
  images: AssetFile;
  /** count bytes, one digit per image. */
  labels: AssetFile;
  /** Where the data came from: the npm package and the sha256 of each IDX file used. */
  source: { package: string; files: Record<string, string> };
}

export class TestSetAssetError extends Error {
  override name = 'TestSetAssetError';
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const MAX_LABEL = 9;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
// Safe integers only: beyond 2^53 the products and comparisons below would be rounded.
const isPositiveInteger = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

/** A manifest value for an error message. JSON.stringify recurses, and parsed JSON can nest
 *  arrays thousands deep: that must be a TestSetAssetError, not a RangeError. */
function showJson(value: unknown): string {
  try {
    return String(JSON.stringify(value));
  } catch {
    return Array.isArray(value) ? 'an array nested too deeply to show' : 'an object nested too deeply to show';
  }
}

/** Why `v` is not a positive integer, for the message: too large, or not one at all. */
const notPositiveInteger = (v: unknown) =>
  `must be a positive integer${Number.isInteger(v) && (v as number) > 0 ? ` no larger than ${Number.MAX_SAFE_INTEGER}` : ''}, got ${showJson(v)}`;

function fail(problem: string): never {
  throw new TestSetAssetError(`Test-set manifest is invalid: ${problem}`);
}

function checkAssetFile(value: unknown, field: 'images' | 'labels', expectedBytes: number): AssetFile {
  if (!isObject(value)) fail(`"${field}" must be an object with file, bytes and sha256`);
  const { file, bytes, sha256 } = value;
  if (typeof file !== 'string' || file === '') fail(`"${field}.file" must be a file name`);
  if (!isPositiveInteger(bytes)) fail(`"${field}.bytes" ${notPositiveInteger(bytes)}`);
  if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) {
    fail(`"${field}.sha256" must be 64 lowercase hex digits, got ${showJson(sha256)}`);
  }
  if (bytes !== expectedBytes) fail(`"${field}.bytes" is ${bytes}, but count, rows and cols need ${expectedBytes}`);
  return { file, bytes, sha256 };
}

/** Checks the manifest's shape and internal consistency. */
export function parseTestSetManifest(manifest: unknown): TestSetManifest {
  if (!isObject(manifest)) fail('expected a JSON object');
  const { format, count, rows, cols, source } = manifest;
  if (format !== TEST_SET_FORMAT) fail(`format is ${showJson(format)}, expected "${TEST_SET_FORMAT}"`);
  for (const [name, v] of Object.entries({ count, rows, cols })) {
    if (!isPositiveInteger(v)) fail(`"${name}" ${notPositiveInteger(v)}`);
  }
  const [n, r, c] = [count, rows, cols] as number[];
  const images = checkAssetFile(manifest.images, 'images', n * r * c);
  const labels = checkAssetFile(manifest.labels, 'labels', n);
  if (
    !isObject(source) ||
    typeof source.package !== 'string' ||
    !isObject(source.files) ||
    !Object.values(source.files).every((s) => typeof s === 'string')
  ) {
    fail('"source" must be { package: string, files: { [name]: sha256 } }');
  }
  return {
    format: TEST_SET_FORMAT,
    count: n,
    rows: r,
    cols: c,
    images,
    labels,
    source: { package: source.package, files: { ...(source.files as Record<string, string>) } },
  };
}

async function checkBytes(
  what: 'images' | 'labels',
  expected: AssetFile,
  data: ArrayBuffer,
  sha256: (b: ArrayBuffer) => Promise<string>,
): Promise<void> {
  const label = `Test-set ${what} are corrupt`;
  if (data.byteLength !== expected.bytes) {
    throw new TestSetAssetError(`${label}: expected ${expected.bytes} bytes (${expected.file}), got ${data.byteLength}`);
  }
  const actual = (await sha256(data)).toLowerCase();
  if (actual !== expected.sha256) {
    throw new TestSetAssetError(`${label}: sha256 mismatch for ${expected.file}: expected ${expected.sha256}, got ${actual}`);
  }
}

/**
 * Validates the fetched test set against its manifest and returns views over the buffers
 * (no copy). Throws TestSetAssetError naming the first problem.
 */
export async function parseTestSetAsset(
  manifest: unknown,
  images: ArrayBuffer,
  labels: ArrayBuffer,
  sha256: (b: ArrayBuffer) => Promise<string>,
): Promise<LabelledImages> {
  const m = parseTestSetManifest(manifest);
  await checkBytes('images', m.images, images, sha256);
  await checkBytes('labels', m.labels, labels, sha256);
  const labelBytes = new Uint8Array(labels);
  const bad = labelBytes.findIndex((label) => label > MAX_LABEL);
  if (bad >= 0) {
    throw new TestSetAssetError(
      `Test-set labels are corrupt: label ${labelBytes[bad]} at index ${bad} is out of range: expected 0..${MAX_LABEL}`,
    );
  }
  return { count: m.count, rows: m.rows, cols: m.cols, pixels: new Uint8Array(images), labels: labelBytes };
}

/** sha256 as lowercase hex with Web Crypto (browsers, and Node ≥ 20 as globalThis.crypto). */
export async function webCryptoSha256(data: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Fetches and validates the test set served under `baseUrl` (e.g. `${import.meta.env.BASE_URL}data/`).
 */
export async function fetchTestSet(
  baseUrl: string,
  fetchFn: typeof fetch = fetch,
  manifestFile: string = TEST_SET_FILES.manifest,
): Promise<LabelledImages> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const get = async (file: string) => {
    const response = await fetchFn(base + file);
    if (!response.ok) throw new TestSetAssetError(`Could not load the test set: ${base + file} answered ${response.status}`);
    return response;
  };
  const manifest = parseTestSetManifest(await (await get(manifestFile)).json());
  const [images, labels] = await Promise.all([
    get(manifest.images.file).then((r) => r.arrayBuffer()),
    get(manifest.labels.file).then((r) => r.arrayBuffer()),
  ]);
  return parseTestSetAsset(manifest, images, labels, webCryptoSha256);
}
