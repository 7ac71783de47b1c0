// Gaussian blur, the "blur" baseline of the insertion/deletion curves (Petsiuk et al. 2018):
// a blurred digit keeps the low frequencies but loses the strokes' detail.
import { assertFinite, MNIST_SIDE } from './validate';

/** Normalised 1-D Gaussian weights for offsets −r…r, r = ceil(3σ) (covers 99.7% of the mass). */
export function gaussianKernel(sigma: number): Float64Array {
  if (!(sigma >= 0) || !Number.isFinite(sigma)) throw new RangeError(`gaussianKernel: sigma must be >= 0, got ${sigma}`);
  if (sigma === 0) return Float64Array.of(1);
  const r = Math.ceil(3 * sigma);
  const k = new Float64Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

/**
 * Blurs a row-major height×width image (default 28×28) with a Gaussian of std `sigma` pixels
 * (σ = 0 copies). Separable: rows, then columns, in float64. Edges are clamped (the nearest
 * edge pixel repeats), so a constant image stays constant and the borders don't darken.
 */
export function gaussianBlur(image: ArrayLike<number>, sigma: number, height = MNIST_SIDE, width = MNIST_SIDE): Float64Array {
  if (image.length !== height * width) {
    throw new RangeError(`gaussianBlur: ${image.length} values for a ${height}×${width} image`);
  }
  assertFinite(image, 'gaussianBlur');
  const k = gaussianKernel(sigma);
  const r = (k.length - 1) / 2;
  const clamp = (i: number, n: number) => (i < 0 ? 0 : i >= n ? n - 1 : i);
  const rows = new Float64Array(height * width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let j = -r; j <= r; j++) s += k[j + r] * image[y * width + clamp(x + j, width)];
      rows[y * width + x] = s;
    }
  }
  const out = new Float64Array(height * width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let j = -r; j <= r; j++) s += k[j + r] * rows[clamp(y + j, height) * width + x];
      out[y * width + x] = s;
    }
  }
  return out;
}
