// The method registry: every explanation method behind one contract — a batch of images with one
// target each in, one result per image out ({ map, raw?, channelWeights?, extras? }). The
// comparison widget's picker, the CLI's --methods, the report and the benchmark iterate it.
// Adding a method = one file with its maths + one entry here.
import type { Heatmap } from '../contract/heatmap';
import type { ModelDefinition, TargetLayer, TensorParams } from '../models/model-definition';
import { getModel, type ModelId } from '../models/registry';
import { contrastiveCam, explainCam } from './attention-cam';
import { gradientCam, type GradientCamMethod } from './gradient-cams';
import type { PixelImage } from '../models/input';
import { integratedGradients, saliency, smoothGrad } from './input-attributions';
import { occlusion } from './occlusion';
import { scoreCam } from './score-cam';
import type { ScoreTarget } from './score-target';

export interface MethodRequest {
  model: ModelId;
  params: TensorParams;
  images: readonly PixelImage[];
  /** One per image: a class, or a contrast of two classes. */
  targets: readonly ScoreTarget[];
  /** For layered methods; default: the model's camLayer. */
  layer?: TargetLayer;
}

export interface MethodResult {
  /** What the method shows (after its final ReLU, where it has one). */
  map: Heatmap;
  /** The signed map before a final ReLU. */
  raw?: Heatmap;
  /** Per-channel weights, for the methods that have them. */
  channelWeights?: number[] | null;
  /** Method-specific numbers (Integrated Gradients' completeness check). */
  extras?: Record<string, number | null>;
}

export interface MethodEntry {
  readonly id: string;
  readonly title: string;
  /** Key of the method's maps in the explanation report. */
  readonly reportKey: string;
  /** Grid of the map: 'layer' (the target layer's), 'input' (28×28) or 'cells' (7×7). */
  readonly resolution: 'layer' | 'input' | 'cells';
  /** Whether a target layer can be chosen. */
  readonly layered: boolean;
  /** Whether the comparison widget offers it in its picker. */
  readonly pickable: boolean;
  /** Whether the map depends on the target (the attention map does not). */
  readonly classDependent: boolean;
  /** Whether the map is signed (diverging colours centred at 0) rather than non-negative. */
  readonly signed: boolean;
  supports(model: ModelDefinition): boolean;
  run(request: MethodRequest): Promise<MethodResult[]>;
}

const anyModel = () => true;
const withCam = (model: ModelDefinition) => model.cam !== undefined;

function checkBatch(request: MethodRequest): void {
  if (request.targets.length !== request.images.length)
    throw new RangeError(`${request.images.length} images but ${request.targets.length} targets`);
}

/** Runs a single-image method over the batch, one image at a time. */
async function eachImage(
  request: MethodRequest,
  one: (image: PixelImage, target: ScoreTarget) => Promise<MethodResult>,
): Promise<MethodResult[]> {
  checkBatch(request);
  const out: MethodResult[] = [];
  for (let i = 0; i < request.images.length; i++) out.push(await one(request.images[i], request.targets[i]));
  return out;
}

const layerOf = (request: MethodRequest) => request.layer ?? getModel(request.model).camLayer;

function gradientEntry(id: GradientCamMethod, title: string, reportKey: string): MethodEntry {
  return {
    id,
    title,
    reportKey,
    resolution: 'layer',
    layered: true,
    pickable: true,
    classDependent: true,
    signed: false,
    supports: anyModel,
    async run(request) {
      checkBatch(request);
      const results = await gradientCam(request.model, request.params, request.images, request.targets, {
        method: id,
        layer: layerOf(request),
      });
      return results.map((r) => ({ map: r.map, raw: r.raw, channelWeights: r.channelWeights }));
    },
  };
}

/** The exact CAM (signed) of a class or of a contrast logit_a − logit_b. */
async function camMaps(request: MethodRequest): Promise<MethodResult[]> {
  checkBatch(request);
  const explanations = await explainCam(request.model, request.params, request.images);
  return explanations.map((e, i) => {
    const t = request.targets[i];
    const map = 'classIndex' in t ? e.cams[t.classIndex] : contrastiveCam(e, t.contrast[0], t.contrast[1]);
    return { map, raw: map };
  });
}

/** A method that maps one image at a time (its report key is its id). */
function mapPerImage(
  id: string,
  title: string,
  resolution: MethodEntry['resolution'],
  signed: boolean,
  map: (model: ModelId, params: TensorParams, image: PixelImage, target: ScoreTarget) => Promise<Heatmap>,
): MethodEntry {
  return {
    id,
    title,
    reportKey: id,
    resolution,
    layered: false,
    pickable: true,
    classDependent: true,
    signed,
    supports: anyModel,
    run: (request) => eachImage(request, async (image, target) => ({ map: await map(request.model, request.params, image, target) })),
  };
}

