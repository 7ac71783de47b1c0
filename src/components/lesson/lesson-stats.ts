// Every data-derived number a lesson quotes, by name: read from the build's own data
// (public/generated/study.json from `npm run assets`, pretrained/model-card.json, the model
// specs), formatted once. Lessons render them with <Stat name="…" />; the content test
// (lesson-numbers.test.ts) uses the same table to catch numbers typed by hand.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { median, studyFromColumns, summarizeStudy, type StudySummary } from '../../lib/report/study-summary';
import type { StudyRow } from '../../lib/report/test-set-study';
import { FASHION_MEAN, FASHION_STD } from '../../lib/data/fashion-mnist';
import { parameterCountOf } from './model-specs';

export type StatFormat = 'integer' | 'percent0' | 'percent1' | 'percent2' | 'fixed1' | 'fixed2' | 'fixed3' | 'fixed4' | 'signed2';

export interface Stat {
  value: number;
  format: StatFormat;
  /** Where the number comes from, for the reader (title attribute) and for reviewers. */
  source: string;
}

const ROOT = process.cwd();
export const STUDY_PATH = path.join(ROOT, 'public/generated/study.json');
export const MODEL_CARD_PATH = path.join(ROOT, 'pretrained/model-card.json');

export interface ModelCardTraining {
  seed: number;
  epochs: number;
  batchSize: number;
  optimizer: { name: string; beta1: number; beta2: number; epsilon: number };
  schedule: { kind: string; peak: number; warmupFraction: number; floorFraction: number };
  augmentation: string;
  loss: string;
  history: { epoch: number; validationAccuracy: number }[];
}
export interface ModelCardModel {
  pytorchClass: string;
  file: string;
  sha256: string;
  parameters: { total: number };
  training: ModelCardTraining;
  test: { count: number; accuracy: number };
}
export interface ModelCard {
  preprocessing: { mean: number; std: number };
  data: { split: { train: string; validation: string; test: string } };
  models: { attention: ModelCardModel; traditional: ModelCardModel };
}

let cardCache: ModelCard | undefined;
export function modelCard(): ModelCard {
  cardCache ??= JSON.parse(readFileSync(MODEL_CARD_PATH, 'utf8')) as ModelCard;
  return cardCache;
}

let studyCache: { rows: StudyRow[]; summary: StudySummary } | undefined;
export function study(): { rows: StudyRow[]; summary: StudySummary } {
  if (!studyCache) {
    if (!existsSync(STUDY_PATH))
      throw new Error(`lesson-stats: ${path.relative(ROOT, STUDY_PATH)} is missing; run \`npm run assets\` first`);
    const { rows, weights } = studyFromColumns(JSON.parse(readFileSync(STUDY_PATH, 'utf8')));
    const card = modelCard();
    // A study made with other weights would quote numbers about networks the lesson does not ship.
    if (weights.attention !== card.models.attention.sha256 || weights.traditional !== card.models.traditional.sha256) {
      throw new Error(
        'lesson-stats: study.json was computed with other weights than pretrained/model-card.json describes; rerun `npm run assets`',
      );
    }
    studyCache = { rows, summary: summarizeStudy(rows) };
  }
  return studyCache;
}

function need(v: number | null, what: string): number {
  if (v === null || !Number.isFinite(v)) throw new Error(`lesson-stats: ${what} is undefined for this study`);
  return v;
}

const wrongByEither = (r: StudyRow) => r.attentionPredicted !== r.label || r.traditionalPredicted !== r.label;

