// Lesson 3's training curves and model card, drawn from pretrained/model-card.json: loss and
// accuracy per epoch (training vs validation) for both networks, the test confusion matrix, and
// how each was trained. Needs no tfjs: only the card and D3.
import { modelCardSchema, type ModelCard, type ModelCardEntry } from '../lib/models/model-card';
import { MODEL_LABELS, MODEL_NAMES, type ModelName } from '../lib/models/registry';
import { renderConfusionMatrix } from '../plots/confusion-matrix';
import { renderLineChart } from '../plots/line-chart';
import { h, selectField } from './dom';
import { sidewaysPlot } from './sideways-plot';
import { WidgetFrame } from './frame';
import { WidgetState } from './widget-state';
import { fetchOk } from '../runtime/fetch-ok';

const MODELS = MODEL_NAMES;
const pct = (v: number, d = 2) => `${(100 * v).toFixed(d)} %`;

async function loadCard(): Promise<ModelCard> {
  const url = `${import.meta.env.BASE_URL}pretrained/model-card.json`;
  const response = await fetchOk(url, 'the model card');
  const json: unknown = await response.json().catch(() => null);
  let card: ModelCard;
  try {
    card = modelCardSchema.parse(json);
  } catch (error) {
    throw new Error(`The model card is not in the expected format: ${error instanceof Error ? error.message : String(error)}`);
  }
  const missing = MODELS.filter((m) => !card.models[m]);
  if (missing.length) throw new Error(`The model card has no entry for the ${missing.map((m) => MODEL_LABELS[m]).join(' and ')}.`);
  return card;
}

function cardTable(card: ModelCard, entry: ModelCardEntry): HTMLElement {
  const t = entry.training;
  const rows: Array<[string, string]> = [
    ['PyTorch class', entry.pytorchClass],
    ['parameters', entry.parameters.total.toLocaleString('en')],
    ['weights file', `${entry.file} (${(entry.bytes / 1024).toFixed(0)} KB), sha256 ${entry.sha256.slice(0, 16)}…`],
    ['data', `${card.data.split.train}; validation ${card.data.split.validation}; test ${card.data.split.test}`],
    ['preprocessing', `${card.preprocessing.scale}, then (x − ${card.preprocessing.mean}) / ${card.preprocessing.std}`],
    [
      'training',
      `${t.epochs} epochs, batch ${t.batchSize}, ${t.optimizer.name} (β₁ ${t.optimizer.beta1}, β₂ ${t.optimizer.beta2}), peak learning rate ${t.schedule.peak}, ${t.schedule.kind}`,
    ],
    ['augmentation', t.augmentation],
    ['loss', t.loss],
    ['seed, backend', `${t.seed}, ${t.backend}; ${(t.wallSeconds / 60).toFixed(0)} min at ${t.imagesPerSecond.toFixed(0)} images/s`],
    [
      'test set',
      `accuracy ${pct(entry.test.accuracy)} (${Math.round(entry.test.accuracy * entry.test.count)} / ${entry.test.count}), loss ${entry.test.loss.toFixed(4)}`,
    ],
    ['per-class accuracy', entry.test.perClassAccuracy.map((a, d) => `${d}: ${pct(a, 1)}`).join(', ')],
  ];
  return h(
    'div',
    { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Model card' },
    h(
      'table',
      { class: 'model-card' },
      h('tbody', {}, ...rows.map(([k, v]) => h('tr', {}, h('th', { scope: 'row', text: k }), h('td', { text: v })))),
    ),
  );
}

export async function mount(host: HTMLElement): Promise<void> {
  const frame = new WidgetFrame(host, { label: 'Training curves and model card' });
  const state = new WidgetState(host.dataset.key ?? 'training');
  frame.setStatus('Loading the model card…');
  const card = await loadCard().catch((error: unknown) => {
    frame.showError(error);
    throw error;
  });
  const modelField = selectField(
    'Network',
    MODELS.map((m) => ({ value: m, text: MODEL_LABELS[m] })),
    state.choice('model', MODELS, 'attention', (m) => MODEL_LABELS[m]),
  );
  const loss = h('div', { class: 'plot' });
  const accuracy = h('div', { class: 'plot' });
  const { cell: confusionCell, plot: confusion } = sidewaysPlot('Test confusion matrix');
  const table = h('div');
  frame.body.append(
    h('div', { class: 'widget-controls' }, modelField.field),
    h('div', { class: 'plot-row' }, loss, accuracy),
    h('div', { class: 'plot-row' }, confusionCell),
    table,
  );

  const draw = () => {
    const model = modelField.select.value as ModelName;
    const entry = card.models[model] as ModelCardEntry;
    const history = entry.training.history;
    const name = MODEL_LABELS[model];
    renderLineChart(
      loss,
      [
        { label: 'training loss', points: history.map((e) => ({ x: e.epoch, y: e.trainLoss })) },
        { label: 'validation loss', points: history.map((e) => ({ x: e.epoch, y: e.validationLoss })), dashed: true },
      ],
      {
        xLabel: 'epoch',
        yLabel: 'cross-entropy',
        label: `${name}: loss per epoch, training and validation`,
        xTicks: history.length,
        width: 440,
        height: 300,
      },
    );
    renderLineChart(
      accuracy,
      [
        { label: 'training accuracy', points: history.map((e) => ({ x: e.epoch, y: e.trainAccuracy })) },
        { label: 'validation accuracy', points: history.map((e) => ({ x: e.epoch, y: e.validationAccuracy })), dashed: true },
      ],
      {
        xLabel: 'epoch',
        yLabel: 'accuracy',
        label: `${name}: accuracy per epoch, training and validation`,
        xTicks: history.length,
        format: '.1%',
        width: 440,
        height: 300,
      },
    );
    renderConfusionMatrix(confusion, entry.test.confusion, {
      label: `${name}: confusion matrix on the 10,000 test digits (rows true label, columns predicted)`,
    });
    table.replaceChildren(cardTable(card, entry));
  };
  modelField.select.addEventListener('change', () => {
    state.set({ model: modelField.select.value === 'attention' ? null : modelField.select.value });
    void frame.guard(draw);
  });
  await frame.guard(draw);
  frame.ready();
  frame.setStatus('');
}
