// The panels of the explain CLI's PNG figure (tools/explain.ts --png) and of the site's static
// fallback figures (tools/build-assets.ts): the lesson's four panels, the three-way comparison,
// the input digit and a grid of the attention-CNN's ReLU activations. Engine output in, figure
// rows out; tools/lib/figure-png.ts draws them.
import { explainAttentionCnn, type AttentionCnnExplanation } from '../../src/lib/explain/attention-cam';
import { applyColormap } from '../../src/lib/explain/colormap';
import { gradientCam } from '../../src/lib/explain/gradient-cams';
import { heatmap, type Heatmap } from '../../src/lib/contract/heatmap';
import { normalizeMinMax, relu } from '../../src/lib/explain/normalize';
import { overlay } from '../../src/lib/explain/overlay';
import { predictBatch, type Prediction } from '../../src/lib/explain/predict';
import { upsampleBilinear, upsampleNearest } from '../../src/lib/explain/upsample';
import { modelActivations } from '../../src/lib/models/activations';
import type { TensorParams } from '../../src/lib/models/params';
import type { ModelSet } from '../../src/lib/report/explanation-report';
import type { FigurePanel, FigureRow } from './figure-png';

/** Both models on one digit: what the four-panel and comparison figures show. */
export interface DigitExplanation {
  pixels: Uint8Array;
  attention: AttentionCnnExplanation;
  traditional: Prediction;
  /** Grad-CAM (ReLU(conv3)) of the traditional CNN's predicted class. */
  gradcam: Heatmap;
}

export async function explainDigit(models: ModelSet, pixels: Uint8Array): Promise<DigitExplanation> {
  const [attention] = await explainAttentionCnn(models.attention, [pixels]);
  const [traditional] = await predictBatch('traditional', models.traditional, [pixels]);
  const gradcam = (
    await gradientCam('traditional', models.traditional, [pixels], [{ classIndex: traditional.predicted }], {
      method: 'gradcam',
      layer: 'conv3',
    })
  )[0].map;
  return { pixels, attention, traditional, gradcam };
}

export function grayRgba(pixels: ArrayLike<number>): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(pixels.length * 4);
  for (let i = 0; i < pixels.length; i++) rgba.set([pixels[i], pixels[i], pixels[i], 255], i * 4);
  return rgba;
}

const shown = (m: Heatmap) => normalizeMinMax(upsampleBilinear(m, 28, 28)).map;
const heat = (caption: string, m: Heatmap): FigurePanel => ({
  caption,
  width: 28,
  height: 28,
  rgba: applyColormap(shown(m), 'jet'),
  colorbar: { colormap: 'jet', minLabel: 'low', maxLabel: 'high' },
});

/** The digit with its caption. */
export function inputPanel(pixels: Uint8Array, caption: string): FigurePanel {
  return { caption, width: 28, height: 28, rgba: grayRgba(pixels) };
}

/** Original, attention map, CAM of the predicted class (after ReLU), CAM overlay. */
export function fourPanelRow(e: DigitExplanation, title: string): FigureRow {
  const att = e.attention;
  const cam = relu(att.cams[att.predicted]);
  return {
    title: `${title}: attention-CNN predicts ${att.predicted} (${(100 * att.probabilities[att.predicted]).toFixed(1)}%)`,
    panels: [
      inputPanel(e.pixels, 'original'),
      heat('attention map', att.attention),
      heat(`CAM class ${att.predicted}`, cam),
      { caption: 'CAM overlay', width: 28, height: 28, rgba: overlay(e.pixels, shown(cam), { colormap: 'jet', imageWeight: 0.5 }) },
    ],
  };
}

/** Attention map, attention-CAM and Grad-CAM side by side. */
export function comparisonRow(e: DigitExplanation): FigureRow {
  const att = e.attention;
  return {
    title: `three-way comparison (traditional CNN predicts ${e.traditional.predicted})`,
    panels: [
      heat('attention map', att.attention),
      heat(`attention-CAM ${att.predicted}`, relu(att.cams[att.predicted])),
      heat(`Grad-CAM ${e.traditional.predicted}`, e.gradcam),
    ],
  };
}

export const ACTIVATION_LAYERS = ['conv1', 'conv2', 'conv3'] as const;
export type ActivationLayer = (typeof ACTIVATION_LAYERS)[number];

/** The first `channels` channels of each ReLU(conv) output for one digit, as maps. */
export async function convActivations(
  params: TensorParams,
  pixels: Uint8Array,
  channels: number,
): Promise<Record<ActivationLayer, Heatmap[]>> {
  const layers = await modelActivations('attention', params, pixels);
  const data = ACTIVATION_LAYERS.map((layer) => layers.find((l) => l.id === layer)!);
  const out = {} as Record<ActivationLayer, Heatmap[]>;
  ACTIVATION_LAYERS.forEach((layer, l) => {
    const [depth, height, width] = data[l].shape;
    if (channels > depth) throw new RangeError(`${layer} has ${depth} channels, asked for ${channels}`);
    out[layer] = Array.from({ length: channels }, (_, k) =>
      heatmap(
        height,
        width,
        Array.from({ length: height * width }, (_, cell) => data[l].values[cell * depth + k]),
      ),
    );
  });
  return out;
}

/** One row per layer; each channel scaled to its own [min, max] (black → white), shown at 28×28 blocks. */
export function activationRows(maps: Record<ActivationLayer, Heatmap[]>): FigureRow[] {
  return ACTIVATION_LAYERS.map((layer) => {
    const channels = maps[layer];
    const { height, width } = channels[0];
    return {
      title: `${layer}: ReLU activations, ${height}x${width}, channels 1-${channels.length} (each on its own scale)`,
      panels: channels.map((m, k) => {
        const unit = normalizeMinMax(upsampleNearest(m, 28, 28));
        return {
          caption: `ch ${k + 1}${unit.flat ? ' (flat)' : ''}`,
          width: 28,
          height: 28,
          rgba: grayRgba(unit.map.data.map((v) => Math.round(255 * v))),
        };
      }),
    };
  });
}
