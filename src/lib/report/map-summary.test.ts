import { describe, expect, it } from 'vitest';
import { heatmap } from '../contract/heatmap';
import { describeAgreement, describeMap, describePrediction } from './map-summary';

describe('map summaries', () => {
  it('names the peak cell 1-based with the value range', () => {
    const values = new Array(49).fill(0.1);
    values[3 * 7 + 2] = 0.9;
    expect(describeMap(heatmap(7, 7, values))).toBe('peak at row 4, column 3 of 7×7 (value 0.900); values 0.100 to 0.900');
  });

  it('reports ties and flat maps', () => {
    expect(describeMap(heatmap(1, 3, [1, 0, 1]))).toMatch(/^peak at 2 tied cells \(row 1, column 1; row 1, column 3\)/);
    expect(describeMap(heatmap(2, 2, [5, 5, 5, 5]))).toBe('flat: every cell is 5.000');
  });

  it('describes predictions and agreement', () => {
    expect(describePrediction(7, [0, 0, 0, 0, 0, 0, 0, 0.9991, 0.0009, 0])).toBe('predicts 7 with probability 99.9 %');
    expect(describeAgreement(heatmap(1, 3, [1, 2, 3]), heatmap(1, 3, [2, 4, 6]))).toBe('Pearson r = 1.00');
    expect(describeAgreement(heatmap(1, 3, [1, 1, 1]), heatmap(1, 3, [2, 4, 6]))).toBe('Pearson r undefined (a flat map)');
  });
});
