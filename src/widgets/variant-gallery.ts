// Lab 1's variant gallery: the page's digit through every attention design at once — each one's
// prediction, its attention (per head for multi-head; a channel profile for SE and CBAM) and its
// CAM of a chosen class — on scales that can be compared: sigmoid attention on a fixed 0–1, the
// softmax map on its own labelled scale (it sums to 1), and every CAM as each cell's share of the
// logit (CAM/49 for mean-pooled models, CAM for the summed softmax model) on one diverging scale.
// Below, the Fashion-MNIST switch: the course architecture trained on clothing, on a test item.
import { FASHION_CLASS_NAMES } from '../lib/data/fashion-mnist';
import { heatmap, type Heatmap } from '../lib/contract/heatmap';
import { MAP_CELLS } from '../lib/contract/constants';
import type { ColormapName } from '../lib/explain/colormap';
import { sharedRange } from '../lib/explain/normalize';
import { grayRgba, renderMap } from '../lib/explain/render-map';
import { explainOne } from '../lib/explain/methods';
import { explainVariants, type VariantExplanation } from '../lib/explain/variant-explanation';
import { pearson } from '../lib/metrics/agreement';
import { peakDistancePixels } from '../lib/metrics/peaks';
import { getModel, type ModelId } from '../lib/models/registry';
import { describeMap } from '../lib/report/map-summary';
import { variantReport } from '../lib/report/variant-report';
import type { TensorParams } from '../lib/models/model-definition';
import { renderGroupedBars } from '../plots/bar-chart';
import { reportInput, type DigitInput } from '../runtime/input-store';
import { labModel, labWeightsVersion, loadFashionTestSet, onLabWeightsChange } from '../runtime/lab-models';
import type { ModelSession } from '../runtime/session';
import { rejectParam } from '../runtime/url-state';
import { button, download, h, selectField, uid } from './dom';
import { exportPanels, inputSlug, labWeightsUsed, weightsUsed } from './exports';
import { WidgetFrame } from './frame';
import { DEFAULT_COLORMAP } from './map-choices';
import { MapView } from './map-view';
import { WidgetState } from './widget-state';

/** The MNIST designs side by side: the course model first, as the reference. */
export const GALLERY_MODELS: readonly ModelId[] = [
  'attention',
  'attention-softmax',
  'attention-sparse',
  'attention-se',
  'attention-cbam',
  'attention-multihead',
];
const FASHION_MODEL: ModelId = 'fashion-attention';
const CLASS_CHOICES = ['predicted', ...Array.from({ length: 10 }, (_, d) => String(d))] as const;
const COLORMAP: ColormapName = DEFAULT_COLORMAP;

/** CAM_c as each cell's share of logit_c − b_c: CAM/49 when the cells are averaged, CAM when summed. */
export function camShare(e: VariantExplanation, c: number): Heatmap {
  const scale = e.cellReduction === 'mean' ? 1 / MAP_CELLS : 1;
  return heatmap(
    7,
    7,
    e.cams[c].flat().map((v) => v * scale),
  );
}

const grid = (rows: number[][]) => heatmap(7, 7, rows.flat());
const pct = (p: number) => `${(100 * p).toFixed(1)} %`;

interface Card {
  id: ModelId;
  element: HTMLElement;
  heading: HTMLElement;
  attention: MapView[];
  cam: MapView;
  channels: HTMLElement;
}

function makeCard(id: ModelId): Card {
  const definition = getModel(id);
  const heads = id === 'attention-multihead' ? 4 : id === 'attention-se' ? 0 : 1;
  const attention = Array.from({ length: heads }, (_, k) => new MapView(heads > 1 ? `head ${k + 1}` : 'attention A'));
  const cam = new MapView('CAM');
  const channels = h('div', { class: 'variant-card__channels' });
  const heading = h('p', { class: 'variant-card__prediction' });
  const element = h(
    'section',
    { class: 'variant-card', 'data-model': id, 'aria-label': definition.label },
    h('h3', { class: 'variant-card__title', text: definition.label }),
    h('p', { class: 'variant-card__class', text: definition.pytorchClass }),
    heading,
    h('div', { class: heads > 1 ? 'map-row map-row--heads' : 'map-row' }, ...attention.map((v) => v.element), cam.element),
    channels,
  );
  return { id, element, heading, attention, cam, channels };
}

