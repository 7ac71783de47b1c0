// What the map widgets share: the colormaps a reader can pick, the peak-cell markers, and the
// unit each map is measured in (maps share a colour scale only within one unit).
import type { ColormapName } from '../lib/explain/colormap';
import { findMethod } from '../lib/explain/methods';
import type { ModelName } from '../lib/models/registry';
import { getModel, MODEL_LABELS } from '../lib/models/registry';
import { peakCells } from '../lib/metrics/peaks';
import type { Marker } from './map-view';

/** Perceptually uniform first: the lessons teach that a jet-like map invents bands. */
export const DEFAULT_COLORMAP: ColormapName = 'viridis';

export const COLORMAP_CHOICES: readonly { value: ColormapName; text: string }[] = [
  { value: 'viridis', text: 'viridis (perceptually uniform)' },
  { value: 'cividis', text: 'cividis (colour-blind safe)' },
  { value: 'jet', text: 'turbo (jet-like, not perceptually uniform)' },
];

export function peakMarkers(map: { height: number; width: number; data: Float32Array }, label: string): Marker[] {
  return peakCells(map).cells.map((c) => ({
    row: c.row,
    col: c.col,
    grid: map.height,
    label: `${label} peak, row ${c.row + 1}, column ${c.col + 1}`,
  }));
}

export interface MapUnit {
  /** Maps with the same key are in the same unit and may share a colour scale. */
  key: string;
  /** What the values are, for the colour bar. */
  label: string;
  /** A fixed range every map of this unit is drawn on (attention's 0–1). */
  fixed?: { min: number; max: number };
}

/**
 * The unit of a method's map on a network (and layer): attention weights are in [0, 1]; the
 * attention-CNN's CAM and contrastive CAM are in logits; every other method on every other
 * network/layer is in its own unit, so it never shares a scale with a different method.
 */
export function unitOf(method: string, model: ModelName, layer?: string): MapUnit {
  if (method === 'attention') return { key: 'attention', label: 'attention weight', fixed: { min: 0, max: 1 } };
  if ((method === 'cam' || method === 'contrastive') && model === 'attention') return { key: 'logit:attention', label: 'logit' };
  // Contrastive without a CAM is Grad-CAM of a logit difference at the model's CAM layer.
  const entry = findMethod(method === 'contrastive' ? 'gradcam' : method);
  const used = method === 'contrastive' ? getModel(model).camLayer : layer;
  const at = entry.layered && used ? `, ${used}` : '';
  return { key: `${entry.id}:${model}${at}`, label: `${entry.title} units (${MODEL_LABELS[model]}${at})` };
}
