import { describe, expect, it } from 'vitest';
import { parsePageData } from './page-data';

const pixels = Buffer.from(Uint8Array.from({ length: 784 }, (_, i) => i % 256)).toString('base64');
const logits = Array.from({ length: 10 }, (_, i) => i - 4.5);
const valid = {
  sample: { source: 'mnist-test:0', index: 0, label: 7, pixelsBase64: pixels },
  selfTest: { input: 'mnist-test:0', label: 7, pixelsBase64: pixels, attention: { logits }, traditional: { logits } },
};

describe('parsePageData', () => {
  it('reads the self-test digit, logits and the default sample', () => {
    const data = parsePageData(valid);
    expect(data.selfTest.attention.logits).toEqual(logits);
    expect(data.selfTest.traditional.pixels[783]).toBe(783 % 256);
    expect(data.sample.label).toBe(7);
    expect(data.sample.pixels.length).toBe(784);
  });

  it('names what is malformed', () => {
    expect(() => parsePageData(null)).toThrow(/the file is not an object/);
    expect(() => parsePageData({ ...valid, selfTest: { ...valid.selfTest, pixelsBase64: 'AAAA' } })).toThrow(/selfTest.pixelsBase64 is not 784 bytes/);
    expect(() => parsePageData({ ...valid, selfTest: { ...valid.selfTest, attention: { logits: [1, 2] } } })).toThrow(/selfTest.attention.logits is not 10 finite numbers/);
  });
});