const GRADCAM = gradientEntry('gradcam', 'Grad-CAM', 'gradcam');

const ENTRIES: readonly MethodEntry[] = [
  {
    id: 'attention',
    title: 'Attention map A',
    reportKey: 'attention',
    resolution: 'cells',
    layered: false,
    pickable: false,
    classDependent: false,
    signed: false,
    supports: withCam,
    async run(request) {
      checkBatch(request);
      return (await explainCam(request.model, request.params, request.images)).map((e) => ({ map: e.attention }));
    },
  },
  {
    id: 'cam',
    title: 'Attention-CAM (exact)',
    reportKey: 'cam',
    resolution: 'cells',
    layered: false,
    pickable: false,
    classDependent: true,
    signed: true,
    supports: withCam,
    run: camMaps,
  },
  GRADCAM,
  gradientEntry('hirescam', 'HiResCAM', 'hirescam'),
  gradientEntry('gradcam++', 'Grad-CAM++', 'gradcam_pp'),
  gradientEntry('xgradcam', 'XGrad-CAM', 'xgradcam'),
  gradientEntry('layercam', 'LayerCAM', 'layercam'),
  {
    id: 'scorecam',
    title: 'Score-CAM',
    reportKey: 'scorecam',
    resolution: 'layer',
    layered: true,
    pickable: true,
    classDependent: true,
    signed: false,
    supports: anyModel,
    run: (request) =>
      eachImage(request, async (image, target) => {
        const r = await scoreCam(request.model, request.params, image, target, layerOf(request));
        return { map: r.map, raw: r.raw, channelWeights: r.channelWeights };
      }),
  },
  mapPerImage('occlusion', 'Occlusion (4×4 patches)', 'cells', true, occlusion),
  mapPerImage('saliency', 'Saliency |∂logit/∂x|', 'input', false, saliency),
  mapPerImage('smoothgrad', 'SmoothGrad', 'input', false, (model, params, image, target) => smoothGrad(model, params, image, target)),
  {
    id: 'integrated-gradients',
    title: 'Integrated Gradients',
    reportKey: 'integrated_gradients',
    resolution: 'input',
    layered: false,
    pickable: true,
    classDependent: true,
    signed: true,
    supports: anyModel,
    run: (request) =>
      eachImage(request, async (image, target) => {
        const ig = await integratedGradients(request.model, request.params, image, target);
        return {
          map: ig.map,
          raw: ig.map,
          extras: {
            steps: ig.steps,
            score_input: ig.scoreInput,
            score_baseline: ig.scoreBaseline,
            attribution_sum: ig.attributionSum,
            completeness_error: ig.completenessError,
            relative_completeness_error: ig.relativeCompletenessError,
          },
        };
      }),
  },
  {
    id: 'contrastive',
    title: 'Contrastive (class − runner-up)',
    reportKey: 'contrastive',
    resolution: 'cells',
    layered: false,
    pickable: true,
    classDependent: true,
    signed: true,
    supports: anyModel,
    // The exact CAM of logit_a − logit_b where the model has one; Grad-CAM of that score elsewhere.
    run: (request) => (withCam(getModel(request.model)) ? camMaps(request) : GRADCAM.run(request)),
  },
];

export const METHOD_REGISTRY: Readonly<Record<string, MethodEntry>> = Object.fromEntries(ENTRIES.map((e) => [e.id, e]));

/** Every method, in registry order. */
export const METHODS: readonly MethodEntry[] = ENTRIES;

/** The methods the comparison widget offers beside attention, CAM and Grad-CAM. */
export const PICKABLE_METHODS: readonly string[] = ENTRIES.filter((e) => e.pickable).map((e) => e.id);

export function findMethod(id: string): MethodEntry {
  const entry = METHOD_REGISTRY[id];
  if (!entry) throw new RangeError(`unknown method "${id}" (choose ${ENTRIES.map((e) => e.id).join(', ')})`);
  return entry;
}

/** One image, one target: the method's result. */
export async function explainOne(
  method: string,
  model: ModelId,
  params: TensorParams,
  image: PixelImage,
  target: ScoreTarget,
  layer?: TargetLayer,
): Promise<MethodResult> {
  const entry = findMethod(method);
  const definition = getModel(model);
  if (!entry.supports(definition)) throw new RangeError(`${entry.title} does not apply to the ${definition.label}`);
  const [result] = await entry.run({ model, params, images: [image], targets: [target], layer });
  return result;
}
