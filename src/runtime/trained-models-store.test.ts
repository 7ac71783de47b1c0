import { describe, expect, it } from 'vitest';
import { evictionsFor, TRAINED_MODELS_CAP, type TrainedModelSummary } from './trained-models-store';

const MB = 1024 * 1024;
const model = (id: number, bytes = MB): TrainedModelSummary => ({
  id,
  name: `attention-lab-seed${id}.safetensors`,
  date: new Date(2025, 0, id).toISOString(),
  model: 'attention',
  dataset: 'mnist',
  testAccuracy: 0.97,
  seed: id,
  sha256: 'a'.repeat(64),
  bytes,
});

describe('evictionsFor (the saved-models cap)', () => {
  it('removes nothing while the new model fits', () => {
    expect(evictionsFor([], MB)).toEqual([]);
    expect(
      evictionsFor(
        [1, 2, 3].map((i) => model(i)),
        MB,
      ),
    ).toEqual([]);
  });

  it('removes the oldest (smallest id) when an 11th model arrives, whatever the list order', () => {
    const kept = [7, 3, 10, 1, 5, 2, 9, 4, 8, 6].map((i) => model(i));
    expect(evictionsFor(kept, MB).map((m) => m.id)).toEqual([1]);
  });

  it('removes as many of the oldest as the byte cap needs', () => {
    const kept = [model(1, 15 * MB), model(2, 15 * MB), model(3, 5 * MB)];
    // 35 MB kept + 12 MB new = 47 MB > 40 MB: dropping the oldest (15 MB) leaves 32 MB.
    expect(evictionsFor(kept, 12 * MB).map((m) => m.id)).toEqual([1]);
    // + 30 MB: both 15 MB models must go (5 + 30 = 35 MB).
    expect(evictionsFor(kept, 30 * MB).map((m) => m.id)).toEqual([1, 2]);
  });

  it('honours a custom cap and keeps the result within it', () => {
    const kept = [1, 2, 3, 4].map((i) => model(i, 2 * MB));
    const cap = { count: 3, bytes: 7 * MB };
    const removed = evictionsFor(kept, 2 * MB, cap);
    const left = kept.filter((m) => !removed.includes(m));
    expect(left.length + 1).toBeLessThanOrEqual(cap.count);
    expect(left.reduce((s, m) => s + m.bytes, 2 * MB)).toBeLessThanOrEqual(cap.bytes);
    expect(removed.map((m) => m.id)).toEqual([1, 2]);
  });

  it('caps at 10 models and 40 MB', () => {
    expect(TRAINED_MODELS_CAP).toEqual({ count: 10, bytes: 40 * MB });
  });
});
