// Lab 2's training form: every setting a reader can change, labelled, kept in the URL (?train.…),
// checked as they type with the lead's rules (settingProblems): a refused value gets its reason
// right after its field (aria-invalid + aria-describedby) and the form reports that it cannot start.
// A URL value the form cannot use is named in the site's notice and replaced by the default.
import { LAB_DATASETS, type LabDataset } from '../lib/data/train-set-asset';
import { getModel } from '../lib/models/registry';
import { plainNumber } from '../lib/contract/number-text';
import {
  LAB_TRAINING_DEFAULTS,
  LAB_TRAINING_LIMITS,
  settingProblems,
  TRAINABLE_MODELS,
  type LabTrainingSettings,
  type SettingProblems,
  type TrainableModel,
} from '../lib/train/lab-training';
import { TRAINING_BACKEND_CHOICES, type TrainingBackendChoice } from '../runtime/training-protocol';
import { loadTrainSetManifest } from '../runtime/train-set';
import { rejectParam } from '../runtime/url-state';
import { h, uid } from './dom';
import type { WidgetState } from './widget-state';

export const DATASET_LABELS: Readonly<Record<LabDataset, string>> = { mnist: 'MNIST digits', 'fashion-mnist': 'Fashion-MNIST clothing' };

const BACKEND_LABELS: Readonly<Record<TrainingBackendChoice, string>> = {
  auto: 'Automatic (WebGPU on a real GPU, else WebAssembly)',
  wasm: 'WebAssembly (bit-reproducible)',
  webgpu: 'WebGPU (faster on a real GPU, not bit-reproducible)',
};

type NumberKey = 'penalty' | 'trainImages' | 'epochs' | 'batchSize' | 'learningRate' | 'seed';

/** URL parameter names (short, as instructors type them) of the numeric settings. */
const PARAMS: Readonly<Record<NumberKey, string>> = {
  penalty: 'penalty',
  trainImages: 'images',
  epochs: 'epochs',
  batchSize: 'batch',
  learningRate: 'lr',
  seed: 'seed',
};

const NUMBER_FIELDS: ReadonlyArray<{ key: NumberKey; label: string; step: string; hint: string }> = [
  { key: 'penalty', label: 'Attention penalty λ', step: 'any', hint: 'pushes the attention map towards few cells; 0 turns it off' },
  { key: 'trainImages', label: 'Training images', step: '1', hint: '' },
  { key: 'epochs', label: 'Epochs', step: '1', hint: 'passes over the training images' },
  { key: 'batchSize', label: 'Batch size', step: '1', hint: 'images per step' },
  { key: 'learningRate', label: 'Learning rate', step: 'any', hint: 'peak of the warm-up + cosine schedule (Adam)' },
  { key: 'seed', label: 'Seed', step: '1', hint: 'same seed, settings and backend: the same weights' },
];

const hasSpatialAttention = (model: TrainableModel) => getModel(model).spatialAttentionHeads > 0;
const fmt = (v: number) => v.toLocaleString('en');

interface NumberField {
  input: HTMLInputElement;
  hint: HTMLElement;
  error: HTMLElement;
}

export interface TrainingForm {
  element: HTMLElement;
  /** The settings as the form reads now (penalty 0 where the model has no spatial attention). */
  settings(): LabTrainingSettings;
  backend(): TrainingBackendChoice;
  problems(): SettingProblems;
  /** Called after every change of a field (and when a dataset's image count arrives). */
  onChange(listener: () => void): void;
}

/** The numeric settings present in the URL, as numbers (NaN for text that is none); checked by the caller. */
function urlNumbers(state: WidgetState): Partial<Record<NumberKey, number>> {
  const values: Partial<Record<NumberKey, number>> = {};
  for (const key of Object.keys(PARAMS) as NumberKey[]) {
    const raw = state.get(PARAMS[key]);
    if (raw !== null) values[key] = plainNumber(raw); // 0x10 or ' 5' is refused, as the CLI refuses it
  }
  return values;
}