function drawChannels(card: Card, e: VariantExplanation): void {
  card.channels.replaceChildren();
  if (!e.channelAttention) return;
  const name = e.id === 'attention-se' ? 'SE gates s' : 'CBAM channel gates Mc';
  renderGroupedBars(
    card.channels,
    Array.from({ length: 64 }, (_, k) => String(k)),
    [{ label: name, values: e.channelAttention }],
    {
      label: `${getModel(e.id).label}: ${name} of the 64 feature channels`,
      yLabel: 'gate (0–1)',
      xLabel: 'channel',
      yDomain: [0, 1],
      format: '.2f',
      height: 160,
    },
  );
}

export async function mount(host: HTMLElement): Promise<void> {
  const frame = new WidgetFrame(host, { label: 'Attention variant gallery' });
  const state = new WidgetState(host.dataset.key ?? 'gallery');
  let session: ModelSession = await frame.session();

  const className = (v: string) => (v === 'predicted' ? "each model's predicted class" : `class ${v}`);
  const classField = selectField(
    'CAM of',
    CLASS_CHOICES.map((v) => ({ value: v, text: className(v) })),
    state.choice('class', CLASS_CHOICES, 'predicted', className),
  );
  const cards = GALLERY_MODELS.map(makeCard);
  const scaleNote = h('p', { class: 'widget-summary' });
  frame.body.append(
    h('div', { class: 'widget-controls' }, classField.field),
    scaleNote,
    h('div', { class: 'variant-grid' }, ...cards.map((c) => c.element)),
  );

  let input: DigitInput | null = null;
  /** What is drawn, with the weights versions it was computed with (a redraw must not claim newer ones). */
  let shown: { input: DigitInput; explanations: VariantExplanation[]; weights: number; labWeights: number } | null = null;
  const chosen = (e: VariantExplanation) => (classField.select.value === 'predicted' ? e.predicted : Number(classField.select.value));

  const paramsOf = async (id: ModelId): Promise<TensorParams> => (id === 'attention' ? session.models.attention : labModel(id));

  const compute = async () => {
    if (!input) return;
    const isCurrent = frame.begin();
    const current = input;
    // Any weights change after this starts a new run, which makes this one stale (frame.begin).
    const versions = { weights: session.version, labWeights: labWeightsVersion() };
    frame.setStatus('Running the six attention designs…');
    const explanations: VariantExplanation[] = [];
    try {
      for (const id of GALLERY_MODELS) {
        const params = await paramsOf(id);
        if (!isCurrent()) return;
        explanations.push((await explainVariants(id, params, [current.pixels]))[0]);
        if (!isCurrent()) return;
      }
    } catch (error) {
      if (!isCurrent()) return; // e.g. weights replaced (and disposed) mid-run: the newer run reports
      throw error;
    }
    frame.setStatus('');
    shown = { input: current, explanations, ...versions };
    draw();
  };

  const draw = () => {
    if (!shown) return;
    const { explanations } = shown;
    const shares = explanations.map((e) => camShare(e, chosen(e)));
    const camRange = sharedRange(shares);
    explanations.forEach((e, k) => {
      const card = cards[k];
      const c = chosen(e);
      card.heading.textContent = `predicts ${e.predicted} (${pct(e.probabilities[e.predicted])})`;
      card.element.dataset.predicted = String(e.predicted);
      const softmax = e.id === 'attention-softmax';
      e.attention.forEach((rows, head) => {
        const map = grid(rows);
        card.attention[head].show(
          renderMap(map, { colormap: COLORMAP, size: 28, range: softmax ? undefined : { min: 0, max: 1 } }),
          COLORMAP,
          `${card.attention.length > 1 ? `head ${head + 1}` : 'A'}: ${describeMap(map)}`,
          [],
          softmax
            ? { unit: 'softmax weight', scale: 'its own range: the 49 weights sum to 1, so 0–1 would show nothing' }
            : { unit: 'attention weight', scale: 'fixed 0–1, shared by every sigmoid map' },
        );
      });
      card.cam.setTitle(`CAM of class ${c}${c === e.predicted ? ' (predicted)' : ''}`);
      card.cam.show(
        renderMap(shares[k], { colormap: 'diverging', size: 28, range: camRange }),
        'diverging',
        `CAM ${c}: ${describeMap(shares[k])}`,
        [],
        {
          unit: 'logit per cell',
          scale: 'shared by the six CAMs (each cell’s share of the logit)',
        },
      );
      drawChannels(card, e);
    });
    scaleNote.textContent =
      'Every CAM is drawn as each cell’s share of the logit (the mean-pooled models’ CAM divided by 49; the softmax model sums its cells), so the six share one diverging scale.';
    frame.showing({
      digit: shown.input.source,
      class: classField.select.value,
      predicted: explanations.map((e) => e.predicted).join(','),
      weights: shown.weights,
      labWeights: shown.labWeights,
    });
  };

  classField.select.addEventListener('change', () => {
    state.set({ class: classField.select.value === 'predicted' ? null : classField.select.value });
    void frame.guard(draw);
  });

  frame.addButton('Export JSON', async () => {
    if (!shown) return;
    const current = shown;
    const classes = classField.select.value === 'predicted' ? 'predicted' : [Number(classField.select.value)];
    const reports = [];
    for (const id of GALLERY_MODELS) {
      reports.push(await variantReport(id, await paramsOf(id), current.input.pixels, { classes, input: reportInput(current.input) }));
    }
    const doc = {
      reports,
      display: { class: classField.select.value },
      weightsUsed: { ...weightsUsed(session), ...labWeightsUsed(GALLERY_MODELS.filter((id) => id !== 'attention')) },
    };
    download(
      `variants-${inputSlug(current.input)}-class-${classField.select.value}.json`,
      new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }),
    );
  });
  frame.addButton('Export PNG', async () => {
    if (!shown) return;
    const views = cards.flatMap((c) => [...c.attention, c.cam]);
    await exportPanels(views, `variants-${inputSlug(shown.input)}-class-${classField.select.value}`, [
      `Attention variants on ${shown.input.source}: ${cards.map((c, k) => `${getModel(c.id).label} predicts ${shown!.explanations[k].predicted}`).join('; ')}`,
    ]);
  });

  frame.body.append(await fashionSection(frame, state));

  // A lab model's weights replaced by the reader's file (or restored): run the designs again.
  onLabWeightsChange(() => void frame.guard(compute));
  await frame.follow(session, (next, s) => {
    input = next;
    session = s;
    return compute();
  });
}

