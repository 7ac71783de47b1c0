// One explanation report for one image and the two course models — the JSON the `explain` CLI
// prints and the widgets export. Maps are raw (before normalisation or upsampling), rows = height.
// Optional methods come from the method registry; the JSON keys are the registry's report keys.
import { NUM_CLASSES } from '../contract/constants';
import type { Heatmap } from '../contract/heatmap';
import { toRows } from '../contract/heatmap';
import { pearson, spearman } from '../metrics/agreement';
import { averageDropIncrease, deletionCurve, insertionCurve } from '../metrics/faithfulness';
import { inkEnergy, pointingGame } from '../metrics/ink';
import { peakCells, peakDistancePixels } from '../metrics/peaks';
import { attentionSpread } from '../metrics/spread';
import type { TargetLayer, TensorParams } from '../models/model-definition';
import { getModel, type ModelName } from '../models/registry';
import { explainCam, topKCams, type AttentionCnnExplanation } from '../explain/attention-cam';
import { checkImage, type PixelImage } from '../models/input';
import { findMethod, type MethodResult } from '../explain/methods';
import { normalizeMinMax, relu } from '../explain/normalize';
import { classProbabilityScorer, predictBatch, type Prediction } from '../explain/predict';
import type { ScoreTarget } from '../explain/score-target';
import { upsampleBilinear } from '../explain/upsample';
import { randomizationSanityCheck } from './sanity-check';
import type {
  AttentionCnnJson,
  ClassComparison,
  ComparisonJson,
  ExplanationReportJson,
  FaithfulnessJson,
  IntegratedGradientsJson,
  ReportInput,
  TraditionalCnnJson,
} from '../artifacts/report';

/** Parameters of every registered model, as tensors. */
export type ModelSet = Readonly<Record<ModelName, TensorParams>>;

/** Optional report parts: methods from the registry, then the two analyses. */
export const EXTRA_METHODS = [
  'hirescam',
  'gradcam++',
  'xgradcam',
  'layercam',
  'scorecam',
  'occlusion',
  'saliency',
  'integrated-gradients',
  'smoothgrad',
  'contrastive',
  'faithfulness',
  'sanity',
] as const;
export type ExtraMethod = (typeof EXTRA_METHODS)[number];

/** Registry methods whose maps the report writes per class, in the JSON's key order. */
const BY_CLASS_METHODS = ['hirescam', 'gradcam++', 'xgradcam'] as const;
const SINGLE_IMAGE_METHODS = ['scorecam', 'occlusion', 'saliency', 'smoothgrad'] as const;
const LAYERCAM_LAYERS: readonly TargetLayer[] = ['conv1', 'conv2', 'conv3'];

export interface ReportOptions {
  /** 'predicted' = each model's predicted class (one or two classes). */
  classes: 'predicted' | 'all' | readonly number[];
  /** Methods beyond attention, CAM and Grad-CAM, which are always computed. */
  methods: ReadonlySet<ExtraMethod>;
  /** Classes (a, b) for contrastive maps; default: predicted vs runner-up of each model. */
  contrast?: readonly [number, number];
  /** Describes the input in the report (source, label, preprocessing). */
  input: ReportInput;
  /** Extra top-level facts (display settings, weights used) for exports. */
  extras?: Record<string, unknown>;
}

export type Rows = number[][];
export type ByClass<T> = Record<string, T>;
export type {
  AttentionCnnJson,
  ClassComparison,
  ComparisonJson,
  FaithfulnessJson,
  IntegratedGradientsJson,
  ReportInput,
  TraditionalCnnJson,
};
type Agreement = ClassComparison['attention_vs_cam'];
type PeakJson = ClassComparison['peaks']['attention'];
type PeakDistanceJson = ClassComparison['peak_distance_pixels']['attention_cam'];
type TopClass = ComparisonJson['top_k']['attention_cnn'][number];
type ModelScores = Pick<TraditionalCnnJson, 'logits' | 'probabilities' | 'predicted'>;
type OptionalMaps = Omit<TraditionalCnnJson, keyof ModelScores | 'gradcam'> & { gradcam?: ByClass<Rows> };

/** The report's type comes from its schema (src/lib/artifacts/report.ts); exports may add keys. */
export type ExplanationReport = ExplanationReportJson & { [extra: string]: unknown };

function runnerUp(p: Prediction): number {
  let best = -1;
  p.logits.forEach((v, i) => {
    if (i !== p.predicted && (best < 0 || v > p.logits[best])) best = i;
  });
  return best;
}

function classesFor(options: ReportOptions, a: Prediction, t: Prediction): number[] {
  if (options.classes === 'all') return Array.from({ length: NUM_CLASSES }, (_, i) => i);
  if (options.classes === 'predicted') return [...new Set([a.predicted, t.predicted])].sort((x, y) => x - y);
  return [...new Set(options.classes)];
}

