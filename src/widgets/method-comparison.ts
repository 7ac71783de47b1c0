// Lesson 5's three-way comparison: the attention-CNN's attention map and attention-CAM beside
// the traditional CNN's Grad-CAM, for one class, with their agreement (Pearson, Spearman), peak
// cells and peak distances; plus any other method of the engine on either network. Maps can be
// shown at their native 7×7 or upsampled, on their own or one shared colour scale.
import { explainAttentionCnn } from '../lib/explain/attention-cam';
import type { ColormapName } from '../lib/explain/colormap';
import type { Heatmap } from '../lib/contract/heatmap';
import { explainOne, findMethod, PICKABLE_METHODS } from '../lib/explain/methods';
import { relu, sharedRange } from '../lib/explain/normalize';
import { renderMap } from '../lib/explain/render-map';
import { predictBatch } from '../lib/explain/predict';
import { pearson, spearman } from '../lib/metrics/agreement';
import { peakDistancePixels } from '../lib/metrics/peaks';
import type { TargetLayer } from '../lib/models/model-definition';
import { MODEL_LABELS, MODEL_NAMES, type ModelName } from '../lib/models/registry';
import { EXTRA_METHODS, type ExtraMethod } from '../lib/report/explanation-report';
import { describeMap, describePrediction } from '../lib/report/map-summary';
import type { DigitInput } from '../runtime/input-store';
import type { ModelSession } from '../runtime/session';
import { choiceParam } from '../runtime/url-state';
import { COLORMAP_CHOICES, peakMarkers } from './map-choices';
import { h, selectField } from './dom';
import { exportPanels, exportReport, inputSlug } from './exports';
import { WidgetFrame } from './frame';
import { MapView } from './map-view';
import { WidgetState } from './widget-state';

const CLASS_CHOICES = ['predicted', ...Array.from({ length: 10 }, (_, d) => String(d))] as const;
const METHOD_CHOICES = ['none', ...PICKABLE_METHODS] as const;
/** Networks another method can run on: every registered model, the traditional CNN first. */
const MODEL_CHOICES = [...MODEL_NAMES].sort((a, b) => Number(a !== 'traditional') - Number(b !== 'traditional'));
const LAYER_CHOICES = ['conv3', 'conv2', 'conv1'] as const;
const RESOLUTIONS = ['28', 'native'] as const;
const SCALES = ['own', 'shared'] as const;

/** The CLI's --methods name for a picked method (Grad-CAM is always in the report). */
const reportMethod = (method: string): ExtraMethod | undefined => (EXTRA_METHODS as readonly string[]).includes(method) ? (method as ExtraMethod) : undefined;

interface NamedMap {
  name: string;
  map: Heatmap;
}

const r2 = (v: number | null) => (v === null ? 'undefined (flat map)' : v.toFixed(3));

