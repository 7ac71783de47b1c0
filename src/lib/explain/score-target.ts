// What an explanation explains: the pre-softmax logit of one class, or the difference of two
// (contrastive: "why a rather than b?"). Expressed as a weight vector over the ten logits and
// applied as a product with the logits, never with gather (tfjs-wasm has no gradient for it).
import { NUM_CLASSES } from '../contract/constants';

export type ScoreTarget = { classIndex: number } | { contrast: readonly [number, number] };

function checkClass(c: number): void {
  if (!Number.isInteger(c) || c < 0 || c >= NUM_CLASSES) throw new RangeError(`class ${c} is not a digit 0–9`);
}

export function scoreWeights(target: ScoreTarget): number[] {
  const w = new Array<number>(NUM_CLASSES).fill(0);
  if ('classIndex' in target) {
    checkClass(target.classIndex);
    w[target.classIndex] = 1;
  } else {
    const [a, b] = target.contrast;
    checkClass(a);
    checkClass(b);
    if (a === b) throw new RangeError(`a contrastive target needs two different classes, got ${a} and ${b}`);
    w[a] = 1;
    w[b] = -1;
  }
  return w;
}

export function targetLabel(target: ScoreTarget): string {
  return 'classIndex' in target ? String(target.classIndex) : `${target.contrast[0]}-${target.contrast[1]}`;
}
