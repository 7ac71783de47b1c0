import { describe, expect, it } from 'vitest';
import { LAB_TRAINING_DEFAULTS, labRunSteps, labTrainConfig, registryModelFor, settingProblems, trainedModelId } from './lab-training';
import { frameInterval, validationInterval, watchPlan } from './lab-training-run';

describe('lab 2 settings', () => {
  it('accepts the defaults', () => {
    expect(settingProblems(LAB_TRAINING_DEFAULTS)).toEqual({});
  });

  it('refuses impossible settings with a reason per field', () => {
    const p = settingProblems({ ...LAB_TRAINING_DEFAULTS, trainImages: 0, learningRate: -1, epochs: 1.5, seed: -3 });
    expect(p.trainImages).toMatch(/between 1,000 and 55,000, got 0/);
    expect(p.learningRate).toMatch(/positive number, got -1/);
    expect(p.epochs).toMatch(/whole number/);
    expect(p.seed).toMatch(/between 0/);
    expect(settingProblems({ ...LAB_TRAINING_DEFAULTS, learningRate: Number.NaN }).learningRate).toMatch(/positive/);
  });

  it('refuses λ on a model without spatial attention, and more images than the dataset has', () => {
    expect(settingProblems({ ...LAB_TRAINING_DEFAULTS, model: 'traditional', penalty: 0.1 }).penalty).toMatch(/no spatial attention/);
    expect(settingProblems({ ...LAB_TRAINING_DEFAULTS, model: 'attention-se', penalty: 0.1 }).penalty).toMatch(/no spatial attention/);
    expect(settingProblems({ ...LAB_TRAINING_DEFAULTS, model: 'attention-cbam', penalty: 0.1 })).toEqual({});
    expect(settingProblems({ ...LAB_TRAINING_DEFAULTS, trainImages: 50000 }, 40000).trainImages).toMatch(/40,000/);
    expect(settingProblems({ ...LAB_TRAINING_DEFAULTS, batchSize: 2000 }).batchSize).toMatch(/between 8 and 512/);
  });

  it('maps a choice to one registry entry and one training configuration', () => {
    expect(registryModelFor({ model: 'attention', dataset: 'fashion-mnist' })).toBe('fashion-attention');
    expect(registryModelFor({ model: 'attention-se', dataset: 'fashion-mnist' })).toBeNull();
    expect(trainedModelId({ model: 'attention-se', dataset: 'fashion-mnist' })).toBe('attention-se');
    const config = labTrainConfig({ ...LAB_TRAINING_DEFAULTS, penalty: 0.2 });
    expect(config).toMatchObject({ model: 'attention', epochs: 4, maxShift: 0, attentionPenalty: 0.2, schedule: { peak: 3e-3 } });
    expect(labTrainConfig(LAB_TRAINING_DEFAULTS)).not.toHaveProperty('attentionPenalty');
    expect(labRunSteps({ ...LAB_TRAINING_DEFAULTS, trainImages: 1000, batchSize: 64, epochs: 3 })).toBe(45);
  });

  it('films about 40 frames at round step counts, and scores the held-out set at most every 100 steps', () => {
    expect(frameInterval(374)).toBe(10);
    expect(frameInterval(45)).toBe(5);
    expect(frameInterval(17000)).toBe(500);
    expect(validationInterval(374)).toBe(100);
    expect(validationInterval(17000)).toBe(500);
    // 3 epochs of 125 steps: frames at 0, 10, …, 370 and 375; held-out at 100, 200 and 300 (none is an epoch's end).
    const plan = watchPlan({ ...LAB_TRAINING_DEFAULTS, trainImages: 4000, batchSize: 32, epochs: 3 });
    expect(plan).toMatchObject({ steps: 375, frameEvery: 10, validateEvery: 100 });
    expect(plan.frames).toBe(39);
    expect(plan.validations).toBe(3);
  });
});
