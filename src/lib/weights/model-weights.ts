// Loading and saving a model's weights file: safetensors in PyTorch layout on disk (so the
// lesson's `model.load_state_dict(load_file(...))` works), tfjs layout in memory.
import type { ParamContract } from '../contract/param-spec';
import { pytorchToTfjs, tfjsShape, tfjsToPytorch, type OwnedTensor, type PlainTensor } from './layout';
import { readSafetensors, SafetensorsError, writeSafetensors, type ReadSafetensorsOptions } from './safetensors';

/** Lists every problem found, so one run shows everything wrong with a file. */
export class ModelWeightsError extends Error {
  override name = 'ModelWeightsError';
  constructor(
    readonly model: string,
    readonly problems: readonly string[],
    options?: ErrorOptions,
  ) {
    super(`${model} weights: ${problems.join('; ')}`, options);
  }
}

export interface CheckedTensor extends PlainTensor {
  /** safetensors dtype, when the tensor came from a file. */
  readonly dtype?: string;
}

export interface LoadedModelWeights {
  /** tfjs-layout parameters keyed by the PyTorch state_dict names. */
  params: Record<string, OwnedTensor>;
  /** The file's `__metadata__` (always has format: "pt"). */
  metadata: Record<string, string>;
}

const showShape = (shape: readonly number[]) => `[${shape.join(',')}]`;
const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

function tensorProblems(key: string, t: CheckedTensor, expectedShape: readonly number[]): string[] {
  if (t.dtype !== undefined && t.dtype !== 'F32') return [`${key} has dtype ${t.dtype}, expected F32`];
  if (!sameShape(t.shape, expectedShape)) {
    return [`${key} has shape ${showShape(t.shape)}, expected ${showShape(expectedShape)}`];
  }
  const size = expectedShape.reduce((n, d) => n * d, 1);
  if (t.data.length !== size) return [`${key} has ${t.data.length} values, its shape ${showShape(t.shape)} needs ${size}`];
  const bad = t.data.findIndex((v) => !Number.isFinite(v));
  return bad >= 0 ? [`${key} has a non-finite value ${t.data[bad]} at index ${bad}`] : [];
}

/**
 * Checks that `tensors` are exactly the parameters of `model`: no missing or unexpected names,
 * spec shapes in the given layout, F32, finite. Throws ModelWeightsError listing all problems.
 * `others` (the other registered models) let a message say whose file this probably is.
 */
export function validateModelTensors(
  model: ParamContract,
  tensors: Readonly<Record<string, CheckedTensor>>,
  layout: 'pytorch' | 'tfjs' = 'pytorch',
  others: readonly ParamContract[] = [],
): void {
  const specs = model.params;
  const problems: string[] = [];
  for (const spec of specs) {
    const t = tensors[spec.key];
    if (t === undefined) problems.push(`missing tensor ${spec.key}`);
    else problems.push(...tensorProblems(spec.key, t, layout === 'pytorch' ? spec.shape : tfjsShape(spec)));
  }
  for (const key of Object.keys(tensors)) {
    if (specs.some((s) => s.key === key)) continue;
    const owner = others.find((o) => o !== model && o.params.some((s) => s.key === key));
    // nn.DataParallel / DistributedDataParallel save every name with a "module." prefix.
    const wrapped = key.startsWith('module.') && specs.some((s) => s.key === key.slice('module.'.length));
    const hint = wrapped
      ? ' (strip the `module.` prefix that DataParallel adds: {k.removeprefix("module."): v for k, v in state_dict.items()})'
      : owner
        ? ` (is this the ${owner.label}'s file?)`
        : '';
    problems.push(`unexpected tensor ${key}${hint}`);
  }
  if (problems.length > 0) throw new ModelWeightsError(model.label, problems);
}

/** Reads a PyTorch-layout safetensors file and returns validated tfjs-layout parameters. */
export function loadModelWeights(
  model: ParamContract,
  bytes: Uint8Array,
  options?: ReadSafetensorsOptions & { others?: readonly ParamContract[] },
): LoadedModelWeights {
  let file;
  try {
    file = readSafetensors(bytes, options);
  } catch (error) {
    if (error instanceof SafetensorsError) throw new ModelWeightsError(model.label, [error.message], { cause: error });
    throw error;
  }
  validateModelTensors(model, file.tensors, 'pytorch', options?.others);
  return { params: pytorchToTfjs(model, file.tensors), metadata: file.metadata };
}

/** Writes tfjs-layout parameters as a PyTorch-layout safetensors file. */
export function saveModelWeights(
  model: ParamContract,
  params: Readonly<Record<string, PlainTensor>>,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  validateModelTensors(model, params, 'tfjs');
  return writeSafetensors(tfjsToPytorch(model, params), metadata);
}
