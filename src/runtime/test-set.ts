// The 10,000 MNIST test digits, fetched once per page (7.8 MB, checked against the manifest's
// sha256) when a widget first needs a digit other than the one built into the page.
import { fetchTestSet } from '../lib/data/test-set-asset';
import type { LabelledImages } from '../lib/data/idx';

let loading: Promise<LabelledImages> | null = null;

export function loadTestSet(): Promise<LabelledImages> {
  loading ??= fetchTestSet(`${import.meta.env.BASE_URL}data/`).catch((error: unknown) => {
    loading = null; // a later click may succeed (e.g. the network came back)
    if (error instanceof TypeError) throw new Error('Could not load the MNIST test set: the network request failed (are you offline?)');
    throw error;
  });
  return loading;
}

export function testDigit(set: LabelledImages, index: number): { pixels: Uint8Array; label: number } {
  if (!Number.isInteger(index) || index < 0 || index >= set.count)
    throw new RangeError(`test digit ${index} does not exist (0–${set.count - 1})`);
  return { pixels: set.pixels.slice(index * 784, (index + 1) * 784), label: set.labels[index] };
}
