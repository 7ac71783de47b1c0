import { describe, expect, it } from 'vitest';
import { TRAIN_COUNT, trainValidationSplit, VALIDATION_COUNT, VALIDATION_START } from './split';

describe('trainValidationSplit', () => {
  it('trains on the first 55,000 images and validates on the last 5,000', () => {
    expect([TRAIN_COUNT, VALIDATION_START, VALIDATION_COUNT]).toEqual([55000, 55000, 5000]);
    expect(trainValidationSplit()).toEqual({
      train: { start: 0, end: 55000 },
      validation: { start: 55000, end: 60000 },
    });
  });

  it('covers all 60,000 images exactly once', () => {
    const { train, validation } = trainValidationSplit(60000);
    expect(train.end).toBe(validation.start);
    expect(train.end - train.start + validation.end - validation.start).toBe(60000);
  });

  it('refuses a training file of another size', () => {
    expect(() => trainValidationSplit(10000)).toThrow(/needs all 60000 MNIST training images, got 10000/);
  });
});
