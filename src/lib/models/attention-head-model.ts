// Every attention model of the course and of lab 1 has the same shape: the shared backbone gives
// base features B [N, 7, 7, 64]; an attention head turns them into per-cell, per-channel terms
// T = F ⊙ (some gate) [N, 7, 7, 64]; the logits are a linear read-out of T reduced over the 49 cells
// (mean or sum). Because that read-out is linear, logit_c = reduce_hw(Σ_k w_ck T_k) + b_c exactly:
// the CAM of class c is Σ_k w_ck T_k. This file turns a head design into a full ModelDefinition.
import * as tf from '@tensorflow/tfjs-core';
import { BASE_CHANNELS, MAP_CELLS } from '../contract/constants';
import type { ParamSpec } from '../contract/param-spec';
import { BACKBONE_PARAMS, backbone, backboneLayer, conv, conv3From, traceBackbone, type BackboneActivations } from './backbone';
import type { CamTensors, ModelDefinition, TensorParams, TracedLayer } from './model-definition';

/** What an attention head computes from the base features. Live tensors. */
export interface AttentionHeadOutputs {
  /** Spatial attention, [N, 7, 7, heads]; null for a head without one (SE). */
  attention: tf.Tensor4D | null;
  /** Channel attention, [N, 64]; null for a head without one. */
  channelAttention: tf.Tensor2D | null;
  /** The feature branch before any gate, [N, 7, 7, 64]. */
  features: tf.Tensor4D;
  /** The gated per-cell terms T whose reduction over cells feeds the classifier, [N, 7, 7, 64]. */
  attended: tf.Tensor4D;
  /** Intermediate steps for the architecture explorer, between the base features and T. */
  trace: TracedLayer[];
}

export interface AttentionHeadDesign {
  readonly id: string;
  readonly label: string;
  readonly title: string;
  readonly pytorchClass: string;
  readonly reportKey: string;
  readonly weightsFile: string;
  readonly dataset: ModelDefinition['dataset'];
  readonly normalization: ModelDefinition['normalization'];
  /** The head's parameters (the backbone's and the classifier's are added here). */
  readonly headParams: readonly ParamSpec[];
  /** How T is reduced over the 49 cells before the classifier. */
  readonly cellReduction: 'mean' | 'sum';
  /** Spatial attention heads (0 = none); head h gates channels h·64/heads … (h+1)·64/heads − 1. */
  readonly heads: number;
  readonly randomizationStages: ModelDefinition['randomizationStages'];
  head(params: TensorParams, base: tf.Tensor4D): AttentionHeadOutputs;
}

/** attention_conv 1×1 64→heads (spatial attention logits). */
export function attentionConvParams(heads: number): ParamSpec[] {
  return [
    { key: 'attention_conv.weight', shape: [heads, 64, 1, 1], kind: 'conv-weight' },
    { key: 'attention_conv.bias', shape: [heads], kind: 'bias' },
  ];
}

/** feature_conv 1×1 64→64, no activation: F. */
export const FEATURE_CONV_PARAMS: readonly ParamSpec[] = [
  { key: 'feature_conv.weight', shape: [64, 64, 1, 1], kind: 'conv-weight' },
  { key: 'feature_conv.bias', shape: [64], kind: 'bias' },
];

/** A Linear layer's weight and bias specs, PyTorch shapes. */
export function linearParams(name: string, inputs: number, outputs: number): ParamSpec[] {
  return [
    { key: `${name}.weight`, shape: [outputs, inputs], kind: 'linear-weight' },
    { key: `${name}.bias`, shape: [outputs], kind: 'bias' },
  ];
}

/** Top-down randomisation stages: the classifier, the head's own layers, then the backbone. */
export function headRandomizationStages(headLayers: readonly string[]): ModelDefinition['randomizationStages'] {
  return [
    { stage: 'classifier', layers: ['classifier'] },
    { stage: headLayers.join(' + '), layers: headLayers },
    { stage: 'conv3', layers: ['conv3'] },
    { stage: 'conv2', layers: ['conv2'] },
    { stage: 'conv1', layers: ['conv1'] },
  ];
}

/**
 * The spatial-attention heads' common step: F = feature_conv(input), T = F ⊙ gate (the gate broadcast
 * over channels, or one per channel), traced as A, F and T with the given titles.
 */
export function gatedFeatures(
  params: TensorParams,
  input: tf.Tensor4D,
  attention: tf.Tensor4D,
  gate: tf.Tensor4D,
  titles: { attention: string; features?: string; attended: string },
): Omit<AttentionHeadOutputs, 'channelAttention'> {
  const features = conv(input, params, 'feature_conv', 'linear');
  const attended = tf.mul(features, gate) as tf.Tensor4D;
  return {
    attention,
    features,
    attended,
    trace: [
      { id: 'attention', title: titles.attention, tensor: attention, owns: ['attention_conv'] },
      { id: 'features', title: titles.features ?? 'feature_conv 1×1 = F', tensor: features, owns: ['feature_conv'] },
      { id: 'attended', title: titles.attended, tensor: attended, owns: [] },
    ],
  };
}

