// Lesson 5's three-way comparison: the attention-CNN's attention map and attention-CAM beside
// the traditional CNN's Grad-CAM, for one class, with their agreement (Pearson, Spearman), peak
// cells and peak distances; plus any other method of the engine on either network. Maps can be
// shown at their native 7×7 or upsampled, on their own or one shared colour scale.
import { explainAttentionCnn } from '../lib/explain/attention-cam';
import type { ColormapName } from '../lib/explain/colormap';
import type { Heatmap } from '../lib/contract/heatmap';
import { explainOne, findMethod, PICKABLE_METHODS } from '../lib/explain/methods';
import { sharedRange } from '../lib/explain/normalize';
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
import { COLORMAP_CHOICES, DEFAULT_COLORMAP, peakMarkers, unitOf, type MapUnit } from './map-choices';
import { checkboxField, h, selectField } from './dom';
import { exportPanels, exportReport, inputSlug, weightsLine, weightsUsed } from './exports';
import { WidgetFrame } from './frame';
import { MapView } from './map-view';
import { WidgetState } from './widget-state';

const CLASS_CHOICES = ['predicted', ...Array.from({ length: 10 }, (_, d) => String(d))] as const;
const METHOD_CHOICES = ['none', ...PICKABLE_METHODS] as const;
/** Networks another method can run on: every registered model, the traditional CNN first. */
const MODEL_CHOICES = [...MODEL_NAMES].sort((a, b) => Number(a !== 'traditional') - Number(b !== 'traditional'));
const LAYER_CHOICES = ['conv3', 'conv2', 'conv1'] as const;
const RESOLUTIONS = ['28', 'native'] as const;
/** 'unit': maps in the same unit share one scale (the lesson's rule); 'own': each its own range. */
const SCALES = ['unit', 'own'] as const;

/** The CLI's --methods name for a picked method (Grad-CAM is always in the report). */
const reportMethod = (method: string): ExtraMethod | undefined =>
  (EXTRA_METHODS as readonly string[]).includes(method) ? (method as ExtraMethod) : undefined;

interface NamedMap {
  name: string;
  map: Heatmap;
  /** Drawn on a diverging scale centred on 0. */
  signed: boolean;
  unit: MapUnit;
}

const r2 = (v: number | null) => (v === null ? 'undefined (flat map)' : v.toFixed(3));

