// What lab 2 writes next to a trained model: the model card (recipe, curves, accuracy, seed,
// backend, hashes) and the film (the strip's maps every few steps). The browser's "Download" and
// `npm run train -- --lab` build them with these functions; the lesson's static figure reads a
// recorded film.
import type { Heatmap } from '../contract/heatmap';
import { getModel } from '../models/registry';
import type { CurvePoint, FilmFrame, ValidationPoint } from './lab-training-run';
import { labTrainConfig, registryModelFor, trainedModelId, type LabTrainingSettings } from './lab-training';
import type { EpochRecord } from './trainer';

export const LAB_CARD_FORMAT = 'lab-training-card/1';
export const LAB_FILM_FORMAT = 'lab-training-film/1';

export interface LabCardInput {
  settings: LabTrainingSettings;
  backend: string;
  tfjs: string;
  /** Where it ran: the browser's user agent, or "Node v20 …". */
  runtime: string;
  weights: { file: string; bytes: number; sha256: string };
  data: { package: string; files: Record<string, string>; trainSetManifestSha256?: string };
  history: EpochRecord[];
  curve: CurvePoint[];
  validation: ValidationPoint[];
  test: { count: number; loss: number; accuracy: number };
  trainSeconds: number;
  steps: number;
  /** ISO date-time of the end of the run. */
  finished: string;
}

export function labModelCard(input: LabCardInput) {
  const model = trainedModelId(input.settings);
  const definition = getModel(model);
  return {
    format: LAB_CARD_FORMAT,
    title: `Homework lab 2: the ${definition.label} trained in the browser`,
    pytorchClass: definition.pytorchClass,
    registryModel: registryModelFor(input.settings),
    weights: input.weights,
    settings: input.settings,
    recipe: {
      ...labTrainConfig(input.settings),
      optimizer: { name: 'Adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
      schedule: 'linear warm-up (3 % of the steps) + cosine decay to 1 % of the peak',
      initialisation: 'seeded (no pretrained weights)',
      augmentation: 'none',
      order: 'the first N training images in class-interleaved order, reshuffled every epoch by the seed',
    },
    dataset: {
      name: input.settings.dataset,
      ...input.data,
      normalization: definition.normalization,
      validation: 'the held-out 1,000 (100 per class)',
    },
    backend: input.backend,
    tfjs: input.tfjs,
    runtime: input.runtime,
    trainSeconds: Math.round(input.trainSeconds * 10) / 10,
    steps: input.steps,
    history: input.history,
    curves: { training: input.curve, validation: input.validation },
    test: input.test,
    finished: input.finished,
  };
}

export type LabModelCard = ReturnType<typeof labModelCard>;

const round = (v: number) => Math.round(v * 1e4) / 1e4;
const cells = (map: Heatmap) => Array.from(map.data, round);

/** The film in JSON: maps as rounded row-major cell lists. */
export function labFilm(
  settings: LabTrainingSettings,
  strip: Array<{ index: number; label: number }>,
  frameEvery: number,
  frames: FilmFrame[],
  test: { accuracy: number },
) {
  return {
    format: LAB_FILM_FORMAT,
    settings,
    frameEvery,
    strip,
    testAccuracy: test.accuracy,
    frames: frames.map((f) => ({
      step: f.step,
      epochs: round(f.epochs),
      maps: f.maps.map((m) => ({
        predicted: m.predicted,
        probability: round(m.probability),
        attention: m.attention ? cells(m.attention) : null,
        attentionHeads: m.attentionHeads,
        cam: cells(m.cam),
        size: [m.cam.height, m.cam.width],
      })),
    })),
  };
}

export type LabFilm = ReturnType<typeof labFilm>;
