// The parameter contract shared with the lesson's PyTorch classes: names are the PyTorch
// `state_dict` keys and shapes are PyTorch's (conv OIHW, linear [out, in]). Weights files,
// the layout converter and the model functions all read this one table.

export type ModelName = 'attention' | 'traditional';

export interface ParamSpec {
  /** PyTorch state_dict key, e.g. "conv1.weight". */
  readonly key: string;
  /** Shape in PyTorch layout. */
  readonly shape: readonly number[];
  readonly kind: 'conv-weight' | 'linear-weight' | 'bias';
}

const backbone: readonly ParamSpec[] = [
  { key: 'conv1.weight', shape: [32, 1, 3, 3], kind: 'conv-weight' },
  { key: 'conv1.bias', shape: [32], kind: 'bias' },
  { key: 'conv2.weight', shape: [64, 32, 3, 3], kind: 'conv-weight' },
  { key: 'conv2.bias', shape: [64], kind: 'bias' },
  { key: 'conv3.weight', shape: [64, 64, 3, 3], kind: 'conv-weight' },
  { key: 'conv3.bias', shape: [64], kind: 'bias' },
];

export const PARAM_SPECS: Readonly<Record<ModelName, readonly ParamSpec[]>> = {
  attention: [
    ...backbone,
    { key: 'attention_conv.weight', shape: [1, 64, 1, 1], kind: 'conv-weight' },
    { key: 'attention_conv.bias', shape: [1], kind: 'bias' },
    { key: 'feature_conv.weight', shape: [64, 64, 1, 1], kind: 'conv-weight' },
    { key: 'feature_conv.bias', shape: [64], kind: 'bias' },
    { key: 'classifier.weight', shape: [10, 64], kind: 'linear-weight' },
    { key: 'classifier.bias', shape: [10], kind: 'bias' },
  ],
  traditional: [
    ...backbone,
    { key: 'fc1.weight', shape: [128, 3136], kind: 'linear-weight' },
    { key: 'fc1.bias', shape: [128], kind: 'bias' },
    { key: 'fc2.weight', shape: [10, 128], kind: 'linear-weight' },
    { key: 'fc2.bias', shape: [10], kind: 'bias' },
  ],
};

/** Spatial size and channels of the last conv block (the "base features"). */
export const BASE_HEIGHT = 7;
export const BASE_WIDTH = 7;
export const BASE_CHANNELS = 64;
export const NUM_CLASSES = 10;
export const IMAGE_SIZE = 28;

/** Key of the linear layer that reads the flattened conv3 output (needs the flatten-order permutation). */
export const FLATTEN_CONSUMER = 'fc1.weight';

export function parameterCount(model: ModelName): number {
  return PARAM_SPECS[model].reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
}
