// A trained run's weights in the rest of the site: its file name, whether a lesson widget shows
// that network on that dataset (registryModelFor), and "use in all widgets" through the same
// checks as an uploaded file — the course session for the course's two networks, lab 1's models
// for the variants.
import type { LabDataset } from '../lib/data/train-set-asset';
import { getModel, isModelName } from '../lib/models/registry';
import { registryModelFor, type TrainableModel } from '../lib/train/lab-training';
import { useLabWeights } from '../runtime/lab-models';
import { useCustomWeights } from '../runtime/session';
import { DATASET_LABELS } from './train-settings';

interface Trained {
  model: TrainableModel;
  dataset: LabDataset;
}

/** e.g. attention-lab-seed1.safetensors (Fashion-MNIST runs say so in the name). */
export function weightsFileName(s: Trained & { seed: number }): string {
  return `${s.model}${s.dataset === 'mnist' ? '' : `-${s.dataset}`}-lab-seed${s.seed}.safetensors`;
}

/** Why no widget can use these weights, or null when one can. */
export function unusableReason(s: Trained): string | null {
  if (registryModelFor(s)) return null;
  return `No lesson widget shows the ${getModel(s.model).label} trained on ${DATASET_LABELS[s.dataset]}; download the weights instead.`;
}

/** Makes every widget that shows this network use the file (after the usual checks); returns what happened. */
export async function useTrainedWeights(s: Trained, file: File): Promise<string> {
  const target = registryModelFor(s);
  if (!target) throw new Error(unusableReason(s) ?? 'no widget can use these weights');
  const label = getModel(target).label;
  if (isModelName(target)) {
    const { notKept } = await useCustomWeights(target, file);
    return `${file.name} passed every check: every widget now uses it for the ${label}${notKept ? ` on this page only (${notKept})` : ', on this page and the other lessons of this tab'}.`;
  }
  const { notKept } = await useLabWeights(target, file, true);
  return `${file.name} passed every check: lab 1's widgets now use it for the ${label}${notKept ? ` on this page only (${notKept})` : ', on this page and the other lessons of this tab'}.`;
}