function agreement(a: Heatmap, b: Heatmap): Agreement {
  return { pearson: pearson(a, b), spearman: spearman(a, b) };
}

function peak(map: Heatmap): PeakJson {
  const p = peakCells(map);
  return { value: p.value, cells: p.cells.map((c) => [c.row, c.col]) };
}

function distance(a: Heatmap, b: Heatmap): PeakDistanceJson {
  const d = peakDistancePixels(a, b);
  return { pixels: d.pixels, from: [d.from.row, d.from.col], to: [d.to.row, d.to.col], ties: [d.tiesA, d.tiesB] };
}

function byClass<T>(classes: readonly number[], values: readonly T[]): ByClass<T> {
  return Object.fromEntries(classes.map((c, i) => [String(c), values[i]]));
}

/** Positive part, min–max normalised, at 28×28: the form faithfulness metrics take. */
function saliency28(map: Heatmap): Heatmap {
  const up = map.height === 28 ? map : upsampleBilinear(map, 28, 28);
  return normalizeMinMax(relu(up)).map;
}

async function faithfulness(
  model: ModelName,
  params: TensorParams,
  image: PixelImage,
  map: Heatmap,
  classIndex: number,
): Promise<FaithfulnessJson> {
  const scorer = classProbabilityScorer(model, params);
  const s = saliency28(map);
  const [delBg, delBlur, insBg, insBlur, drop] = await Promise.all([
    deletionCurve(image, s, classIndex, scorer, { baseline: 'background' }),
    deletionCurve(image, s, classIndex, scorer, { baseline: 'blur' }),
    insertionCurve(image, s, classIndex, scorer, { baseline: 'background' }),
    insertionCurve(image, s, classIndex, scorer, { baseline: 'blur' }),
    averageDropIncrease([{ image: Uint8Array.from(image, (v) => Math.round(v)), saliency: s, classIndex }], scorer),
  ]);
  return {
    class: classIndex,
    deletion_auc: { background: delBg.auc, blur: delBlur.auc },
    insertion_auc: { background: insBg.auc, blur: insBlur.auc },
    ink_energy: inkEnergy(s, image),
    pointing_game: pointingGame(s, image),
    average_drop_percent: drop.averageDrop,
    increase_in_confidence: drop.increaseRate > 0,
  };
}

/** One method's maps of `image` for every class, through the registry. */
async function methodMaps(
  method: string,
  model: ModelName,
  params: TensorParams,
  image: PixelImage,
  targets: readonly ScoreTarget[],
  layer?: TargetLayer,
): Promise<MethodResult[]> {
  return findMethod(method).run({ model, params, images: targets.map(() => image), targets, layer });
}

async function optionalMaps(
  model: ModelName,
  params: TensorParams,
  image: PixelImage,
  classes: readonly number[],
  methods: ReadonlySet<ExtraMethod>,
  contrast: readonly [number, number],
  hasCam: boolean,
): Promise<OptionalMaps> {
  const json: OptionalMaps = {};
  const targets = classes.map((classIndex) => ({ classIndex }));
  const rows = async (method: string, layer?: TargetLayer): Promise<ByClass<Rows>> =>
    byClass(
      classes,
      (await methodMaps(method, model, params, image, targets, layer)).map((r) => toRows(r.map)),
    );
  for (const method of BY_CLASS_METHODS) {
    if (methods.has(method)) json[findMethod(method).reportKey as 'hirescam' | 'gradcam_pp' | 'xgradcam'] = await rows(method);
  }
  // The attention-CNN's Grad-CAM, for comparison with its other gradient CAMs.
  if (hasCam && BY_CLASS_METHODS.some((m) => methods.has(m))) json.gradcam = await rows('gradcam');
  if (methods.has('layercam')) {
    json.layercam = {};
    for (const layer of LAYERCAM_LAYERS) json.layercam[layer] = await rows('layercam', layer);
  }
  for (const method of SINGLE_IMAGE_METHODS) if (methods.has(method)) json[method] = await rows(method);
  if (methods.has('integrated-gradients')) {
    const results = await methodMaps('integrated-gradients', model, params, image, targets);
    json.integrated_gradients = byClass(
      classes,
      results.map((r) => ({ map: toRows(r.map), ...(r.extras as Omit<IntegratedGradientsJson, 'map'>) })),
    );
  }
  if (methods.has('contrastive')) {
    const [result] = await methodMaps('contrastive', model, params, image, [{ contrast }]);
    json[hasCam ? 'contrastive_cam' : 'contrastive_gradcam'] = { [`${contrast[0]}-${contrast[1]}`]: toRows(result.map) };
  }
  return json;
}

