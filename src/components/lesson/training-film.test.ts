// Lab 2's recorded film: the checks that guard the committed recording, the choice of frames, the
// colour scales of the static figure, and — against the committed run — every claim the lesson
// makes about it in words (so a new recording that tells another story fails here, not in print).
import { describe, expect, it } from 'vitest';
import { LAB_TRAINING_DEFAULTS } from '../../lib/train/lab-training';
import {
  attentionFills,
  attentionScale,
  attentionValues,
  barFills,
  camFills,
  camLimit,
  checkRecording,
  chooseFrames,
  filmStats,
  filmStatText,
  GATE_OPEN,
  labCommand,
  median,
  recording,
  stripPixels,
  type FilmFrame,
  type RecordedCard,
  type RecordedFilm,
} from './training-film';

const SIZE: [number, number] = [7, 7];
const map = (attention: number, cam: number, predicted = 0) => ({
  predicted,
  probability: 0.5,
  attention: Array<number>(49).fill(attention),
  cam: Array<number>(49).fill(cam),
  size: SIZE,
});
const frame = (step: number, attention = 0.5, cam = 0.01): FilmFrame => ({
  step,
  epochs: step / 10,
  maps: [map(attention, cam), map(attention, -cam, 1)],
});

function synthetic(): { film: RecordedFilm; card: RecordedCard } {
  const settings = { ...LAB_TRAINING_DEFAULTS };
  const film: RecordedFilm = {
    format: 'lab-training-film/1',
    settings,
    frameEvery: 10,
    strip: [
      { index: 3, label: 0 },
      { index: 2, label: 1 },
    ],
    testAccuracy: 0.9,
    frames: [frame(0), frame(10, 0.7, 1), frame(20, 0.9, 3), frame(30, 0.95, 4)],
  };
  const card: RecordedCard = {
    format: 'lab-training-card/1',
    pytorchClass: 'MNIST_CAM_Attention_CNN',
    weights: { file: 'attention-lab.safetensors', bytes: 1, sha256: 'x' },
    settings: { ...settings },
    backend: 'wasm',
    tfjs: '4.22.0',
    steps: 30,
    history: [{ epoch: 1, validationAccuracy: 0.9, validationLoss: 0.3 }],
    curves: {
      training: [10, 20, 30].map((step, i) => ({ step, epochs: step / 10, trainLoss: 1, trainAccuracy: [0.4, 0.6, 0.95][i] })),
      validation: [],
    },
    test: { count: 10000, loss: 0.3, accuracy: 0.9 },
  };
  return { film, card };
}

describe('checkRecording', () => {
  it('accepts a consistent film and card', () => {
    const { film, card } = synthetic();
    expect(() => checkRecording(film, card)).not.toThrow();
  });
  it.each([
    ['another format', (f: RecordedFilm) => (f.format = 'x')],
    ['other settings than the card', (f: RecordedFilm) => (f.settings = { ...f.settings, seed: f.settings.seed + 1 })],
    ['another test accuracy than the card', (f: RecordedFilm) => (f.testAccuracy = 0.5)],
    ['a first frame after step 0', (f: RecordedFilm) => (f.frames[0].step = 1)],
    ['frames out of order', (f: RecordedFilm) => (f.frames[2].step = 5)],
    ['a last frame before the last step', (f: RecordedFilm) => f.frames.pop()],
    ['a map with a missing cell', (f: RecordedFilm) => f.frames[1].maps[0].cam.pop()],
    ['a value that is not finite', (f: RecordedFilm) => (f.frames[1].maps[0].attention![3] = Number.NaN)],
    ['a frame without all strip images', (f: RecordedFilm) => f.frames[1].maps.pop()],
  ])('rejects %s', (_, spoil) => {
    const { film, card } = synthetic();
    spoil(film);
    expect(() => checkRecording(film, card)).toThrow(/training-film/);
  });
});

describe('chooseFrames', () => {
  it('shows the start, the first frame at each accuracy milestone and the end, in step order', () => {
    const { film, card } = synthetic();
    const chosen = chooseFrames(film, card.curves.training);
    expect(chosen.map((c) => c.frame.step)).toEqual([0, 20, 30]);
    expect(chosen.map((c) => c.why)).toEqual(['start', 'training accuracy first ≥ 50\u202f%', 'training accuracy first ≥ 90\u202f%; end']);
  });
  it('never shows a frame twice', () => {
    const { film, card } = synthetic();
    card.curves.training = card.curves.training.map((p) => ({ ...p, trainAccuracy: 0.99 }));
    expect(chooseFrames(film, card.curves.training).map((c) => c.frame.step)).toEqual([0, 10, 30]);
  });
});

