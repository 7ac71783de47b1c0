// Cleaning a photo of dark ink on paper before centring. Uneven light (a shadow across the page)
// and grey paper would otherwise count as ink: the ink box grows to the whole photo and the
// digit drowns in a grey square. Steps, on the image already oriented ink-bright:
//   1. estimate the background: a morphological opening (erode, then dilate) with a window wider
//      than any stroke removes the ink and keeps the slowly varying paper; a box blur smooths it;
//   2. subtract it, so the paper is ~0 everywhere and the ink stands out by its contrast;
//   3. Otsu's threshold on the result separates ink from the paper's noise: keep only the ink,
//      stretched so its typical level is full white, like MNIST's strokes;
//   4. drop specks: grain that passes the threshold in isolated spots would stretch the ink box
//      to the photo's edge, so ink blobs much smaller than the largest stroke are removed.
// Clean inputs (drawings, scans, MNIST digits: the paper is already black after orienting) are
// left exactly as they are.

export interface BackgroundCleaning {
  /** The median of the oriented image, i.e. the paper's level (0 = already black). */
  paperLevel: number;
  /** Side of the square window of the opening and the blur, in working pixels. */
  window: number;
  /** Otsu's threshold on the background-subtracted image, 0..255. */
  threshold: number;
  /** Ink level (90th percentile above the threshold) that is mapped to 255. */
  inkLevel: number;
  /** Isolated blobs above the threshold that were dropped as paper grain. */
  specksRemoved: number;
}

/** An ink blob smaller than this share of the largest one is a speck of grain, not a stroke. */
const SPECK_SHARE = 0.05;

/**
 * Clears (in place) the 8-connected blobs of `mask` smaller than SPECK_SHARE of the largest one;
 * returns how many were cleared.
 */
function removeSpecks(mask: Uint8Array, width: number, height: number): number {
  const label = new Int32Array(mask.length).fill(-1);
  const sizes: number[] = [];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || label[start] >= 0) continue;
    const id = sizes.length;
    let size = 0;
    label[start] = id;
    stack.push(start);
    while (stack.length > 0) {
      const p = stack.pop()!;
      size++;
      const x = p % width;
      const y = (p - x) / width;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const q = ny * width + nx;
          if (mask[q] && label[q] < 0) {
            label[q] = id;
            stack.push(q);
          }
        }
      }
    }
    sizes.push(size);
  }
  const keep = Math.max(...sizes, 0) * SPECK_SHARE;
  for (let p = 0; p < mask.length; p++) if (mask[p] && sizes[label[p]] < keep) mask[p] = 0;
  return sizes.filter((size) => size < keep).length;
}

/** Paper darker than this (after orienting ink-bright) is clean: nothing to normalise. */
export const CLEAN_PAPER_LEVEL = 8;

/** Sliding minimum or maximum over one line, window 2r+1 clipped at the ends (monotonic deque, O(n)). */
function slidingExtreme(line: Float32Array, r: number, max: boolean, out: Float32Array): void {
  const n = line.length;
  const deque = new Int32Array(n);
  let head = 0;
  let tail = 0;
  const better = (a: number, b: number) => (max ? a >= b : a <= b);
  let next = 0;
  for (let i = 0; i < n; i++) {
    const reach = Math.min(n - 1, i + r);
    for (; next <= reach; next++) {
      while (tail > head && better(line[next], line[deque[tail - 1]])) tail--;
      deque[tail++] = next;
    }
    while (deque[head] < i - r) head++;
    out[i] = line[deque[head]];
  }
}

/** Applies a 1-D operation along rows, then along columns. */
function separable(src: Float32Array, width: number, height: number, op: (line: Float32Array, out: Float32Array) => void): Float32Array {
  const rows = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  const rowOut = new Float32Array(width);
  for (let y = 0; y < height; y++) {
    op(src.subarray(y * width, (y + 1) * width), rowOut);
    rows.set(rowOut, y * width);
  }
  const col = new Float32Array(height);
  const colOut = new Float32Array(height);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) col[y] = rows[y * width + x];
    op(col, colOut);
    for (let y = 0; y < height; y++) out[y * width + x] = colOut[y];
  }
  return out;
}

