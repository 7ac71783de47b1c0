// Plain-language summaries of maps and predictions, for screen readers and the text under each
// panel: a heatmap is a picture, so say where its peak is and how the maps agree.
import type { Heatmap } from '../contract/heatmap';
import { pearson } from '../metrics/agreement';
import { peakCells } from '../metrics/peaks';

const fmt = (v: number, digits = 3) => (Math.abs(v) >= 1000 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toFixed(digits));

/** "peak at row 4, column 3 of 7×7 (value 0.912); values 0.104 to 0.912" (1-based cells). */
export function describeMap(map: Heatmap): string {
  let min = Infinity;
  let max = -Infinity;
  map.data.forEach((v) => {
    min = Math.min(min, v);
    max = Math.max(max, v);
  });
  if (max - min <= 1e-12 * Math.max(1, Math.abs(max))) return `flat: every cell is ${fmt(max)}`;
  const p = peakCells(map);
  const cells = p.cells.map((c) => `row ${c.row + 1}, column ${c.col + 1}`);
  const where =
    cells.length === 1 ? cells[0] : `${cells.length} tied cells (${cells.slice(0, 3).join('; ')}${cells.length > 3 ? '; …' : ''})`;
  return `peak at ${where} of ${map.height}×${map.width} (value ${fmt(p.value)}); values ${fmt(min)} to ${fmt(max)}`;
}

/** "predicts 7 with probability 99.9 %" */
export function describePrediction(predicted: number, probabilities: readonly number[]): string {
  return `predicts ${predicted} with probability ${(100 * probabilities[predicted]).toFixed(1)} %`;
}

/** "Pearson r = 0.41" or "Pearson r undefined (a flat map)" */
export function describeAgreement(a: Heatmap, b: Heatmap): string {
  const r = pearson(a, b);
  return r === null ? 'Pearson r undefined (a flat map)' : `Pearson r = ${r.toFixed(2)}`;
}
