// A fixed, class-balanced subset of a test set: the robustness curves' digits (lab 3) and the
// deletion-AUC images of the attention-quality study (lab 1).

/** Indices of the first `perClass` images of each class, in test-set order. */
export function firstPerClass(labels: ArrayLike<number>, perClass: number): number[] {
  const counts = new Array<number>(10).fill(0);
  const picked: number[] = [];
  for (let i = 0; i < labels.length && picked.length < 10 * perClass; i++) {
    if (counts[labels[i]] < perClass) {
      counts[labels[i]] += 1;
      picked.push(i);
    }
  }
  return picked;
}