export function trainingForm(state: WidgetState): TrainingForm {
  const base = new URL(`${import.meta.env.BASE_URL}generated/lab-train/`, location.href).href;
  const available = new Map<LabDataset, number>();
  const listeners: Array<() => void> = [];
  const changed = () => listeners.forEach((l) => l());

  // URL state first: choices through WidgetState.choice, numbers checked with the lead's rules.
  const model = state.choice('model', TRAINABLE_MODELS, LAB_TRAINING_DEFAULTS.model, (m) => getModel(m).label);
  const dataset = state.choice('dataset', LAB_DATASETS, LAB_TRAINING_DEFAULTS.dataset, (d) => DATASET_LABELS[d]);
  const backend = state.choice('where', TRAINING_BACKEND_CHOICES, 'auto', (b) => BACKEND_LABELS[b]);
  const fromUrl = urlNumbers(state);
  const initial: LabTrainingSettings = { ...LAB_TRAINING_DEFAULTS, ...fromUrl, model, dataset };
  const urlProblems = settingProblems(initial);
  for (const key of Object.keys(fromUrl) as NumberKey[]) {
    if (!urlProblems[key]) continue;
    rejectParam(`${state.key}.${PARAMS[key]}`, state.get(PARAMS[key]) ?? '', fmt(LAB_TRAINING_DEFAULTS[key]));
    initial[key] = LAB_TRAINING_DEFAULTS[key];
  }

  const select = (label: string, options: ReadonlyArray<{ value: string; text: string }>, value: string, hint: string) => {
    const id = uid('train-select');
    const hintEl = h('span', { class: 'train-field__hint', id: `${id}-hint`, text: hint });
    const el = h('select', { id, 'aria-describedby': hint ? hintEl.id : null });
    for (const o of options) el.append(h('option', { value: o.value, text: o.text }));
    el.value = value;
    const field = h('div', { class: 'field train-field' }, h('label', { for: id, text: label }), el, hint ? hintEl : null);
    return { field, select: el };
  };
  const modelField = select(
    'Network',
    TRAINABLE_MODELS.map((m) => ({ value: m, text: `${getModel(m).label} (${getModel(m).pytorchClass})` })),
    initial.model,
    '',
  );
  const datasetField = select(
    'Dataset',
    LAB_DATASETS.map((d) => ({ value: d, text: DATASET_LABELS[d] })),
    initial.dataset,
    '',
  );
  const backendField = select(
    'Where to train',
    TRAINING_BACKEND_CHOICES.map((b) => ({ value: b, text: BACKEND_LABELS[b] })),
    backend,
    'WebAssembly is bit-reproducible: the same settings give the same weights, bit for bit, on every run.',
  );

  const numbers = new Map<NumberKey, NumberField>();
  const numberFields = NUMBER_FIELDS.map(({ key, label, step, hint }) => {
    const id = uid(`train-${key}`);
    const limits = LAB_TRAINING_LIMITS[key];
    const input = h('input', {
      id,
      type: 'number',
      inputmode: step === '1' ? 'numeric' : 'decimal',
      step,
      min: limits.min,
      max: limits.max,
    });
    input.value = String(initial[key]);
    const hintEl = h('span', { class: 'train-field__hint', id: `${id}-hint`, text: hint });
    const error = h('span', { class: 'train-field__error', id: `${id}-error`, hidden: true });
    numbers.set(key, { input, hint: hintEl, error });
    return h('div', { class: 'field train-field', 'data-setting': key }, h('label', { for: id, text: label }), input, hintEl, error);
  });
  const penalty = numbers.get('penalty')!;
  /** λ as typed, kept while a model without spatial attention shows 0. */
  let typedPenalty = penalty.input.value;

  const read = (key: NumberKey): number => {
    const text = numbers.get(key)!.input.value.trim();
    return text === '' ? NaN : Number(text);
  };
  const chosenModel = () => modelField.select.value as TrainableModel;
  const chosenDataset = () => datasetField.select.value as LabDataset;
  const settings = (): LabTrainingSettings => ({
    model: chosenModel(),
    dataset: chosenDataset(),
    penalty: hasSpatialAttention(chosenModel()) ? read('penalty') : 0,
    trainImages: read('trainImages'),
    epochs: read('epochs'),
    batchSize: read('batchSize'),
    learningRate: read('learningRate'),
    seed: read('seed'),
  });
  const maxImages = () =>
    Math.min(LAB_TRAINING_LIMITS.trainImages.max, available.get(chosenDataset()) ?? LAB_TRAINING_LIMITS.trainImages.max);
  const problems = (): SettingProblems => {
    const found = settingProblems(settings(), maxImages());
    // An empty box reads as NaN; say what to do instead of "got NaN".
    for (const key of numbers.keys())
      if (found[key] && numbers.get(key)!.input.value.trim() === '') found[key] = 'is empty: enter a number';
    return found;
  };

  const show = () => {
    const model = chosenModel();
    const attention = hasSpatialAttention(model);
    if (!attention && !penalty.input.disabled) {
      typedPenalty = penalty.input.value;
      penalty.input.value = '0';
    } else if (attention && penalty.input.disabled) penalty.input.value = typedPenalty;
    penalty.input.disabled = !attention;
    penalty.hint.textContent = attention
      ? NUMBER_FIELDS[0].hint
      : `Not available: the ${getModel(model).label} has no spatial attention map to penalise (λ stays 0).`;
    const images = numbers.get('trainImages')!;
    const max = maxImages();
    images.input.max = String(max);
    images.hint.textContent = available.has(chosenDataset())
      ? `${fmt(LAB_TRAINING_LIMITS.trainImages.min)} … ${fmt(max)} of the ${DATASET_LABELS[chosenDataset()]}`
      : `${fmt(LAB_TRAINING_LIMITS.trainImages.min)} … ${fmt(max)}`;
    const found = problems();
    for (const [key, field] of numbers) {
      const problem = found[key];
      field.error.hidden = !problem;
      field.error.textContent = problem ? `${NUMBER_FIELDS.find((f) => f.key === key)!.label} ${problem}.` : '';
      if (problem) field.input.setAttribute('aria-invalid', 'true');
      else field.input.removeAttribute('aria-invalid');
      field.input.setAttribute('aria-describedby', problem ? `${field.hint.id} ${field.error.id}` : field.hint.id);
    }
  };

  const writeUrl = () => {
    const s = settings();
    const values: Record<string, string | null> = {
      model: s.model === LAB_TRAINING_DEFAULTS.model ? null : s.model,
      dataset: s.dataset === LAB_TRAINING_DEFAULTS.dataset ? null : s.dataset,
      where: backendField.select.value === 'auto' ? null : backendField.select.value,
    };
    for (const [key, field] of numbers) {
      const text = field.input.value.trim();
      // Only values the form accepts go into a link (a half-typed number would be refused on load).
      values[PARAMS[key]] =
        key === 'penalty' && field.input.disabled ? null : text === '' || Number(text) === LAB_TRAINING_DEFAULTS[key] ? null : text;
    }
    state.set(values);
  };

  const update = () => {
    show();
    writeUrl();
    changed();
  };
  for (const el of [modelField.select, datasetField.select, backendField.select]) el.addEventListener('change', update);
  for (const field of numbers.values()) field.input.addEventListener('input', update);

  const loadCount = (d: LabDataset) => {
    if (available.has(d)) return;
    loadTrainSetManifest(base, d).then(
      ({ manifest }) => {
        available.set(d, manifest.count);
        show();
        changed();
      },
      (error: unknown) => {
        // The run would fail the same way; say so next to the field that needs the count.
        const images = numbers.get('trainImages')!;
        images.hint.textContent = `Could not read how many ${DATASET_LABELS[d]} training images there are: ${error instanceof Error ? error.message : String(error)}`;
      },
    );
  };
  datasetField.select.addEventListener('change', () => loadCount(chosenDataset()));
  loadCount(chosenDataset());

  const fields = [modelField.field, datasetField.field, ...numberFields, backendField.field];
  const element = h('fieldset', { class: 'train-settings' }, h('legend', { text: 'Training settings' }), ...fields);
  show();
  return {
    element,
    settings,
    backend: () => backendField.select.value as TrainingBackendChoice,
    problems,
    onChange: (listener) => listeners.push(listener),
  };
}
