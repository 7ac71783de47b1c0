// `npm run train -- --lab …`: homework lab 2's training run in Node, with the browser's settings,
// data order and loop (src/lib/train/lab-training-run.ts). On the wasm backend it writes the same
// safetensors bytes as the page's "Download weights" for the same settings.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { LAB_DATASETS, type LabDataset } from '../../src/lib/data/train-set-asset';
import { labFilm, labModelCard } from '../../src/lib/train/lab-card';
import { runLabTraining, stripIndices, type CurvePoint, type FilmFrame, type ValidationPoint } from '../../src/lib/train/lab-training-run';
import {
  LAB_TRAINING_DEFAULTS,
  LAB_TRAINING_LIMITS,
  settingProblems,
  TRAINABLE_MODELS,
  type LabTrainingSettings,
  type TrainableModel,
} from '../../src/lib/train/lab-training';
import { decimalOption, intOption, stringOption, UsageError, type ParsedArgs } from './cli-args';
import { labRunData } from './lab-train-data';
import { sha256Hex } from './mnist-node';
import { formatDuration, progressLine } from './progress';
import { writeSetAtomically } from './train-output';

export const LAB_OPTIONS = ['dataset', 'train-images', 'lr', 'penalty', 'film'];

export const LAB_USAGE = `
homework lab 2 (--lab): one run with the page's settings, defaults as the page's
  --model M               ${TRAINABLE_MODELS.join(', ')} (default ${LAB_TRAINING_DEFAULTS.model})
  --dataset D             ${LAB_DATASETS.join(', ')} (default ${LAB_TRAINING_DEFAULTS.dataset})
  --train-images N        training images (default ${LAB_TRAINING_DEFAULTS.trainImages})
  --epochs N --batch-size N --lr X --penalty λ --seed S
  --film FILE             also write the film (the strip's maps every few steps) as JSON
  writes <model>-lab.safetensors and <model>-lab-card.json into --out (default runs/<UTC timestamp>/)
`;

/** The page's settings from the command line (unset = the page's defaults). */
export function labSettings(args: ParsedArgs): LabTrainingSettings {
  const model = stringOption(args, 'model') ?? LAB_TRAINING_DEFAULTS.model;
  if (!TRAINABLE_MODELS.includes(model as TrainableModel))
    throw new UsageError(`--model must be one of ${TRAINABLE_MODELS.join(', ')} with --lab, got "${model}"`);
  const dataset = stringOption(args, 'dataset') ?? LAB_TRAINING_DEFAULTS.dataset;
  if (!LAB_DATASETS.includes(dataset as LabDataset))
    throw new UsageError(`--dataset must be one of ${LAB_DATASETS.join(', ')}, got "${dataset}"`);
  const settings: LabTrainingSettings = {
    model: model as TrainableModel,
    dataset: dataset as LabDataset,
    penalty:
      decimalOption(args, 'penalty', LAB_TRAINING_LIMITS.penalty.min, LAB_TRAINING_LIMITS.penalty.max) ?? LAB_TRAINING_DEFAULTS.penalty,
    trainImages: intOption(args, 'train-images', 1) ?? LAB_TRAINING_DEFAULTS.trainImages,
    epochs: intOption(args, 'epochs', 1) ?? LAB_TRAINING_DEFAULTS.epochs,
    batchSize: intOption(args, 'batch-size', 1) ?? LAB_TRAINING_DEFAULTS.batchSize,
    learningRate:
      decimalOption(args, 'lr', LAB_TRAINING_LIMITS.learningRate.min, LAB_TRAINING_LIMITS.learningRate.max, { exponent: true }) ??
      LAB_TRAINING_DEFAULTS.learningRate,
    seed: intOption(args, 'seed', 0) ?? LAB_TRAINING_DEFAULTS.seed,
  };
  const problems = Object.entries(settingProblems(settings));
  if (problems.length > 0) throw new UsageError(problems.map(([k, why]) => `${k} ${why}`).join('; '));
  return settings;
}

export async function trainLab(args: ParsedArgs, outDir: string, backend: string): Promise<void> {
  const settings = labSettings(args);
  const data = labRunData(settings.dataset);
  const line = progressLine();
  const curve: CurvePoint[] = [];
  const validation: ValidationPoint[] = [];
  const frames: FilmFrame[] = [];
  console.error(`lab training on ${backend}: ${JSON.stringify(settings)}`);
  const result = await runLabTraining(settings, data, {
    onProgress: (p) =>
      line.update(
        `epoch ${p.epoch}/${p.epochs} batch ${p.batch}/${p.batches} loss ${p.loss.toFixed(4)} acc ${(100 * p.accuracy).toFixed(2)}% ${p.imagesPerSecond.toFixed(0)} img/s ETA ${formatDuration(p.etaSeconds)}`,
        p.batch / p.batches,
      ),
    onEpoch: (e) =>
      line.done(`epoch ${e.epoch}: validation acc ${(100 * e.validationAccuracy).toFixed(2)}% | ${e.imagesPerSecond.toFixed(0)} img/s`),
    onCurve: (p) => curve.push(p),
    onValidation: (p) => validation.push(p),
    onFrame: (f) => frames.push(f),
  });
  const file = `${settings.model}${settings.dataset === 'mnist' ? '' : `-${settings.dataset}`}-lab.safetensors`;
  const sha256 = sha256Hex(result.safetensors);
  const card = labModelCard({
    settings,
    backend: result.backend,
    tfjs: tf.version_core,
    runtime: `Node ${process.version} (${os.cpus()[0]?.model ?? 'unknown CPU'})`,
    weights: { file, bytes: result.safetensors.length, sha256 },
    data: data.source,
    history: result.history,
    curve,
    validation,
    test: result.test,
    trainSeconds: result.trainSeconds,
    steps: result.steps,
    finished: new Date().toISOString(),
  });
  await writeSetAtomically(outDir, async (staging) => {
    writeFileSync(path.join(staging, file), result.safetensors);
    writeFileSync(path.join(staging, file.replace(/\.safetensors$/, '-card.json')), `${JSON.stringify(card, null, 2)}\n`);
  });
  const filmFile = stringOption(args, 'film');
  if (filmFile) {
    const strip = stripIndices(data.testLabels).map((index) => ({ index, label: data.testLabels[index] }));
    writeFileSync(filmFile, `${JSON.stringify(labFilm(settings, strip, result.frameEvery, frames, result.test))}\n`);
  }
  console.error(
    `test accuracy ${(100 * result.test.accuracy).toFixed(2)}% on ${result.test.count} images; wrote ${path.relative(process.cwd(), outDir) || '.'}/${file} (sha256 ${sha256})`,
  );
  console.log(sha256);
}
