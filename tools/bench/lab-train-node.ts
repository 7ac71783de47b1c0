// Part of `npm run bench` (g): lab 2's training loop in Node on wasm, per model, with the page's
// batch size and the film and held-out scoring on (what the page runs). The loop times its own
// watching (film frames, held-out scorings) where it happens, so their cost comes from one run,
// not from the difference of two noisy ones. Prints one JSON line.
//   tsx tools/bench/lab-train-node.ts --images N [--batch-size N] [--models a,b]
import { LAB_TRAINING_DEFAULTS, TRAINABLE_MODELS, type TrainableModel } from '../../src/lib/train/lab-training';
import { runLabTraining, type WatchingCost } from '../../src/lib/train/lab-training-run';
import { useBackend } from '../lib/backend-node';
import { intOption, parseArgs, stringOption, UsageError } from '../lib/cli-args';
import { labRunData } from '../lib/lab-train-data';

export interface LabTrainNodeRow extends WatchingCost {
  model: string;
  batch: number;
  images: number;
  /** The epoch's images/s, watching included, as the page reports it. */
  watched: number;
  /** The epoch's seconds (its batches and what runs between them). */
  epochSeconds: number;
}

const args = parseArgs(process.argv.slice(2), ['images', 'batch-size', 'models']);
const images = intOption(args, 'images', 1) ?? 3200;
const batchSize = intOption(args, 'batch-size', 1) ?? LAB_TRAINING_DEFAULTS.batchSize;
await useBackend('wasm');
const models = (stringOption(args, 'models') ?? TRAINABLE_MODELS.join(',')).split(',');
for (const m of models)
  if (!TRAINABLE_MODELS.includes(m as TrainableModel))
    throw new UsageError(`--models: "${m}" is not one of ${TRAINABLE_MODELS.join(', ')}`);
const all = labRunData('mnist');
// The test pass is not training: 100 test images (all classes, for the film's strip) keep it short.
const data = { ...all, testPixels: all.testPixels.subarray(0, 100 * 784), testLabels: all.testLabels.subarray(0, 100) };
const rows: LabTrainNodeRow[] = [];
for (const model of models as TrainableModel[]) {
  const settings = { ...LAB_TRAINING_DEFAULTS, model, trainImages: images, epochs: 1, batchSize };
  await runLabTraining({ ...settings, trainImages: batchSize * 2 }, data, { watch: true }); // warm-up
  const run = await runLabTraining(settings, data, { watch: true });
  const watched = run.history[0].imagesPerSecond;
  const row = { model, batch: batchSize, images, watched, epochSeconds: (run.steps * batchSize) / watched, ...run.watching };
  rows.push(row);
  console.error(
    `${model}: ${watched.toFixed(1)} img/s; ${row.frames} frames in ${row.frameSeconds.toFixed(2)} s, ${row.validations} held-out scorings in ${row.validationSeconds.toFixed(2)} s, of ${row.epochSeconds.toFixed(1)} s`,
  );
}
console.log(JSON.stringify(rows));