export async function mount(host: HTMLElement): Promise<void> {
  const frame = new WidgetFrame(host, { label: 'Attention, attention-CAM and Grad-CAM compared' });
  const state = new WidgetState(host.dataset.key ?? 'compare');
  let session: ModelSession = await frame.session();

  const field = <T extends string>(
    label: string,
    key: string,
    choices: readonly T[],
    text: (v: T) => string,
    fallback: T,
    aliases: Readonly<Record<string, T>> = {},
  ) =>
    selectField(
      label,
      choices.map((v) => ({ value: v, text: text(v) })),
      state.choice(key, choices, fallback, (v) => `"${text(v)}"`, aliases),
    );
  const classField = field(
    'Class',
    'class',
    CLASS_CHOICES,
    (v) => (v === 'predicted' ? "attention-CNN's prediction" : `class ${v}`),
    'predicted',
  );
  const resField = field('Resolution', 'res', RESOLUTIONS, (v) => (v === '28' ? 'upsampled to 28×28' : 'native 7×7 grid'), '28');
  // 'shared' was "one scale for all maps", which mixed units; old links get the honest version.
  const scaleField = field(
    'Colour scale',
    'scale',
    SCALES,
    (v) => (v === 'own' ? 'each map its own range' : 'shared within each unit'),
    'unit',
    { shared: 'unit' },
  );
  const cmapField = field(
    'Colormap',
    'cmap',
    COLORMAP_CHOICES.map((c) => c.value),
    (v) => COLORMAP_CHOICES.find((c) => c.value === v)!.text,
    DEFAULT_COLORMAP,
  );
  const methodField = field('Another method', 'method', METHOD_CHOICES, (v) => (v === 'none' ? 'none' : findMethod(v).title), 'none');
  const modelField = field('on network', 'model', MODEL_CHOICES, (v) => MODEL_LABELS[v], 'traditional');
  const layerField = field('at layer', 'layer', LAYER_CHOICES, (v) => `ReLU(${v})`, 'conv3');
  const peaksField = checkboxField('Show peaks', state.choice('peaks', ['on', 'off'] as const, 'on') === 'on');
  const fields = {
    class: classField,
    res: resField,
    scale: scaleField,
    cmap: cmapField,
    method: methodField,
    model: modelField,
    layer: layerField,
  };
  const defaults: Record<keyof typeof fields, string> = {
    class: 'predicted',
    res: '28',
    scale: 'unit',
    cmap: DEFAULT_COLORMAP,
    method: 'none',
    model: 'traditional',
    layer: 'conv3',
  };
  frame.body.append(h('div', { class: 'widget-controls' }, ...Object.values(fields).map((f) => f.field), peaksField.field));

  const views = [
    new MapView('Attention map A (attention-CNN)'),
    new MapView('Attention-CAM (attention-CNN)'),
    new MapView('Grad-CAM (traditional CNN, conv3)'),
    new MapView('Other method'),
  ];
  const summary = h('p', { class: 'widget-summary', 'aria-live': 'polite' });
  const metricsBody = h('tbody');
  const metrics = h(
    'div',
    { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Agreement between the maps' },
    h(
      'table',
      { class: 'agreement' },
      h('caption', {
        text: 'Agreement of the maps (computed on the raw 7×7 maps; peak distance between peak-cell centres in input pixels)',
      }),
      h(
        'thead',
        {},
        h('tr', {}, ...['maps', 'Pearson r', 'Spearman ρ', 'peak distance (px)'].map((t) => h('th', { scope: 'col', text: t }))),
      ),
      metricsBody,
    ),
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
      { name: 'attention', map: att.attention, signed: false, unit: unitOf('attention', 'attention') },
      { name: `attention-CAM ${c}`, map: att.cams[c], signed: findMethod('cam').signed, unit: unitOf('cam', 'attention') },
      { name: `Grad-CAM ${c}`, map: grad, signed: false, unit: unitOf('gradcam', 'traditional', 'conv3') },
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
      const versus = own.probabilities
        .map((p, k) => ({ p, k }))
        .filter((x) => x.k !== c)
        .sort((a, b) => b.p - a.p)[0].k;
      const layer = entry.layered ? (layerField.select.value as TargetLayer) : undefined;
      const target = method === 'contrastive' ? { contrast: [c, versus] as const } : { classIndex: c };
      const { map } = await explainOne(method, model, session.models[model], pixels, target, layer);
      if (!isCurrent()) return;
      maps.push({
        name: `${entry.title} ${c}${method === 'contrastive' ? ` vs ${versus}` : ''} (${MODEL_LABELS[model]})`,
        map,
        signed: entry.signed,
        unit: unitOf(method, model, layer),
      });
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
    const perUnit = scaleField.select.value === 'unit';
    frame.body.dataset.peaks = peaksField.input.checked ? 'on' : 'off';
    // Signed maps (CAM, contrastive, occlusion, IG) keep their sign on a diverging scale centred
    // on 0; the others are non-negative. Within one unit, maps share one range.
    const groups = new Map<string, Heatmap[]>();
    for (const m of maps) groups.set(m.unit.key, [...(groups.get(m.unit.key) ?? []), m.map]);
    maps.forEach((m, i) => {
      const view = views[i];
      view.setTitle(i === 0 ? 'Attention map A (attention-CNN)' : m.name);
      const sharers = groups.get(m.unit.key)!.length;
      const range = !perUnit ? undefined : (m.unit.fixed ?? (sharers > 1 ? sharedRange(groups.get(m.unit.key)!) : undefined));
      const scale =
        !perUnit || (!m.unit.fixed && sharers === 1)
          ? undefined
          : m.unit.fixed
            ? `fixed ${m.unit.fixed.min}–${m.unit.fixed.max}`
            : `shared by the ${sharers} maps in ${m.unit.label}`;
      const cmap: ColormapName = m.signed ? 'diverging' : colormap;
      view.show(renderMap(m.map, { colormap: cmap, size, range }), cmap, describeMap(m.map), peakMarkers(m.map, m.name), {
        unit: m.unit.label,
        scale,
      });
      view.element.hidden = false;
    });
    views[3].element.hidden = maps.length < 4;
    const disagree = attPred !== tradPred ? ` The networks disagree: the traditional CNN ${describePrediction(tradPred, tradProb)}.` : '';
    summary.textContent = `Class ${c}. The attention-CNN ${describePrediction(attPred, attProb)}.${disagree}`;

    metricsBody.replaceChildren();
    const pairs: Array<[number, number]> = [
      [0, 1],
      [0, 2],
      [1, 2],
    ];
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

  const saveState = () =>
    state.set({
      ...Object.fromEntries(
        Object.entries(fields).map(([k, f]) => [k, f.select.value === defaults[k as keyof typeof fields] ? null : f.select.value]),
      ),
      peaks: peaksField.input.checked ? null : 'off',
    });
  const displayOnly = new Set<HTMLElement>([resField.select, scaleField.select, cmapField.select, peaksField.input]);
  for (const control of [...Object.values(fields).map((f) => f.select), peaksField.input]) {
    control.addEventListener('change', () => {
      saveState();
      void frame.guard(displayOnly.has(control) ? draw : compute);
    });
  }

  frame.addButton('Reset view', () => {
    for (const [k, f] of Object.entries(fields)) f.select.value = defaults[k as keyof typeof fields];
    peaksField.input.checked = true;
    saveState();
    return compute();
  });

  frame.addButton('Export JSON', async () => {
    if (!input) return;
    const method = methodField.select.value as (typeof METHOD_CHOICES)[number];
    const extra = method === 'none' ? undefined : reportMethod(method);
    const display = Object.fromEntries([
      ...Object.entries(fields).map(([k, f]) => [k, f.select.value]),
      ['showPeaks', peaksField.input.checked],
    ]);
    await exportReport(
      session.models,
      input,
      classField.select.value === 'predicted' ? 'predicted' : lastClasses,
      extra ? [extra] : [],
      `comparison-${inputSlug(input)}-class-${classField.select.value}-${method}`,
      { display, weightsUsed: weightsUsed(session) },
    );
  });
  frame.addButton('Export PNG', async () => {
    if (!input || !computed) return;
    const { c, attPred, attProb, tradPred, tradProb } = computed;
    const method = methodField.select.value;
    const other = method === 'none' ? '' : ` and ${findMethod(method).title} (${MODEL_LABELS[modelField.select.value as ModelName]})`;
    const header = [
      `Class ${c}: attention map and attention-CAM (attention-CNN) vs Grad-CAM (traditional CNN, conv3)${other}`,
      `The attention-CNN ${describePrediction(attPred, attProb)}; the traditional CNN ${describePrediction(tradPred, tradProb)}`,
      `Digit ${input.source}${input.label !== null ? `, label ${input.label}` : ''}; ${weightsLine(session)}`,
    ];
    await exportPanels(
      views.filter((v) => !v.element.hidden),
      `comparison-${inputSlug(input)}-class-${c}-${method === 'none' ? 'gradcam' : method}`,
      header,
    );
  });

  await frame.follow(session, (next, s) => {
    input = next;
    session = s;
    return compute();
  });
}
