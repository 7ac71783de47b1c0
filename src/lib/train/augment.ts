// Light augmentation: shift each digit by up to ±maxShift pixels (background fills in). Digits
// in MNIST are centred by their centre of mass, so small shifts mimic the centring error
// without changing what the digit is; rotations or flips would (6 vs 9).

/** Copies `count` images starting at order[start..] into `out` (uint8 → float by `normalize`). */
export function fillBatch(
  pixels: Uint8Array,
  order: ArrayLike<number>,
  start: number,
  count: number,
  out: Float32Array,
  lut: Float32Array,
  shift: { rng: () => number; maxShift: number } | null,
): void {
  const size = 28;
  const background = lut[0];
  for (let b = 0; b < count; b++) {
    const src = order[start + b] * size * size;
    const dst = b * size * size;
    let dx = 0;
    let dy = 0;
    if (shift && shift.maxShift > 0) {
      const span = 2 * shift.maxShift + 1;
      dx = Math.floor(shift.rng() * span) - shift.maxShift;
      dy = Math.floor(shift.rng() * span) - shift.maxShift;
    }
    for (let y = 0; y < size; y++) {
      const sy = y - dy;
      for (let x = 0; x < size; x++) {
        const sx = x - dx;
        out[dst + y * size + x] = sy >= 0 && sy < size && sx >= 0 && sx < size ? lut[pixels[src + sy * size + sx]] : background;
      }
    }
  }
}
