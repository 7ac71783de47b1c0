import { describe, expect, it } from 'vitest';
import { figuresManifest } from '../lib/report/figures-manifest';
import { summarizeStudy } from '../lib/report/study-summary';
import { parsePageData } from './page-data';

const bytes = Uint8Array.from({ length: 784 }, (_, i) => i % 256);
const logits = Array.from({ length: 10 }, (_, i) => i - 4.5);
const prediction = { predicted: 7, probability: 0.9 };
const peak = { row: 3, col: 4, ties: 1 };
const image = { file: 'figures/x.png', width: 10, height: 10 };
/** A figures.json as the build writes it (same builder, same schema). */
const valid = JSON.parse(
  JSON.stringify(
    figuresManifest({
      sample: { index: 0, label: 7, pixels: bytes },
      facts: {
        attention: prediction,
        traditional: prediction,
        peaks: { attention: peak, cam: peak, gradcam: peak },
        pearson: { attentionCam: 0.3, attentionGradcam: 0.2, camGradcam: null },
      },
      images: { input: image, fourPanel: image, comparison: image, activations: image, attack: image },
      activations: [],
      attack: { method: 'fgsm', eps: 0.1, attacked: 'attention-CNN', target: null, succeeded: false, networks: [] },
      selfTest: {
        entries: { attention: { input: 'mnist-test:0', label: 7, logits }, traditional: { input: 'mnist-test:0', label: 7, logits } },
        pixels: bytes,
      },
      summary: summarizeStudy([]),
    }),
  ),
);

describe('parsePageData', () => {
  it('reads the self-test digit, logits and the default sample', () => {
    const data = parsePageData(valid);
    expect(data.selfTest.attention.logits).toEqual(logits);
    expect(data.selfTest.traditional.pixels[783]).toBe(783 % 256);
    expect(data.sample.label).toBe(7);
    expect(data.sample.pixels.length).toBe(784);
  });

  it('names what is malformed', () => {
    expect(() => parsePageData(null)).toThrow(/figures.json is malformed: the document is null, expected an object/);
    expect(() => parsePageData({ ...valid, selfTest: { ...valid.selfTest, pixelsBase64: 'AAAA' } })).toThrow(
      /selfTest.pixelsBase64 is not 784 bytes/,
    );
    expect(() =>
      parsePageData({ ...valid, selfTest: { ...valid.selfTest, attention: { ...valid.selfTest.attention, logits: [1, 2] } } }),
    ).toThrow(/selfTest.attention.logits is \[1,2\], expected a list of 10 × a finite number/);
    expect(() => parsePageData({ ...valid, format: 'figures/0' })).toThrow(/format is "figures\/0", expected "figures\/1"/);
  });
});
