// The `<input>` argument the CLIs share (explain, attack): a PNG, JPEG or PGM file, taken through
// the MNIST-style preprocessing, or mnist-test:<index> / fashion-test:<index> as it is. The pixels and how the report
// describes them.
import path from 'node:path';
import { parseInteger } from './cli-args';
import { describeImageInput, readInputImage, toModelInput } from './image-input';
import { loadMnistSplit } from './mnist-node';
import { loadFashionMnist } from './fashion-node';

export interface ResolvedInput {
  /** 28×28 gray values 0..255, white digit on black. */
  pixels: Uint8Array;
  description: Record<string, unknown>;
}

export function resolveInput(spec: string): ResolvedInput {
  const fashion = /^fashion-test:(.*)$/.exec(spec);
  if (fashion) {
    const set = loadFashionMnist().test;
    const index = parseInteger(fashion[1], 'fashion-test index', 0, set.count - 1);
    return {
      pixels: Uint8Array.from(set.pixels.subarray(index * 784, (index + 1) * 784)),
      description: { source: spec, label: set.labels[index], width: 28, height: 28, preprocessing: 'as-is' },
    };
  }
  const test = /^mnist-test:(.*)$/.exec(spec);
  if (test) {
    const index = parseInteger(test[1], 'mnist-test index', 0, 9999);
    const set = loadMnistSplit('test');
    return {
      pixels: Uint8Array.from(set.images.pixels.subarray(index * 784, (index + 1) * 784)),
      description: { source: spec, label: set.labels[index], width: 28, height: 28, preprocessing: 'as-is' },
    };
  }
  const image = readInputImage(spec);
  const input = toModelInput(image);
  return { pixels: input.pixels, description: describeImageInput(input, { source: path.basename(spec), format: image.format }) };
}