function buildStats(): Record<string, Stat> {
  const card = modelCard();
  const { rows, summary } = study();
  const m = summary.medians;
  const S = 'public/generated/study.json (npm run assets)';
  const C = 'pretrained/model-card.json';
  const P = 'model specs (src/lib/models)';
  const F = 'the Fashion-MNIST split (src/lib/data/fashion-mnist.ts)';
  const params = (model: 'attention' | 'traditional', layer?: string) => parameterCountOf(model, layer);
  const backbone = params('attention', 'conv1') + params('attention', 'conv2') + params('attention', 'conv3');
  const attentionHead = params('attention') - backbone;
  const traditionalHead = params('traditional') - backbone;
  const stats: Record<string, Stat> = {
    'params.attention': { value: params('attention'), format: 'integer', source: P },
    'params.traditional': { value: params('traditional'), format: 'integer', source: P },
    'params.backbone': { value: backbone, format: 'integer', source: P },
    'params.attentionHead': { value: attentionHead, format: 'integer', source: P },
    'params.traditionalHead': { value: traditionalHead, format: 'integer', source: P },
    'share.backboneOfAttention': { value: backbone / params('attention'), format: 'percent0', source: P },
    'share.fc1OfTraditional': { value: params('traditional', 'fc1') / params('traditional'), format: 'percent0', source: P },
    'share.attentionHeadOfTraditionalHead': { value: attentionHead / traditionalHead, format: 'percent1', source: P },
    'accuracy.attention': { value: card.models.attention.test.accuracy, format: 'percent2', source: C },
    'accuracy.traditional': { value: card.models.traditional.test.accuracy, format: 'percent2', source: C },
    'epochs.attention': { value: card.models.attention.training.epochs, format: 'integer', source: C },
    'epochs.traditional': { value: card.models.traditional.training.epochs, format: 'integer', source: C },
    // Lab 1's Fashion-MNIST split: the normalisation every Fashion model uses (the lesson's PyTorch needs it exactly)
    'fashion.mean': { value: FASHION_MEAN, format: 'fixed4', source: F },
    'fashion.std': { value: FASHION_STD, format: 'fixed4', source: F },
    'study.count': { value: summary.count, format: 'integer', source: S },
    'study.medianPearsonAttentionCam': { value: need(m.pearsonAttentionCam, 'median r(A, CAM)'), format: 'fixed2', source: S },
    'study.medianPearsonAttentionGradcam': { value: need(m.pearsonAttentionGradcam, 'median r(A, Grad-CAM)'), format: 'fixed2', source: S },
    'study.medianPearsonCamGradcam': { value: need(m.pearsonCamGradcam, 'median r(CAM, Grad-CAM)'), format: 'fixed2', source: S },
    'study.medianPeakDistanceAttentionCam': {
      value: need(m.peakDistanceAttentionCam, 'median peak distance A–CAM'),
      format: 'fixed1',
      source: S,
    },
    'study.medianPeakDistanceAttentionGradcam': {
      value: need(m.peakDistanceAttentionGradcam, 'median peak distance A–Grad-CAM'),
      format: 'fixed1',
      source: S,
    },
    'study.medianPeakDistanceCamGradcam': {
      value: need(m.peakDistanceCamGradcam, 'median peak distance CAM–Grad-CAM'),
      format: 'fixed1',
      source: S,
    },
    'study.medianAttentionStd': { value: need(m.attentionStd, 'median attention std'), format: 'fixed2', source: S },
    'study.medianEffectiveAreaFraction': {
      value: need(m.attentionEffectiveAreaFraction, 'median effective area'),
      format: 'percent0',
      source: S,
    },
    'study.medianEffectiveAreaCells': {
      value: need(m.attentionEffectiveAreaFraction, 'median effective area') * 49,
      format: 'integer',
      source: S,
    },
    'study.pearsonSpreadConfidence': {
      value: need(summary.pearsonSpreadConfidence, 'r(attention std, confidence)'),
      format: 'signed2',
      source: S,
    },
    'study.countMisclassifiedEither': { value: rows.filter(wrongByEither).length, format: 'integer', source: S },
    'study.medianPearsonCamGradcamMisclassified': {
      value: need(median(rows.filter(wrongByEither).map((r) => r.pearsonCamGradcam)), 'median r on misclassified digits'),
      format: 'fixed2',
      source: S,
    },
    'study.medianPearsonCamGradcamCorrect': {
      value: need(median(rows.filter((r) => !wrongByEither(r)).map((r) => r.pearsonCamGradcam)), 'median r on correctly classified digits'),
      format: 'fixed2',
      source: S,
    },
  };
  return stats;
}

let statsCache: Record<string, Stat> | undefined;
export function lessonStats(): Record<string, Stat> {
  statsCache ??= buildStats();
  return statsCache;
}

export function formatStat(value: number, format: StatFormat): string {
  switch (format) {
    case 'integer':
      return Math.round(value).toLocaleString('en-US');
    case 'percent0':
      return `${(value * 100).toFixed(0)}\u202f%`;
    case 'percent1':
      return `${(value * 100).toFixed(1)}\u202f%`;
    case 'percent2':
      return `${(value * 100).toFixed(2)}\u202f%`;
    case 'fixed1':
      return value.toFixed(1);
    case 'fixed2':
      return value.toFixed(2);
    case 'fixed3':
      return value.toFixed(3);
    case 'fixed4':
      return value.toFixed(4);
    case 'signed2':
      return `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(2)}`;
  }
}

/** The formatted statistic; throws (and so fails the build) for an unknown name. */
export function statText(name: string): string {
  const stat = lessonStats()[name];
  if (!stat) throw new Error(`lesson-stats: no statistic named "${name}" (known: ${Object.keys(lessonStats()).join(', ')})`);
  return formatStat(stat.value, stat.format);
}