/** Box mean over a window 2r+1 clipped at the ends (running sum, O(n)). */
function boxMean(line: Float32Array, r: number, out: Float32Array): void {
  const n = line.length;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + line[i];
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - r);
    const hi = Math.min(n, i + r + 1);
    out[i] = (prefix[hi] - prefix[lo]) / (hi - lo);
  }
}

/** Histogram of values rounded to 0..255. */
function histogram(values: Float32Array): Float64Array {
  const hist = new Float64Array(256);
  for (const v of values) hist[Math.min(255, Math.max(0, Math.round(v)))]++;
  return hist;
}

function median(values: Float32Array): number {
  const hist = histogram(values);
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += hist[v];
    if (seen >= values.length / 2) return v;
  }
  return 255;
}

/**
 * Otsu's threshold: the level that maximises the between-class variance of the histogram. When
 * a range of levels ties (an empty gap between two modes), the middle of the range.
 */
export function otsuThreshold(hist: ArrayLike<number>): number {
  let total = 0;
  let sum = 0;
  for (let v = 0; v < hist.length; v++) {
    total += hist[v];
    sum += v * hist[v];
  }
  let below = 0;
  let sumBelow = 0;
  let best = 0;
  let bestEnd = 0;
  let bestVariance = -1;
  for (let t = 0; t < hist.length; t++) {
    below += hist[t];
    sumBelow += t * hist[t];
    const above = total - below;
    if (below === 0 || above === 0) continue;
    const meanBelow = sumBelow / below;
    const meanAbove = (sum - sumBelow) / above;
    const variance = below * above * (meanBelow - meanAbove) ** 2;
    if (variance > bestVariance * (1 + 1e-12)) {
      bestVariance = variance;
      best = t;
      bestEnd = t;
    } else if (variance >= bestVariance * (1 - 1e-12) && bestEnd === t - 1) {
      bestEnd = t;
    }
  }
  return Math.floor((best + bestEnd) / 2);
}

/**
 * Cleans an oriented (ink-bright) image: returns a cleaned copy and what was done, or null when
 * the paper is already black (a clean input, left exactly as it is).
 */
export function cleanBackground(
  ink: Float32Array,
  width: number,
  height: number,
): { cleaned: Float32Array; cleaning: BackgroundCleaning } | null {
  const paperLevel = median(ink);
  if (paperLevel <= CLEAN_PAPER_LEVEL) return null;

  // Wider than a stroke: digits are rarely thicker than a sixth of the photo's long side.
  const r = Math.max(1, Math.round(Math.max(width, height) / 12));
  const eroded = separable(ink, width, height, (line, out) => slidingExtreme(line, r, false, out));
  const opened = separable(eroded, width, height, (line, out) => slidingExtreme(line, r, true, out));
  const background = separable(opened, width, height, (line, out) => boxMean(line, r, out));

  const difference = Float32Array.from(ink, (v, i) => Math.max(0, v - background[i]));
  const threshold = otsuThreshold(histogram(difference));
  const mask = Uint8Array.from(difference, (v) => (v > threshold ? 1 : 0));
  const specksRemoved = removeSpecks(mask, width, height);
  const inkValues = difference.filter((_, i) => mask[i] === 1).sort();
  const inkLevel = inkValues.length > 0 ? inkValues[Math.floor(0.9 * (inkValues.length - 1))] : 255;
  const cleaned = Float32Array.from(difference, (v, i) => (mask[i] ? Math.min(255, (255 * v) / inkLevel) : 0));
  return { cleaned, cleaning: { paperLevel, window: 2 * r + 1, threshold, inkLevel, specksRemoved } };
}
