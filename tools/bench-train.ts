// npm run bench:train [-- --batches N --repeats R]
// Training throughput (images/s) of both models on every tfjs backend available in Node,
// median of R timed runs after one warm-up batch. Prints a Markdown table and the machine.
import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { normalizePixels } from '../src/lib/data/preprocess';
import type { ModelName } from '../src/lib/models/registry';
import { train } from '../src/lib/train/trainer';
import { useBackend, type NodeBackend } from './lib/backend-node';
import { intOption, parseArgs } from './lib/cli-args';
import { loadMnistSplit } from './lib/mnist-node';
import { defaultRecipe } from './lib/recipes';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['batches', 'repeats']);
  const repeats = intOption(args, 'repeats', 1) ?? 3;
  const set = loadMnistSplit('train');
  const data = {
    pixels: set.images.pixels,
    labels: set.labels,
    trainIndices: Uint32Array.from({ length: 55000 }, (_, i) => i),
    validationIndices: Uint32Array.from({ length: 1 }, () => 55000),
    normalizedLut: normalizePixels(Uint8Array.from({ length: 256 }, (_, i) => i)),
  };
  console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores, Node ${process.version}, tfjs ${tf.version_core}`);
  console.log('| backend | model | batch | images/s (median) | runs |');
  console.log('|---|---|---|---|---|');
  const rates: Record<string, number> = {};
  for (const backend of ['wasm', 'cpu'] as NodeBackend[]) {
    await useBackend(backend);
    for (const model of ['attention', 'traditional'] as ModelName[]) {
      const recipe = defaultRecipe(model);
      // The pure-JS cpu backend is far slower: a smaller batch and fewer of them keep this short
      // (images/s barely depends on the batch size there).
      const batches = intOption(args, 'batches', 1) ?? (backend === 'cpu' ? 1 : 20);
      const batchSize = backend === 'cpu' ? 16 : recipe.config.batchSize;
      const run = async (n: number) => {
        const result = await train({ ...recipe.config, batchSize, epochs: 1, maxBatchesPerEpoch: n }, data);
        return result.history[0].imagesPerSecond;
      };
      await run(1); // warm-up: kernel setup, XNNPACK operator creation
      const samples: number[] = [];
      for (let r = 0; r < repeats; r++) samples.push(await run(batches));
      rates[`${backend}/${model}`] = median(samples);
      console.log(
        `| ${backend} | ${model} | ${batchSize} | ${median(samples).toFixed(1)} | ${samples.map((s) => s.toFixed(1)).join(', ')} |`,
      );
    }
  }
  for (const model of ['attention', 'traditional']) {
    console.log(`wasm / cpu speed-up, ${model}: ${(rates[`wasm/${model}`] / rates[`cpu/${model}`]).toFixed(1)}×`);
  }
}

main().catch((error: unknown) => {
  console.error(`bench:train: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
