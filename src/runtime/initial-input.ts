// The digit a page starts with: the one its URL names (?sample=N, or ?digit=… for a drawing or
// an upload), else the page's default test digit, which is built into the page so the first map
// never waits for the 7.8 MB test set.
import { inputStore, type DigitInput, type InputKind } from './input-store';
import type { PageData } from './page-data';
import { loadTestSet, testDigit } from './test-set';
import { decodeBytes, encodeBytes, intParam, readParam, rejectParam, writeParams, choiceParam } from './url-state';

export async function testInput(index: number, pageData?: PageData): Promise<DigitInput> {
  if (pageData && pageData.sample.source === `mnist-test:${index}`) {
    return { kind: 'test', source: pageData.sample.source, pixels: pageData.sample.pixels.slice(), label: pageData.sample.label, index };
  }
  const digit = testDigit(await loadTestSet(), index);
  return { kind: 'test', source: `mnist-test:${index}`, pixels: digit.pixels, label: digit.label, index };
}

let initialising: Promise<void> | null = null;

/** Sets the page's first input once, from the URL or the default. */
export function ensureInput(pageData: PageData): Promise<void> {
  initialising ??= (async () => {
    if (inputStore.current) return;
    const digit = readParam('digit');
    if (digit !== null) {
      const pixels = decodeBytes(digit, 784);
      const kind = choiceParam(readParam('source'), ['drawing', 'upload'] as const) ?? 'drawing';
      if (pixels) {
        inputStore.set({ kind, source: kind, pixels, label: null });
        return;
      }
      rejectParam('digit', digit.length > 24 ? `${digit.slice(0, 24)}…` : digit, "the page's default digit");
      writeParams({ source: null });
    }
    const sample = readParam('sample');
    const index = intParam(sample, 0, 9999);
    const defaultIndex = Number(pageData.sample.source.split(':')[1]);
    if (sample !== null && index === null) rejectParam('sample', sample, `test digit ${defaultIndex} (indices run from 0 to 9999)`);
    try {
      inputStore.set(await testInput(index ?? defaultIndex, pageData));
    } catch {
      inputStore.set(await testInput(defaultIndex, pageData));
    }
  })();
  return initialising;
}

/** Records the input in the URL: ?sample=N for test digits, the 784 bytes for anything else. */
export function inputToUrl(input: DigitInput): void {
  if (input.kind === 'test') writeParams({ sample: String(input.index), digit: null, source: null });
  else writeParams({ sample: null, digit: encodeBytes(input.pixels), source: input.kind satisfies InputKind });
}
