// One explanation report for one image and both models — the JSON the `explain` CLI prints and
// the widgets export. Maps are raw (before normalisation or upsampling), rows = height.
import { MNIST_MEAN, MNIST_STD } from '../data/preprocess';
import { pearson, spearman } from '../metrics/agreement';
import { averageDropIncrease, deletionCurve, insertionCurve } from '../metrics/faithfulness';
import { inkEnergy, pointingGame } from '../metrics/ink';
import { peakCells, peakDistancePixels } from '../metrics/peaks';
import { attentionSpread } from '../metrics/spread';
import type { TensorParams } from '../models/params';
import type { ModelName } from '../models/specs';
import { contrastiveCam, explainAttentionCnn, topKCams } from '../explain/attention-cam';
import { gradientCam, type GradientCamMethod } from '../explain/gradient-cams';
import { toRows, type Heatmap } from '../explain/heatmap';
import { checkImage, type PixelImage } from '../explain/input';
import { integratedGradients, saliency, smoothGrad } from '../explain/input-attributions';
import { normalizeMinMax, relu } from '../explain/normalize';
import { occlusion } from '../explain/occlusion';
import { classProbabilityScorer, predictBatch, type Prediction } from '../explain/predict';
import { randomizationSanityCheck } from './sanity-check';
import { scoreCam } from '../explain/score-cam';
import { upsampleBilinear } from '../explain/upsample';

export interface ModelPair {
  attention: TensorParams;
  traditional: TensorParams;
}

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

export interface ReportOptions {
  /** 'predicted' = each model's predicted class (one or two classes). */
  classes: 'predicted' | 'all' | readonly number[];
  /** Methods beyond attention, CAM and Grad-CAM, which are always computed. */
  methods: ReadonlySet<ExtraMethod>;
  /** Classes (a, b) for contrastive maps; default: predicted vs runner-up of each model. */
  contrast?: readonly [number, number];
  /** Describes the input in the report (source, label, preprocessing). */
  input: Record<string, unknown>;
}

type Rows = number[][];
type ByClass<T> = Record<string, T>;

const JSON_METHOD_KEY: Record<GradientCamMethod, string> = {
  gradcam: 'gradcam',
  hirescam: 'hirescam',
  'gradcam++': 'gradcam_pp',
  xgradcam: 'xgradcam',
  layercam: 'layercam',
};

function runnerUp(p: Prediction): number {
  let best = -1;
  p.logits.forEach((v, i) => {
    if (i !== p.predicted && (best < 0 || v > p.logits[best])) best = i;
  });
  return best;
}

function classesFor(options: ReportOptions, a: Prediction, t: Prediction): number[] {
  if (options.classes === 'all') return Array.from({ length: 10 }, (_, i) => i);
  if (options.classes === 'predicted') return [...new Set([a.predicted, t.predicted])].sort((x, y) => x - y);
  return [...new Set(options.classes)];
}

function agreement(a: Heatmap, b: Heatmap) {
  return { pearson: pearson(a, b), spearman: spearman(a, b) };
}

function peak(map: Heatmap) {
  const p = peakCells(map);
  return { value: p.value, cells: p.cells.map((c) => [c.row, c.col]) };
}

function distance(a: Heatmap, b: Heatmap) {
  const d = peakDistancePixels(a, b);
  return { pixels: d.pixels, from: [d.from.row, d.from.col], to: [d.to.row, d.to.col], ties: [d.tiesA, d.tiesB] };
}

function byClass<T>(classes: readonly number[], f: (c: number) => T): ByClass<T> {
  return Object.fromEntries(classes.map((c) => [String(c), f(c)]));
}

/** Positive part, min–max normalised, at 28×28: the form faithfulness metrics take. */
function saliency28(map: Heatmap): Heatmap {
  const up = map.height === 28 ? map : upsampleBilinear(map, 28, 28);
  return normalizeMinMax(relu(up)).map;
}

