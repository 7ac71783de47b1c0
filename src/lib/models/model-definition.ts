// What one model is, as the rest of the project sees it: names (ours, PyTorch's, the report's),
// its parameters, its weights file and data, and its forward pass with the taps explanations use.
// One file per model implements this; src/lib/models/registry.ts lists them.
import type * as tf from '@tensorflow/tfjs-core';
import type { ParamSpec } from '../contract/param-spec';

/** Parameters as the forward functions consume them: tfjs layout, keyed by state_dict names. */
export type TensorParams = Readonly<Record<string, tf.Tensor>>;

/** Named points inside a network where gradient methods look. */
export type TargetLayer = 'conv1' | 'conv2' | 'conv3' | 'attended';

/** One step of the forward pass, for the architecture explorer. */
export interface TracedLayer {
  id: string;
  title: string;
  /** Output for the batch (live tensor). */
  tensor: tf.Tensor;
  /** Parameter name prefixes this layer owns, e.g. ['conv1']. */
  owns: readonly string[];
}

/** The exact CAM decomposition of a model whose logits are a linear read-out of pooled maps. */
export interface CamTensors {
  logits: tf.Tensor2D;
  /** Spatial attention, [N, 7, 7, heads] (the course model: one head); null without one (SE). */
  attention: tf.Tensor4D | null;
  /** Channel attention, [N, 64]; null without one. */
  channelAttention: tf.Tensor2D | null;
  /** Per-cell class contributions, [N·49, 10]: reduce over a digit's 49 rows + bias = logits. */
  perCell: tf.Tensor2D;
  /** How the 49 cells combine into the logit. */
  cellReduction: 'mean' | 'sum';
  /** Multi-head models: each head's share of perCell, [N·49, heads, 10]; null otherwise. */
  headPerCell: tf.Tensor3D | null;
}

export interface ModelDefinition {
  /** Our id: URLs, the CLI, the JSON file names. */
  readonly id: string;
  /** Short name for messages, e.g. "attention-CNN". */
  readonly label: string;
  /** Longer title for pickers. */
  readonly title: string;
  /** The lesson's PyTorch class whose state_dict the weights file holds. */
  readonly pytorchClass: string;
  /** Key of this model's object in the explanation report. */
  readonly reportKey: string;
  /** File name in pretrained/ (and on the site under /pretrained/). */
  readonly weightsFile: string;
  /** The data the model was trained on (and whose test set it is judged on). */
  readonly dataset: 'mnist' | 'fashion-mnist';
  readonly normalization: { readonly mean: number; readonly std: number };
  /** Spatial attention heads (0: none — the traditional CNN, the SE variant); an attention penalty needs some. */
  readonly spatialAttentionHeads: number;
  readonly params: readonly ParamSpec[];
  /** Layers gradient methods can target; the first default is `camLayer`. */
  readonly layers: readonly TargetLayer[];
  /** Where Grad-CAM looks by default. */
  readonly camLayer: TargetLayer;
  /** Top-down stages for the model-randomisation sanity check (parameter prefixes). */
  readonly randomizationStages: ReadonlyArray<{ stage: string; layers: readonly string[] }>;
  /** Logits [N, 10] of normalised images x [N, 28, 28, 1]. Live tensor: call inside tf.tidy. */
  logits(params: TensorParams, x: tf.Tensor4D): tf.Tensor2D;
  /** Activation of `layer`. Live tensor. */
  layerActivation(params: TensorParams, x: tf.Tensor4D, layer: TargetLayer): tf.Tensor4D;
  /** The logits as a function of `layer`'s activation (for gradients). Live tensor. */
  logitsFromLayer(params: TensorParams, layer: TargetLayer, activation: tf.Tensor4D): tf.Tensor2D;
  /** Every layer's output in order, for the architecture explorer. Live tensors. */
  trace(params: TensorParams, x: tf.Tensor4D): TracedLayer[];
  /** Present for models with an exact attention-based CAM. Live tensors. */
  cam?(params: TensorParams, x: tf.Tensor4D): CamTensors;
}

export function checkTargetLayer(model: ModelDefinition, layer: TargetLayer): void {
  if (!model.layers.includes(layer)) {
    throw new Error(`the ${model.label} has no layer "${layer}" (choose ${model.layers.join(', ')})`);
  }
}
