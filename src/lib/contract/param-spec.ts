// One parameter of a model as the lesson's PyTorch class names it: the `state_dict` key and the
// PyTorch shape (conv OIHW, linear [out, in]). Weights files, the layout converter, the
// initialiser and the forward functions all read a model's list of these.

/** Channels × height × width of the feature map a flatten-consuming linear layer reads. */
export interface FeatureGrid {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

export interface ParamSpec {
  /** PyTorch state_dict key, e.g. "conv1.weight". */
  readonly key: string;
  /** Shape in PyTorch layout. */
  readonly shape: readonly number[];
  readonly kind: 'conv-weight' | 'linear-weight' | 'bias';
  /** For a linear layer that reads a flattened conv output (PyTorch flattens C, H, W). */
  readonly flattenFrom?: FeatureGrid;
}

/** What the weights code needs to know about a model: its name for messages and its parameters. */
export interface ParamContract {
  readonly label: string;
  readonly params: readonly ParamSpec[];
}

export function parameterCount(specs: readonly ParamSpec[]): number {
  return specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
}
