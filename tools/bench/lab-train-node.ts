// Part of `npm run bench` (g): lab 2's training loop in Node on wasm, per model, with the page's
// batch size — images/s without the film and held-out scoring (the loop alone) and with them (what
// the page runs), so the film's cost shows. Prints one JSON line.
//   tsx tools/bench/lab-train-node.ts --images N [--batch-size N]
import { LAB_TRAINING_DEFAULTS, TRAINABLE_MODELS } from '../../src/lib/train/lab-training';
import { runLabTraining } from '../../src/lib/train/lab-training-run';
import { useBackend } from '../lib/backend-node';
import { intOption, parseArgs } from '../lib/cli-args';
import { labRunData } from '../lib/lab-train-data';

const args = parseArgs(process.argv.slice(2), ['images', 'batch-size']);
const images = intOption(args, 'images', 1) ?? 3200;
const batchSize = intOption(args, 'batch-size', 1) ?? LAB_TRAINING_DEFAULTS.batchSize;
await useBackend('wasm');
const all = labRunData('mnist');
// The test pass is not training: 100 test images (all classes, for the film's strip) keep it short.
const data = { ...all, testPixels: all.testPixels.subarray(0, 100 * 784), testLabels: all.testLabels.subarray(0, 100) };
const rows: Array<{ model: string; batch: number; images: number; loopOnly: number; watched: number }> = [];
for (const model of TRAINABLE_MODELS) {
  const settings = { ...LAB_TRAINING_DEFAULTS, model, trainImages: images, epochs: 1, batchSize };
  // The epoch's own rate: its batches and what runs between them (film, held-out scoring), not the end-of-epoch score.
  const rate = async (watch: boolean) => (await runLabTraining(settings, data, { watch })).history[0].imagesPerSecond;
  await runLabTraining({ ...settings, trainImages: batchSize * 2 }, data, { watch: false }); // warm-up
  const loopOnly = await rate(false);
  const watched = await rate(true);
  rows.push({ model, batch: batchSize, images, loopOnly, watched });
  console.error(`${model}: ${loopOnly.toFixed(1)} img/s loop only, ${watched.toFixed(1)} img/s with the film`);
}
console.log(JSON.stringify(rows));
