// Weights files for the own-weights specs, made from the course's attention-CNN.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readSafetensors, writeSafetensors, type SafetensorsContents } from '../../src/lib/weights/safetensors';
import { ROOT } from './site';

const course = () => readSafetensors(new Uint8Array(readFileSync(path.join(ROOT, 'pretrained/attention-cnn.safetensors'))));

function edited(edit: (file: SafetensorsContents) => SafetensorsContents['tensors']): Buffer {
  const file = course();
  return Buffer.from(writeSafetensors(edit(file), file.metadata));
}

/** feature_conv's weights scaled to ~3e38: every value finite, but every sum overflows. */
export const overflowingWeights = (): Buffer =>
  edited((f) => {
    const w = f.tensors['feature_conv.weight'];
    return { ...f.tensors, 'feature_conv.weight': { ...w, data: w.data.map((v) => (v >= 0 ? 3e38 : -3e38)) } };
  });

/** Every classifier bias raised by `shift`: the same predictions, other logits. */
export const shiftedWeights = (shift: number): Buffer =>
  edited((f) => {
    const b = f.tensors['classifier.bias'];
    return { ...f.tensors, 'classifier.bias': { ...b, data: b.data.map((v) => v + shift) } };
  });