async function faithfulness(model: ModelName, params: TensorParams, image: PixelImage, map: Heatmap, classIndex: number) {
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

/** The full report. Async only because the faithfulness metrics accept async scorers. */
export async function explanationReport(models: ModelPair, image: PixelImage, options: ReportOptions): Promise<Record<string, unknown>> {
  checkImage(image);
  const methods = options.methods;
  const att = explainAttentionCnn(models.attention, [image])[0];
  const trad = predictBatch('traditional', models.traditional, [image])[0];
  const classes = classesFor(options, att, trad);
  const targets = classes.map((classIndex) => ({ classIndex }));
  const images = classes.map(() => image);

  const gradientMaps = (model: ModelName, method: GradientCamMethod, layer: 'conv1' | 'conv2' | 'conv3' = 'conv3') =>
    gradientCam(model, models[model], images, targets, { method, layer }).map((r) => r.map);
  const tradGradcam = gradientMaps('traditional', 'gradcam');

  const attentionJson: Record<string, unknown> = {
    logits: att.logits,
    probabilities: att.probabilities,
    predicted: att.predicted,
    attention: toRows(att.attention),
    cam: byClass(classes, (c) => toRows(att.cams[c])),
    top_k_cams: topKCams(att, 3).map((t) => ({ class: t.classIndex, probability: t.probability, cam: toRows(t.cam) })),
    logit_ledger: att.ledger.map((r) => ({ class: r.classIndex, mean_cam: r.meanCam, bias: r.bias, mean_cam_plus_bias: r.reconstructed, logit: r.logit })),
  };
  const traditionalJson: Record<string, unknown> = {
    logits: trad.logits,
    probabilities: trad.probabilities,
    predicted: trad.predicted,
    gradcam: Object.fromEntries(classes.map((c, i) => [String(c), toRows(tradGradcam[i])])),
  };

  const both: Array<[ModelName, Record<string, unknown>]> = [
    ['attention', attentionJson],
    ['traditional', traditionalJson],
  ];
  for (const [model, json] of both) {
    const params = models[model];
    for (const method of ['hirescam', 'gradcam++', 'xgradcam'] as const) {
      if (methods.has(method)) {
        const maps = gradientMaps(model, method);
        json[JSON_METHOD_KEY[method]] = Object.fromEntries(classes.map((c, i) => [String(c), toRows(maps[i])]));
      }
    }
    if (model === 'attention' && (methods.has('hirescam') || methods.has('gradcam++') || methods.has('xgradcam'))) {
      const maps = gradientMaps(model, 'gradcam');
      json.gradcam = Object.fromEntries(classes.map((c, i) => [String(c), toRows(maps[i])]));
    }
    if (methods.has('layercam')) {
      json.layercam = Object.fromEntries(
        (['conv1', 'conv2', 'conv3'] as const).map((layer) => {
          const maps = gradientMaps(model, 'layercam', layer);
          return [layer, Object.fromEntries(classes.map((c, i) => [String(c), toRows(maps[i])]))];
        }),
      );
    }
    if (methods.has('scorecam')) json.scorecam = byClass(classes, (c) => toRows(scoreCam(model, params, image, { classIndex: c }).map));
    if (methods.has('occlusion')) json.occlusion = byClass(classes, (c) => toRows(occlusion(model, params, image, { classIndex: c })));
    if (methods.has('saliency')) json.saliency = byClass(classes, (c) => toRows(saliency(model, params, image, { classIndex: c })));
    if (methods.has('smoothgrad')) json.smoothgrad = byClass(classes, (c) => toRows(smoothGrad(model, params, image, { classIndex: c })));
    if (methods.has('integrated-gradients')) {
      json.integrated_gradients = byClass(classes, (c) => {
        const ig = integratedGradients(model, params, image, { classIndex: c });
        return {
          map: toRows(ig.map),
          steps: ig.steps,
          score_input: ig.scoreInput,
          score_baseline: ig.scoreBaseline,
          attribution_sum: ig.attributionSum,
          completeness_error: ig.completenessError,
          relative_completeness_error: ig.relativeCompletenessError,
        };
      });
    }
    if (methods.has('contrastive')) {
      const prediction = model === 'attention' ? att : trad;
      const [a, b] = options.contrast ?? [prediction.predicted, runnerUp(prediction)];
      const key = `${a}-${b}`;
      if (model === 'attention') json.contrastive_cam = { [key]: toRows(contrastiveCam(att, a, b)) };
      else json.contrastive_gradcam = { [key]: toRows(gradientCam(model, params, [image], [{ contrast: [a, b] }], { method: 'gradcam', layer: 'conv3' })[0].map) };
    }
  }

  const comparison: Record<string, unknown> = {
    maps: 'attention = A (attention-CNN); cam = raw CAM_c (attention-CNN); gradcam = Grad-CAM_c at ReLU(conv3) (traditional CNN); all 7×7',
    by_class: byClass(classes, (c) => {
      const cam = att.cams[c];
      const grad = tradGradcam[classes.indexOf(c)];
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
    }),
    attention_spread: attentionSpread(att.attention),
    confidence: { attention_cnn: Math.max(...att.probabilities), traditional_cnn: Math.max(...trad.probabilities) },
    top_k: {
      attention_cnn: topClasses(att, 3),
      traditional_cnn: topClasses(trad, 3),
    },
  };
  if (methods.has('faithfulness')) {
    comparison.faithfulness = {
      attention_cnn_cam: await faithfulness('attention', models.attention, image, relu(att.cams[att.predicted]), att.predicted),
      traditional_cnn_gradcam: await faithfulness(
        'traditional',
        models.traditional,
        image,
        gradientCam('traditional', models.traditional, [image], [{ classIndex: trad.predicted }], { method: 'gradcam', layer: 'conv3' })[0].map,
        trad.predicted,
      ),
    };
  }
  if (methods.has('sanity')) {
    comparison.sanity_check = {
      attention_cnn_cam: await randomizationSanityCheck('attention', models.attention, (p) => explainAttentionCnn(p, [image])[0].cams[att.predicted]),
      traditional_cnn_gradcam: await randomizationSanityCheck(
        'traditional',
        models.traditional,
        (p) => gradientCam('traditional', p, [image], [{ classIndex: trad.predicted }], { method: 'gradcam', layer: 'conv3' })[0].map,
      ),
    };
  }

  return {
    input: options.input,
    preprocessing: { mean: MNIST_MEAN, std: MNIST_STD },
    classes,
    attention_cnn: attentionJson,
    traditional_cnn: traditionalJson,
    comparison,
  };
}

function topClasses(p: Prediction, k: number) {
  return p.logits
    .map((logit, c) => ({ class: c, logit, probability: p.probabilities[c] }))
    .sort((x, y) => y.logit - x.logit || x.class - y.class)
    .slice(0, k);
}