/**
 * The Fashion-MNIST switch: the course architecture trained on clothing, on one test item picked
 * by index or at random: the viewer (item, attention, CAM) and the comparison (its CAM against
 * Grad-CAM of the same network at conv3, with their agreement) for a class chosen by name.
 */
async function fashionSection(frame: WidgetFrame, state: WidgetState): Promise<HTMLElement> {
  const raw = state.get('item');
  const parsed = raw === null ? 0 : Number(raw);
  const valid = Number.isInteger(parsed) && parsed >= 0 && parsed <= 9999;
  if (raw !== null && !valid) rejectParam(`${state.key}.item`, raw, 'item 0');
  const indexId = uid('fashion-item');
  const index = h('input', { id: indexId, type: 'number', min: 0, max: 9999, step: 1, value: valid ? parsed : 0 });
  const random = button('Random item');
  const classChoices = ['predicted', ...FASHION_CLASS_NAMES.map((_, c) => String(c))];
  const classText = (v: string) => (v === 'predicted' ? 'the predicted class' : FASHION_CLASS_NAMES[Number(v)]);
  const classField = selectField(
    'CAM and Grad-CAM of',
    classChoices.map((v) => ({ value: v, text: classText(v) })),
    state.choice('fclass', classChoices, 'predicted', classText),
  );
  const status = h('p', { class: 'widget-status', role: 'status', 'aria-live': 'polite' });
  const views = {
    image: new MapView('Fashion-MNIST test item'),
    attention: new MapView('attention A'),
    cam: new MapView('CAM'),
    gradcam: new MapView('Grad-CAM (conv3)'),
  };
  const summary = h('p', { class: 'widget-summary' });
  const agreement = h('p', { class: 'widget-summary' });
  const section = h(
    'section',
    { class: 'variant-fashion', 'aria-label': 'Fashion-MNIST: the course architecture on clothing' },
    h('h3', { text: 'Switch to clothing: the course architecture trained on Fashion-MNIST' }),
    h(
      'div',
      { class: 'widget-controls' },
      h('div', { class: 'field' }, h('label', { for: indexId, text: 'Test item (0–9999)' }), index),
      random,
      classField.field,
    ),
    status,
    h('div', { class: 'map-row' }, ...Object.values(views).map((v) => v.element)),
    summary,
    agreement,
  );

  let request = 0;
  const show = async () => {
    // Its own latest-wins counter: the digit gallery above keeps computing independently.
    const id = ++request;
    const isCurrent = () => id === request;
    const i = Number(index.value);
    if (!Number.isInteger(i) || i < 0 || i > 9999) {
      status.textContent = `There is no test item ${index.value}: choose 0–9999.`;
      return;
    }
    status.textContent = 'Loading the Fashion-MNIST model and test set…';
    let set, e, c, grad, pixels;
    try {
      let params;
      [set, params] = await Promise.all([loadFashionTestSet(), labModel(FASHION_MODEL)]);
      if (!isCurrent()) return;
      pixels = set.pixels.slice(i * 784, (i + 1) * 784);
      [e] = await explainVariants(FASHION_MODEL, params, [pixels]);
      if (!isCurrent()) return;
      c = classField.select.value === 'predicted' ? e.predicted : Number(classField.select.value);
      grad = (await explainOne('gradcam', FASHION_MODEL, params, pixels, { classIndex: c }, 'conv3')).map;
      if (!isCurrent()) return;
    } catch (error) {
      if (!isCurrent()) return; // e.g. the Fashion weights replaced (and disposed) mid-run
      throw error;
    }
    const label = set.labels[i];
    const names = FASHION_CLASS_NAMES;
    const which = `${names[c]}${c === e.predicted ? ' (predicted)' : ''}`;
    views.image.showImage(28, 28, grayRgba(pixels), `test item ${i}: ${names[label]}`);
    const a = grid(e.attention[0]);
    views.attention.show(renderMap(a, { colormap: COLORMAP, size: 28, range: { min: 0, max: 1 } }), COLORMAP, `A: ${describeMap(a)}`, [], {
      unit: 'attention weight',
      scale: 'fixed 0–1',
    });
    const cam = camShare(e, c);
    views.cam.setTitle(`CAM of ${which}`);
    views.cam.show(renderMap(cam, { colormap: 'diverging', size: 28 }), 'diverging', `CAM: ${describeMap(cam)}`, [], {
      unit: 'logit per cell',
    });
    // Grad-CAM is in its own units (ReLU of gradient-weighted channels): its own scale and bar.
    views.gradcam.setTitle(`Grad-CAM of ${which} (conv3)`);
    views.gradcam.show(renderMap(grad, { colormap: COLORMAP, size: 28 }), COLORMAP, `Grad-CAM: ${describeMap(grad)}`, [], {
      unit: 'Grad-CAM units (Fashion attention-CNN, conv3)',
    });
    summary.textContent = `Item ${i} is a ${names[label]}; the model predicts ${names[e.predicted]} (${pct(e.probabilities[e.predicted])}).`;
    const r = (x: number | null) => (x === null ? 'undefined (a constant map)' : x.toFixed(3));
    agreement.textContent = `Agreement for ${names[c]}: Pearson r between A and the CAM ${r(pearson(a, cam))}; between the CAM and Grad-CAM ${r(pearson(cam, grad))}; their peaks ${peakDistancePixels(cam, grad).pixels.toFixed(1)} px apart (on the 28×28 image).`;
    status.textContent = '';
    state.set({ item: i === 0 ? null : String(i), fclass: classField.select.value === 'predicted' ? null : classField.select.value });
    section.dataset.showing = JSON.stringify({ item: i, label, predicted: e.predicted, class: c });
  };
  classField.select.addEventListener('change', () => void frame.guard(show));
  index.addEventListener('change', () => void frame.guard(show));
  onLabWeightsChange((changed) => {
    // Also while the first item is still loading: its run holds the replaced weights.
    if (changed === FASHION_MODEL && request > 0) void frame.guard(show);
  });
  random.addEventListener('click', () => {
    index.value = String(Math.floor(Math.random() * 10000));
    void frame.guard(show);
  });
  // Only when the reader scrolls to it: the set is 7.8 MB.
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) {
      observer.disconnect();
      void frame.guard(show);
    }
  });
  observer.observe(section);
  return section;
}
