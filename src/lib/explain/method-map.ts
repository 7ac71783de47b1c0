// One map from any of the engine's methods, by name: what the comparison widget's method picker
// calls. Every branch is the same function the CLI report uses.
import type { TargetLayer } from '../models/layers';
import type { TensorParams } from '../models/params';
import type { ModelName } from '../models/specs';
import { explainAttentionCnn, contrastiveCam } from './attention-cam';
import { gradientCam } from './gradient-cams';
import type { Heatmap } from './heatmap';
import type { PixelImage } from './input';
import { integratedGradients, saliency, smoothGrad } from './input-attributions';
import { occlusion } from './occlusion';
import { scoreCam } from './score-cam';

export const PICKABLE_METHODS = [
  'gradcam',
  'hirescam',
  'gradcam++',
  'xgradcam',
  'layercam',
  'scorecam',
  'occlusion',
  'saliency',
  'smoothgrad',
  'integrated-gradients',
  'contrastive',
] as const;
export type PickableMethod = (typeof PICKABLE_METHODS)[number];

export const METHOD_TITLES: Readonly<Record<PickableMethod, string>> = {
  gradcam: 'Grad-CAM',
  hirescam: 'HiResCAM',
  'gradcam++': 'Grad-CAM++',
  xgradcam: 'XGrad-CAM',
  layercam: 'LayerCAM',
  scorecam: 'Score-CAM',
  occlusion: 'Occlusion (4×4 patches)',
  saliency: 'Saliency |∂logit/∂x|',
  smoothgrad: 'SmoothGrad',
  'integrated-gradients': 'Integrated Gradients',
  contrastive: 'Contrastive (class − runner-up)',
};

/** Methods whose map lives on a choosable layer. */
export const LAYERED_METHODS: ReadonlySet<PickableMethod> = new Set(['gradcam', 'hirescam', 'gradcam++', 'xgradcam', 'layercam', 'scorecam']);

export interface MethodMapOptions {
  layer?: TargetLayer;
  /** For 'contrastive': the class to contrast with. */
  versus?: number;
}

export function methodMap(method: PickableMethod, model: ModelName, params: TensorParams, image: PixelImage, classIndex: number, options: MethodMapOptions = {}): Heatmap {
  const layer = options.layer ?? 'conv3';
  const target = { classIndex };
  switch (method) {
    case 'gradcam':
    case 'hirescam':
    case 'gradcam++':
    case 'xgradcam':
    case 'layercam':
      return gradientCam(model, params, [image], [target], { method, layer })[0].map;
    case 'scorecam':
      return scoreCam(model, params, image, target, layer).map;
    case 'occlusion':
      return occlusion(model, params, image, target);
    case 'saliency':
      return saliency(model, params, image, target);
    case 'smoothgrad':
      return smoothGrad(model, params, image, target);
    case 'integrated-gradients':
      return integratedGradients(model, params, image, target).map;
    case 'contrastive': {
      const versus = options.versus;
      if (versus === undefined || versus === classIndex) throw new RangeError('a contrastive map needs a second, different class');
      if (model === 'attention') return contrastiveCam(explainAttentionCnn(params, [image])[0], classIndex, versus);
      return gradientCam(model, params, [image], [{ contrast: [classIndex, versus] }], { method: 'gradcam', layer })[0].map;
    }
  }
}