describe('colours and scales', () => {
  it('attention uses the fixed 0–1 viridis scale, clamped', () => {
    const { film } = synthetic();
    const scale = attentionScale(film, film.frames);
    expect(scale).toEqual({ min: 0, max: 1, fixed: true });
    const fills = attentionFills([0, 1, 2, -1], [2, 2], scale);
    expect(fills[0]).toBe(barFills('viridis', 256)[0]);
    expect(fills[1]).toBe(barFills('viridis', 256)[255]);
    expect(fills[2]).toBe(fills[1]);
    expect(fills[3]).toBe(fills[0]);
  });
  it('a softmax map gets its own range from 0 (its weights sum to 1)', () => {
    const { film } = synthetic();
    film.settings = { ...film.settings, model: 'attention-softmax' };
    expect(attentionScale(film, film.frames)).toEqual({ min: 0, max: 0.95, fixed: false });
  });
  it('a CAM is centred on 0 and symmetric: ±limit at the ends, 0 at the centre colour', () => {
    const limit = camLimit(frame(0, 0.5, 2));
    expect(limit).toBe(2);
    const [low, zero, high] = camFills([-2, 0, 2], [1, 3], limit);
    const bar = barFills('diverging', 257);
    expect([low, zero, high]).toEqual([bar[0], bar[128], bar[256]]);
  });
  it('an all-zero CAM is all centre colour', () => {
    const fills = camFills([0, 0], [1, 2], 0);
    expect(new Set(fills).size).toBe(1);
    expect(fills[0]).toBe(barFills('diverging', 257)[128]);
  });
});

describe('labCommand', () => {
  it('spells every setting, so the Node run is the page run', () => {
    const command = labCommand(LAB_TRAINING_DEFAULTS);
    for (const flag of ['--model', '--dataset', '--train-images', '--epochs', '--batch-size', '--lr', '--penalty', '--seed']) {
      expect(command).toContain(`${flag} `);
    }
  });
});

// The committed recording (recordings/lab2-film.json and its card).
describe('the recorded run', () => {
  const { film, card } = recording();
  const first = film.frames[0];
  const last = film.frames.at(-1)!;

  it('was made with the page defaults, and its strip is the test set the site serves', () => {
    expect(film.settings).toEqual(LAB_TRAINING_DEFAULTS);
    expect(stripPixels(film)).toHaveLength(film.strip.length);
  });

  it('gives every number the lesson quotes', () => {
    for (const name of [
      'lab2.testAccuracy',
      'lab2.steps',
      'lab2.start.attentionMin',
      'lab2.start.attentionMax',
      'lab2.gateOpen.step',
      'lab2.trainAccuracy50.step',
      'lab2.trainAccuracy90.step',
      'lab2.end.attentionMedian',
      'lab2.end.camLimit',
    ]) {
      expect(filmStats()[name], name).toBeDefined();
    }
    expect(() => filmStatText('lab2.noSuchNumber')).toThrow(/no statistic/);
  });

  // "At step 0 every attention value lies close to one half."
  it('starts with every gate near one half', () => {
    const values = attentionValues([first]);
    expect(Math.min(...values)).toBeGreaterThan(0.4);
    expect(Math.max(...values)).toBeLessThan(0.65);
  });

  // "only a few of the eight are read correctly at the start, about chance"
  it('reads at most a quarter of the strip at the start', () => {
    expect(filmStats()['lab2.start.correct'].value).toBeLessThanOrEqual(film.strip.length / 4);
  });

  // "the gate opens early": before the training accuracy reaches 50 %.
  it('opens its gates before the accuracy rises', () => {
    const open = filmStats()['lab2.gateOpen.step'].value;
    expect(open).toBeLessThan(filmStats()['lab2.trainAccuracy50.step'].value);
    expect(median(attentionValues([last]))).toBeGreaterThanOrEqual(GATE_OPEN);
  });

  // "What selectivity the map gains comes later": more gates are below the open level at the end
  // than when the training accuracy first reached 90 %, and most stay open.
  it('closes its few gates only after the accuracy has risen', () => {
    const stats = filmStats();
    expect(stats['lab2.end.gatesBelowOpen'].value).toBeGreaterThan(stats['lab2.trainAccuracy90.gatesBelowOpen'].value);
    expect(stats['lab2.end.gatesBelowOpen'].value).toBeLessThan(stats['lab2.stripGates'].value / 2);
  });

  // "the CAM grows by orders of magnitude"
  it('ends with a CAM at least a hundred times larger than at the start', () => {
    expect(camLimit(last) / camLimit(first)).toBeGreaterThan(100);
  });

  it('agrees with its card', () => {
    expect(film.testAccuracy).toBe(card.test.accuracy);
    expect(card.backend).toBe('wasm');
  });
});
