import { describe, expect, it } from 'vitest';
import { plainNumber } from './number-text';

describe('plainNumber', () => {
  it('reads decimals and exponents as written', () => {
    expect(plainNumber('16')).toBe(16);
    expect(plainNumber('0.25')).toBe(0.25);
    expect(plainNumber('.5')).toBe(0.5);
    expect(plainNumber('3e-3')).toBe(0.003);
    expect(plainNumber('1.5E-4')).toBe(0.00015);
  });
  it('refuses what Number() would take silently', () => {
    for (const raw of ['0x10', '0b11', '0o7', ' 5', '5 ', '+5', '-5', '1.', 'Infinity', '', '1e', '016', '1_000']) {
      expect(plainNumber(raw), raw).toBeNaN();
    }
  });
});
