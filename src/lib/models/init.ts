// PyTorch's default initialisation for Conv2d and Linear (kaiming_uniform with a = √5):
// weights and biases ~ U(−1/√fan_in, 1/√fan_in). Starting where the lesson's PyTorch code
// starts keeps our training comparable with what learners see in class.
import type { ParamSpec } from '../contract/param-spec';
import type { PlainParam } from './params';
import { getModel, type ModelId } from './registry';
import { tfjsShape } from '../weights/layout';

function fanIn(specs: readonly ParamSpec[], key: string): number {
  const weight = specs.find((s) => s.key === key.replace(/\.bias$/, '.weight'));
  if (!weight) throw new Error(`no weight for ${key}`);
  return weight.shape.slice(1).reduce((a, b) => a * b, 1);
}

export function initParams(model: ModelId, rng: () => number): Record<string, PlainParam> {
  const specs = getModel(model).params;
  const out: Record<string, PlainParam> = {};
  for (const spec of specs) {
    const bound = 1 / Math.sqrt(fanIn(specs, spec.key));
    const shape = tfjsShape(spec);
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = (rng() * 2 - 1) * bound;
    out[spec.key] = { shape, data };
  }
  return out;
}