export const CLASSIFIER_PARAMS: readonly ParamSpec[] = [
  { key: 'classifier.weight', shape: [10, 64], kind: 'linear-weight' },
  { key: 'classifier.bias', shape: [10], kind: 'bias' },
];

export interface AttentionModelOutputs extends BackboneActivations, Omit<AttentionHeadOutputs, 'trace'> {
  /** T reduced over the cells, [N, 64]. */
  pooled: tf.Tensor2D;
  /** Pre-softmax class scores, [N, 10]. */
  logits: tf.Tensor2D;
}

function reduceCells(design: AttentionHeadDesign, attended: tf.Tensor4D): tf.Tensor2D {
  return (design.cellReduction === 'mean' ? tf.mean(attended, [1, 2]) : tf.sum(attended, [1, 2])) as tf.Tensor2D;
}

/** A PyTorch Linear layer (weights stored [in, out] in tfjs layout): x·W + b. */
export function linear(params: TensorParams, name: string, x: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.matMul(x, params[`${name}.weight`] as tf.Tensor2D), params[`${name}.bias`]);
}

function classifier(params: TensorParams, pooled: tf.Tensor2D): tf.Tensor2D {
  return linear(params, 'classifier', pooled);
}

/** x: normalised images [N, 28, 28, 1]. Live tensors: call inside tf.tidy. */
export function attentionModelForward(design: AttentionHeadDesign, params: TensorParams, x: tf.Tensor4D): AttentionModelOutputs {
  const base = backbone(params, x);
  const { trace: _trace, ...head } = design.head(params, base.conv3);
  const pooled = reduceCells(design, head.attended);
  return { ...base, ...head, pooled, logits: classifier(params, pooled) };
}

/** Per-head CAMs of a multi-head model: [N·49, heads, 10]; head h sums over its own channels. */
function headCams(design: AttentionHeadDesign, params: TensorParams, attended: tf.Tensor4D): tf.Tensor3D {
  const n = attended.shape[0];
  const perHead = BASE_CHANNELS / design.heads;
  const rows = tf.reshape(attended, [n * MAP_CELLS, BASE_CHANNELS]) as tf.Tensor2D;
  const w = params['classifier.weight'] as tf.Tensor2D;
  const cams = Array.from({ length: design.heads }, (_, h) =>
    tf.matMul(tf.slice(rows, [0, h * perHead], [-1, perHead]), tf.slice(w, [h * perHead, 0], [perHead, -1])),
  );
  return tf.stack(cams, 1) as tf.Tensor3D;
}

export function attentionHeadModel(design: AttentionHeadDesign): ModelDefinition {
  const attendedFrom = (params: TensorParams, base: tf.Tensor4D) => design.head(params, base).attended;
  return {
    id: design.id,
    label: design.label,
    title: design.title,
    pytorchClass: design.pytorchClass,
    reportKey: design.reportKey,
    weightsFile: design.weightsFile,
    dataset: design.dataset,
    normalization: design.normalization,
    spatialAttentionHeads: design.heads,
    params: [...BACKBONE_PARAMS, ...design.headParams, ...CLASSIFIER_PARAMS],
    layers: ['conv1', 'conv2', 'conv3', 'attended'],
    camLayer: 'conv3',
    randomizationStages: design.randomizationStages,
    logits: (params, x) => attentionModelForward(design, params, x).logits,
    layerActivation: (params, x, layer) =>
      layer === 'attended' ? attendedFrom(params, backboneLayer(params, x, 'conv3')) : backboneLayer(params, x, layer),
    logitsFromLayer: (params, layer, activation) =>
      classifier(
        params,
        reduceCells(design, layer === 'attended' ? activation : attendedFrom(params, conv3From(params, layer, activation))),
      ),
    trace(params, x) {
      const { layers, conv3 } = traceBackbone(params, x);
      const head = design.head(params, conv3);
      const pooled = reduceCells(design, head.attended);
      return [
        ...layers,
        ...head.trace,
        {
          id: 'pooled',
          title: design.cellReduction === 'mean' ? 'global average pool' : 'sum over the 49 cells',
          tensor: pooled,
          owns: [],
        },
        { id: 'logits', title: 'classifier (linear) = logits', tensor: classifier(params, pooled), owns: ['classifier'] },
      ];
    },
    cam(params, x): CamTensors {
      const out = attentionModelForward(design, params, x);
      const n = x.shape[0];
      // [N·49, 64] × [64, 10] → per-cell class contributions Σ_k w_ck T_k
      const perCell = tf.matMul(tf.reshape(out.attended, [n * MAP_CELLS, BASE_CHANNELS]), params['classifier.weight'] as tf.Tensor2D);
      return {
        logits: out.logits,
        attention: out.attention,
        channelAttention: out.channelAttention,
        perCell: perCell as tf.Tensor2D,
        cellReduction: design.cellReduction,
        headPerCell: design.heads > 1 ? headCams(design, params, out.attended) : null,
      };
    },
  };
}
