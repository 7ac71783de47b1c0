// The digit every widget on the page explains: one shared input, set by the input panel (test
// sample, drawing, upload) or by a click in the test-set study, announced with an event.
import type { Preprocessing, PreprocessingSteps } from '../lib/data/model-input';

export type InputKind = 'test' | 'drawing' | 'upload';

export interface DigitInput {
  kind: InputKind;
  /** "mnist-test:12", "drawing", "upload:photo.png" — the CLI's input.source */
  source: string;
  /** 28×28 gray values 0..255, white ink on black */
  pixels: Uint8Array;
  /** the test label, when known */
  label: number | null;
  /** test-set index for kind 'test' */
  index?: number;
  /** MNIST-style preprocessing steps, for drawings and uploads */
  steps?: PreprocessingSteps;
  /** the image before preprocessing (drawings/uploads), for the report */
  original?: { width: number; height: number };
  /** what the shared preprocessing did (drawings/uploads; absent for one restored from the URL) */
  preprocessing?: Preprocessing;
  /** the preprocessing's doubts about the input (almost no ink, implausible ink box) */
  warnings?: string[];
  /** for uploads: the report's input block, the same one the CLI writes (describeImageInput) */
  description?: Record<string, unknown>;
}

class InputStore extends EventTarget {
  #current: DigitInput | null = null;

  get current(): DigitInput | null {
    return this.#current;
  }

  set(input: DigitInput): void {
    if (input.pixels.length !== 784) throw new RangeError(`a digit has 784 pixels, got ${input.pixels.length}`);
    this.#current = input;
    this.dispatchEvent(new CustomEvent<DigitInput>('change', { detail: input }));
  }

  /** Calls `listener` now (if there is an input) and on every change; returns an unsubscribe. */
  subscribe(listener: (input: DigitInput) => void): () => void {
    const handler = (event: Event) => listener((event as CustomEvent<DigitInput>).detail);
    this.addEventListener('change', handler);
    if (this.#current) listener(this.#current);
    return () => this.removeEventListener('change', handler);
  }
}

export const inputStore = new InputStore();

/** The CLI JSON's `input` object for this digit (see src/lib/report/explanation-report.ts). */
export function reportInput(input: DigitInput): Record<string, unknown> {
  const base = { source: input.source, label: input.label, width: 28, height: 28 };
  if (input.kind === 'test') return { ...base, preprocessing: 'as-is' };
  if (input.description) return input.description;
  return {
    ...base,
    ...(input.original ? { width: input.original.width, height: input.original.height } : {}),
    preprocessing: input.preprocessing ?? 'mnist-style',
    steps: input.steps,
    ...(input.warnings?.length ? { warnings: input.warnings } : {}),
    pixels: Array.from({ length: 28 }, (_, r) => Array.from(input.pixels.subarray(r * 28, r * 28 + 28))),
  };
}