export async function mount(host: HTMLElement): Promise<void> {
  const frame = new WidgetFrame(host, { label: 'Attention, attention-CAM and Grad-CAM compared' });
  const state = new WidgetState(host.dataset.key ?? 'compare');
  let session: ModelSession = await frame.session();

  const field = <T extends string>(label: string, key: string, choices: readonly T[], text: (v: T) => string, fallback: T) =>
    selectField(label, choices.map((v) => ({ value: v, text: text(v) })), choiceParam(state.get(key), choices) ?? fallback);
  const classField = field('Class', 'class', CLASS_CHOICES, (v) => (v === 'predicted' ? "attention-CNN's prediction" : `class ${v}`), 'predicted');
  const resField = field('Resolution', 'res', RESOLUTIONS, (v) => (v === '28' ? 'upsampled to 28×28' : 'native 7×7 grid'), '28');
  const scaleField = field('Colour scale', 'scale', SCALES, (v) => (v === 'own' ? 'each map its own min–max' : 'one scale shared by all maps'), 'own');
  const cmapField = selectField('Colormap', COLORMAP_CHOICES, choiceParam(state.get('cmap'), COLORMAP_CHOICES.map((c) => c.value)) ?? 'jet');
  const methodField = field('Another method', 'method', METHOD_CHOICES, (v) => (v === 'none' ? 'none' : findMethod(v).title), 'none');
  const modelField = field('on network', 'model', MODEL_CHOICES, (v) => MODEL_LABELS[v], 'traditional');
  const layerField = field('at layer', 'layer', LAYER_CHOICES, (v) => `ReLU(${v})`, 'conv3');
  const fields = { class: classField, res: resField, scale: scaleField, cmap: cmapField, method: methodField, model: modelField, layer: layerField };
  const defaults: Record<keyof typeof fields, string> = { class: 'predicted', res: '28', scale: 'own', cmap: 'jet', method: 'none', model: 'traditional', layer: 'conv3' };
  frame.body.append(h('div', { class: 'widget-controls' }, ...Object.values(fields).map((f) => f.field)));

  const views = [new MapView('Attention map A (attention-CNN)'), new MapView('Attention-CAM (attention-CNN)'), new MapView('Grad-CAM (traditional CNN, conv3)'), new MapView('Other method')];
  const summary = h('p', { class: 'widget-summary', 'aria-live': 'polite' });
  const metricsBody = h('tbody');
  const metrics = h(
    'div',
    { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Agreement between the maps' },
    h('table', { class: 'agreement' }, h('caption', { text: 'Agreement of the maps (computed on the raw 7×7 maps; peak distance between peak-cell centres in input pixels)' }), h('thead', {}, h('tr', {}, ...['maps', 'Pearson r', 'Spearman ρ', 'peak distance (px)'].map((t) => h('th', { scope: 'col', text: t })))), metricsBody),
  );
  frame.body.append(h('div', { class: 'map-row map-row--four' }, ...views.map((v) => v.element)), summary, metrics);

  let input: DigitInput | null = null;
  let lastClasses: number[] = [];
  let computed: { maps: NamedMap[]; c: number; attPred: number; tradPred: number; attProb: number[]; tradProb: number[] } | null = null;

  const compute = async () => {
    if (!input) return;
    // Latest wins: a newer input or control change makes this run's results stale.
    const isCurrent = frame.begin();
    const shownInput = input;
    const pixels = input.pixels;
    const [att] = await explainAttentionCnn(session.models.attention, [pixels]);
    const [trad] = await predictBatch('traditional', session.models.traditional, [pixels]);
    const c = classField.select.value === 'predicted' ? att.predicted : Number(classField.select.value);
    const grad = (await explainOne('gradcam', 'traditional', session.models.traditional, pixels, { classIndex: c }, 'conv3')).map;
    if (!isCurrent()) return;
    const maps: NamedMap[] = [
      { name: 'attention', map: att.attention },
      { name: `attention-CAM ${c}`, map: att.cams[c] },
      { name: `Grad-CAM ${c}`, map: grad },
    ];
    const method = methodField.select.value as (typeof METHOD_CHOICES)[number];
    const model = modelField.select.value as ModelName;
    layerField.select.disabled = method === 'none' || !findMethod(method).layered;
    modelField.select.disabled = method === 'none';
    if (method !== 'none') {
      const entry = findMethod(method);
      frame.setStatus(`Computing ${entry.title}…`);
      await new Promise((resolve) => setTimeout(resolve, 0)); // let the status paint first
      const own = model === 'attention' ? att : trad;
      const versus = own.probabilities.map((p, k) => ({ p, k })).filter((x) => x.k !== c).sort((a, b) => b.p - a.p)[0].k;
      const layer = entry.layered ? (layerField.select.value as TargetLayer) : undefined;
      const target = method === 'contrastive' ? { contrast: [c, versus] as const } : { classIndex: c };
      const { map } = await explainOne(method, model, session.models[model], pixels, target, layer);
      if (!isCurrent()) return;
      maps.push({ name: `${entry.title} ${c}${method === 'contrastive' ? ` vs ${versus}` : ''} (${MODEL_LABELS[model]})`, map });
      frame.setStatus('');
    }
    lastClasses = [c];
    computed = { maps, c, attPred: att.predicted, tradPred: trad.predicted, attProb: att.probabilities, tradProb: trad.probabilities };
    draw();
    frame.showing({ digit: shownInput.source, class: c, method, model: method === 'none' ? null : model, weights: session.version });
  };

  /** Redraws the last computed maps: display choices (colormap, resolution, scale) need no recompute. */
  const draw = () => {
    if (!computed) return;
    const { maps, c, attPred, tradPred, attProb, tradProb } = computed;
    const colormap = cmapField.select.value as ColormapName;
    const size = resField.select.value === 'native' ? 'native' : 28;
    // Grad-CAM family maps are ReLU'd already; signed maps (raw CAM, contrastive) show their positive part.
    const shown = maps.map((m) => ({ ...m, display: relu(m.map) }));
    const range = scaleField.select.value === 'shared' ? sharedRange(shown.filter((m) => m.display.height === 7).map((m) => m.display)) : undefined;
    shown.forEach((m, i) => {
      const view = views[i];
      view.setTitle(i === 0 ? 'Attention map A (attention-CNN)' : m.name);
      const sameGrid = range && m.display.height === 7;
      view.show(renderMap(m.display, { colormap, size, range: sameGrid ? range : undefined }), colormap, describeMap(m.map), peakMarkers(m.map, m.name));
      view.element.hidden = false;
    });
    views[3].element.hidden = maps.length < 4;
    const disagree = attPred !== tradPred ? ` The networks disagree: the traditional CNN ${describePrediction(tradPred, tradProb)}.` : '';
    summary.textContent = `Class ${c}. The attention-CNN ${describePrediction(attPred, attProb)}.${disagree}`;

    metricsBody.replaceChildren();
    const pairs: Array<[number, number]> = [[0, 1], [0, 2], [1, 2]];
    if (maps.length === 4) pairs.push([0, 3], [1, 3], [2, 3]);
    for (const [a, b] of pairs) {
      const A = maps[a].map;
      const B = maps[b].map;
      const same = A.height === B.height && A.width === B.width;
      const distance = peakDistancePixels(A, B).pixels;
      metricsBody.append(
        h(
          'tr',
          {},
          h('th', { scope: 'row', text: `${maps[a].name} vs ${maps[b].name}` }),
          h('td', { text: same ? r2(pearson(A, B)) : 'different grids' }),
          h('td', { text: same ? r2(spearman(A, B)) : 'different grids' }),
          h('td', { text: distance.toFixed(1) }),
        ),
      );
    }
  };

  const saveState = () => state.set(Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.select.value === defaults[k as keyof typeof fields] ? null : f.select.value])));
  const displayOnly = new Set<HTMLSelectElement>([resField.select, scaleField.select, cmapField.select]);
  for (const f of Object.values(fields)) {
    f.select.addEventListener('change', () => {
      saveState();
      void frame.guard(displayOnly.has(f.select) ? draw : compute);
    });
  }

  frame.addButton('Export JSON', async () => {
    if (!input) return;
    const method = methodField.select.value as (typeof METHOD_CHOICES)[number];
    const extra = method === 'none' ? undefined : reportMethod(method);
    await exportReport(session.models, input, classField.select.value === 'predicted' ? 'predicted' : lastClasses, extra ? [extra] : [], `comparison-${inputSlug(input)}`);
  });
  frame.addButton('Export PNG', async () => {
    if (input) await exportPanels(views.filter((v) => !v.element.hidden), `comparison-${inputSlug(input)}`);
  });

  await frame.follow(session, (next, s) => {
    input = next;
    session = s;
    return compute();
  });
}