function topClasses(p: Prediction, k: number): TopClass[] {
  return p.logits
    .map((logit, c) => ({ class: c, logit, probability: p.probabilities[c] }))
    .sort((x, y) => y.logit - x.logit || x.class - y.class)
    .slice(0, k);
}

function scores(p: Prediction): ModelScores {
  return { logits: p.logits, probabilities: p.probabilities, predicted: p.predicted };
}

function classComparison(att: AttentionCnnExplanation, cam: Heatmap, grad: Heatmap): ClassComparison {
  return {
    attention_vs_cam: agreement(att.attention, cam),
    attention_vs_gradcam: agreement(att.attention, grad),
    cam_vs_gradcam: agreement(cam, grad),
    peaks: { attention: peak(att.attention), cam: peak(cam), gradcam: peak(grad) },
    peak_distance_pixels: {
      attention_cam: distance(att.attention, cam),
      attention_gradcam: distance(att.attention, grad),
      cam_gradcam: distance(cam, grad),
    },
  };
}

/** The full report for the course's attention-CNN and traditional CNN. */
export async function explanationReport(models: ModelSet, image: PixelImage, options: ReportOptions): Promise<ExplanationReport> {
  checkImage(image);
  const methods = options.methods;
  const [att] = await explainCam('attention', models.attention, [image]);
  const [trad] = await predictBatch('traditional', models.traditional, [image]);
  const classes = classesFor(options, att, trad);
  const targets = classes.map((classIndex) => ({ classIndex }));
  const gradcam = (await methodMaps('gradcam', 'traditional', models.traditional, image, targets)).map((r) => r.map);

  const attentionJson: AttentionCnnJson = {
    ...scores(att),
    attention: toRows(att.attention),
    cam: byClass(
      classes,
      classes.map((c) => toRows(att.cams[c])),
    ),
    top_k_cams: topKCams(att, 3).map((t) => ({ class: t.classIndex, probability: t.probability, cam: toRows(t.cam) })),
    logit_ledger: att.ledger.map((r) => ({
      class: r.classIndex,
      mean_cam: r.meanCam,
      bias: r.bias,
      mean_cam_plus_bias: r.reconstructed,
      logit: r.logit,
    })),
    ...(await optionalMaps(
      'attention',
      models.attention,
      image,
      classes,
      methods,
      options.contrast ?? [att.predicted, runnerUp(att)],
      true,
    )),
  };
  const traditionalJson: TraditionalCnnJson = {
    ...scores(trad),
    gradcam: byClass(classes, gradcam.map(toRows)),
    ...(await optionalMaps(
      'traditional',
      models.traditional,
      image,
      classes,
      methods,
      options.contrast ?? [trad.predicted, runnerUp(trad)],
      false,
    )),
  };

  const comparison: ComparisonJson = {
    maps: 'attention = A (attention-CNN); cam = raw CAM_c (attention-CNN); gradcam = Grad-CAM_c at ReLU(conv3) (traditional CNN); all 7×7',
    by_class: byClass(
      classes,
      classes.map((c, i) => classComparison(att, att.cams[c], gradcam[i])),
    ),
    attention_spread: attentionSpread(att.attention),
    confidence: { attention_cnn: Math.max(...att.probabilities), traditional_cnn: Math.max(...trad.probabilities) },
    top_k: { attention_cnn: topClasses(att, 3), traditional_cnn: topClasses(trad, 3) },
  };
  const predictedGradcam = async (params: TensorParams) =>
    (await findMethod('gradcam').run({ model: 'traditional', params, images: [image], targets: [{ classIndex: trad.predicted }] }))[0].map;
  if (methods.has('faithfulness')) {
    comparison.faithfulness = {
      attention_cnn_cam: await faithfulness('attention', models.attention, image, relu(att.cams[att.predicted]), att.predicted),
      traditional_cnn_gradcam: await faithfulness(
        'traditional',
        models.traditional,
        image,
        await predictedGradcam(models.traditional),
        trad.predicted,
      ),
    };
  }
  if (methods.has('sanity')) {
    comparison.sanity_check = {
      attention_cnn_cam: await randomizationSanityCheck(
        'attention',
        models.attention,
        async (p) => (await explainCam('attention', p, [image]))[0].cams[att.predicted],
      ),
      traditional_cnn_gradcam: await randomizationSanityCheck('traditional', models.traditional, predictedGradcam),
    };
  }

  return {
    input: options.input,
    preprocessing: { ...getModel('attention').normalization },
    classes,
    attention_cnn: attentionJson,
    traditional_cnn: traditionalJson,
    comparison,
    ...options.extras,
  };
}
