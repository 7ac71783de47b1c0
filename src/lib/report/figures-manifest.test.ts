import { describe, expect, it } from 'vitest';
import { heatmap } from '../contract/heatmap';
import { bytesToBase64, figuresManifest, formatPercent, modelCardSelfTest, pixelsFromBase64, sampleFacts } from './figures-manifest';
import { summarizeStudy } from './study-summary';

const grid = (f: (r: number, c: number) => number) =>
  heatmap(
    7,
    7,
    Array.from({ length: 49 }, (_, i) => f(Math.floor(i / 7), i % 7)),
  );

const attention = grid((r, c) => 0.1 + (r === 3 && c === 3 ? 0.8 : 0.01 * c));
const cam = grid((r, c) => (r === 4 && c === 2 ? 10 : r - c));
const gradcam = grid(() => 0); // a dead Grad-CAM: constant
const facts = sampleFacts({ attention, cam, gradcam }, { predicted: 7, probability: 0.99998 }, { predicted: 7, probability: 1 });

const card = {
  models: {
    attention: { selfTest: { input: 'mnist-test:3', label: 0, logits: [9, 0, 0, 0, 0, 0, 0, 0, 0, 0] } },
    traditional: { selfTest: { input: 'mnist-test:3', label: 0, logits: [8, 0, 0, 0, 0, 0, 0, 0, 0, 0] } },
  },
};

describe('figures.json builders', () => {
  it('finds 1-based peaks and the pair agreements', () => {
    expect(facts.peaks.attention).toEqual({ row: 4, col: 4, ties: 1 });
    expect(facts.peaks.cam).toEqual({ row: 5, col: 3, ties: 1 });
    expect(facts.peaks.gradcam).toEqual({ row: 1, col: 1, ties: 49 });
    expect(facts.pearson.attentionGradcam).toBeNull();
    expect(facts.pearson.attentionCam).toBeGreaterThan(-1);
  });

  it('formats probabilities without rounding them to 100 %', () => {
    expect(formatPercent(0.99998)).toBe('99.998 %');
    expect(formatPercent(0.5)).toBe('50.0 %');
    expect(formatPercent(1)).toBe('100 %');
    expect(formatPercent(0.9999999999)).toBe('> 99.99999 %');
    expect(formatPercent(1e-12)).toBe('< 0.00001 %');
  });

  it('assembles the manifest with alt texts that state the numbers', () => {
    const pixels = Uint8Array.from({ length: 784 }, (_, i) => i % 256);
    const images = {
      input: { file: 'figures/input.png', width: 256, height: 280 },
      fourPanel: { file: 'figures/four-panel.png', width: 1000, height: 300 },
      comparison: { file: 'figures/comparison.png', width: 800, height: 300 },
      activations: { file: 'figures/activations.png', width: 1000, height: 600 },
      attack: { file: 'figures/attack.png', width: 900, height: 500 },
    };
    const selfTest = modelCardSelfTest(card, ['attention', 'traditional']);
    expect(selfTest.index).toBe(3);
    const m = figuresManifest({
      sample: { index: 0, label: 7, pixels },
      facts,
      images,
      activations: [
        { layer: 'conv1', height: 28, width: 28, channels: 8, max: 3.21, flat: [] },
        { layer: 'conv3', height: 7, width: 7, channels: 8, max: 10, flat: [2, 5] },
      ],
      attack: {
        method: 'fgsm',
        eps: 0.1,
        attacked: 'attention-CNN',
        target: null,
        succeeded: true,
        networks: [
          { label: 'attention-CNN', before: 7, after: 3, maps: [{ title: 'attention', pearson: 0.91234 }] },
          { label: 'traditional CNN', before: 7, after: 7, maps: [{ title: 'Grad-CAM', pearson: null }] },
        ],
      },
      selfTest: { entries: selfTest.entries, pixels },
      summary: summarizeStudy([]),
    });
    expect(m.figures.attack.alt).toContain(
      'FGSM with budget ε = 0.1 against the attention-CNN on MNIST test digit 0 (label 7), untargeted: it succeeded',
    );
    expect(m.figures.attack.alt).toContain('the attention-CNN reads 7 before and 3 after; the traditional CNN reads 7 before and 7 after');
    expect(m.figures.attack.alt).toContain('attention (attention-CNN) 0.912, Grad-CAM (traditional CNN) undefined (a constant map)');
    expect(m.sample).toEqual({ source: 'mnist-test:0', index: 0, label: 7, pixelsBase64: bytesToBase64(pixels) });
    expect(pixelsFromBase64(m.sample.pixelsBase64)).toEqual(pixels);
    expect(m.figures.fourPanel).toMatchObject(images.fourPanel);
    expect(m.figures.fourPanel.alt).toContain('predicts 7 with probability 99.998 %');
    expect(m.figures.fourPanel.alt).toContain('peak at row 4, column 4');
    expect(m.figures.comparison.alt).toContain('row 1, column 1, one of 49 cells tied at the peak value');
    expect(m.figures.comparison.alt).toContain('attention map vs Grad-CAM undefined (a constant map)');
    expect(m.figures.comparison.alt).toContain(`CAM ${facts.pearson.attentionCam!.toFixed(3)}`);
    expect(m.figures.activations.alt).toContain('conv3 channels 2, 5');
    expect(m.selfTest).toMatchObject({ input: 'mnist-test:3', label: 0, attention: card.models.attention.selfTest });
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });

  it('rejects a model card without matching self-tests, and bad pixels', () => {
    expect(() => modelCardSelfTest({}, ['attention'])).toThrow(/models\.attention\.selfTest/);
    const other = structuredClone(card);
    other.models.traditional.selfTest.input = 'mnist-test:4';
    expect(() => modelCardSelfTest(other, ['attention', 'traditional'])).toThrow(/different inputs/);
    expect(() => pixelsFromBase64(bytesToBase64(new Uint8Array(10)))).toThrow(/10 bytes/);
    expect(() => pixelsFromBase64('@@@')).toThrow(/not base64/);
  });
});
