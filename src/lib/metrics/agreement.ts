// Agreement between two explanation maps of the same image (e.g. attention map vs Grad-CAM),
// compared cell by cell on their native grid: no resampling, so no interpolation artefacts.
import { TIE_TOLERANCE } from './peaks';
import type { Heatmap } from '../contract/heatmap';
import { pearsonArrays, spearmanArrays } from './correlation';
import { assertMap, assertSameSize } from './validate';

function checked(a: Heatmap, b: Heatmap, where: string): void {
  assertSameSize(a, b, where);
  assertMap(a, where);
  assertMap(b, where);
}

/** Pearson's r of the cell values; null when either map is constant. Same size required (RangeError). */
export function pearson(a: Heatmap, b: Heatmap): number | null {
  checked(a, b, 'pearson');
  return pearsonArrays(a.data, b.data);
}

/**
 * Spearman's ρ (average ranks for ties, ties up to float32 rounding as in peakCells); null when
 * either map is constant. Same size required (RangeError).
 */
export function spearman(a: Heatmap, b: Heatmap): number | null {
  checked(a, b, 'spearman');
  return spearmanArrays(a.data, b.data, TIE_TOLERANCE);
}
