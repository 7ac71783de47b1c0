// Structural similarity (Wang et al. 2004) between two maps, as used by the sanity checks
// (Adebayo et al. 2018 report SSIM next to rank correlation). It follows scikit-image's
// structural_similarity defaults: a uniform square window (7×7), sample (co)variances,
// the mean over all window positions that fit inside the map (no padding), C1 = (0.01·L)²,
// C2 = (0.03·L)². On a 7×7 map that is a single window, i.e. a global SSIM.
import type { Heatmap } from '../contract/heatmap';
import { assertMap, assertSameSize, sizeOf } from './validate';

export interface SsimOptions {
  /** Odd window side (default 7); shrunk to the largest odd side that fits a smaller map. */
  windowSize?: number;
  /** Dynamic range L of the values (default 1, for maps normalised to [0, 1]). */
  dataRange?: number;
}

/** Mean SSIM in [−1, 1] (1 = identical). Same size required; maps smaller than 3×3 throw. */
export function ssim(a: Heatmap, b: Heatmap, options: SsimOptions = {}): number {
  const { windowSize = 7, dataRange = 1 } = options;
  assertSameSize(a, b, 'ssim');
  assertMap(a, 'ssim');
  assertMap(b, 'ssim');
  if (!Number.isInteger(windowSize) || windowSize < 3 || windowSize % 2 === 0) {
    throw new RangeError(`ssim: windowSize must be an odd integer >= 3, got ${windowSize}`);
  }
  if (!(dataRange > 0) || !Number.isFinite(dataRange)) throw new RangeError(`ssim: bad dataRange ${dataRange}`);
  const fit = Math.min(a.height, a.width);
  if (fit < 3) throw new RangeError(`ssim: needs a map of at least 3×3, got ${sizeOf(a)}`);
  const win = Math.min(windowSize, fit % 2 === 1 ? fit : fit - 1);
  const np = win * win;
  const c1 = (0.01 * dataRange) ** 2;
  const c2 = (0.03 * dataRange) ** 2;
  const w = a.width;
  let total = 0;
  let count = 0;
  for (let top = 0; top + win <= a.height; top++) {
    for (let left = 0; left + win <= w; left++) {
      let mx = 0;
      let my = 0;
      for (let r = top; r < top + win; r++) {
        for (let c = left; c < left + win; c++) {
          mx += a.data[r * w + c];
          my += b.data[r * w + c];
        }
      }
      mx /= np;
      my /= np;
      let vx = 0;
      let vy = 0;
      let cxy = 0;
      for (let r = top; r < top + win; r++) {
        for (let c = left; c < left + win; c++) {
          const dx = a.data[r * w + c] - mx;
          const dy = b.data[r * w + c] - my;
          vx += dx * dx;
          vy += dy * dy;
          cxy += dx * dy;
        }
      }
      // Sample (co)variances, N − 1, as scikit-image's use_sample_covariance=True.
      vx /= np - 1;
      vy /= np - 1;
      cxy /= np - 1;
      total += ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
      count++;
    }
  }
  return total / count;
}
