// Homework lab 3's attack widget: FGSM or PGD (untargeted or targeted) on the page's digit
// against either network, computed by the same attackReport the `attack` CLI prints — the clean
// digit, the perturbation (diverging, ±ε), the adversarial digit, both networks' probabilities
// before and after (does it transfer?), and the attention map, CAM and Grad-CAM before vs after
// on one scale per map, with how far each moved. Every control is latest-wins; PGD shows its steps.
import { attackReport, ATTACK_REPORT_MAPS, type AttackOutcome } from '../lib/attack/attack-report';
import { smallestTargetedEps } from '../lib/attack/smallest-eps';
import { ROBUSTNESS_SETTINGS } from '../lib/attack/robustness';
import { robustnessSchema, type RobustnessFile } from '../lib/artifacts/robustness';
import { ATTACK_METHODS, LAB_ATTACK_DEFAULTS, LAB_MAX_EPS, type AttackMethod, type AttackRequest } from '../lib/attack/settings';
import { heatmap, type Heatmap } from '../lib/contract/heatmap';
import { findMethod } from '../lib/explain/methods';
import { sharedRange } from '../lib/explain/normalize';
import { grayRgba, renderMap } from '../lib/explain/render-map';
import { getModel, MODEL_LABELS, MODEL_NAMES, type ModelName } from '../lib/models/registry';
import { describeMap, describePrediction } from '../lib/report/map-summary';
import { renderGroupedBars } from '../plots/bar-chart';
import { renderLineChart } from '../plots/line-chart';
import { fetchOk } from '../runtime/fetch-ok';
import { inputToUrl, testInput } from '../runtime/initial-input';
import { inputStore, reportInput, type DigitInput } from '../runtime/input-store';
import { runRobustness } from '../runtime/robustness-runner';
import { onWeightsChange, type ModelSession } from '../runtime/session';
import { loadTestSet } from '../runtime/test-set';
import { rejectParam } from '../runtime/url-state';
import { button, download, h, selectField, uid } from './dom';
import { exportPanels, inputSlug, weightsLine, weightsUsed } from './exports';
import { WidgetFrame } from './frame';
import { DEFAULT_COLORMAP, peakMarkers, unitOf } from './map-choices';
import { MapView } from './map-view';
import { WidgetState } from './widget-state';

/** The slider's step: fine enough to find a flip, coarse enough that a URL names a slider position. */
const EPS_STEP = 0.005;
const STEP_CHOICES = ['1', '2', '5', '10', '20', '40'] as const;
const TARGET_CHOICES = ['none', ...Array.from({ length: 10 }, (_, d) => String(d))] as const;
const METHOD_TEXT: Record<AttackMethod, string> = { fgsm: 'FGSM (one step)', pgd: 'PGD (projected steps)' };
const DEFAULTS = {
  model: LAB_ATTACK_DEFAULTS.model,
  method: LAB_ATTACK_DEFAULTS.method,
  steps: String(LAB_ATTACK_DEFAULTS.steps),
  target: 'none',
} as const;

const r3 = (v: number | null) => (v === null ? 'undefined (flat map)' : v.toFixed(3));
/** ε as the slider gives it, without float noise (0.1 + 0.005·k prints as 0.105). */
const epsText = (v: number) => String(Number(v.toFixed(3)));

type SideKey = 'attention_cnn' | 'traditional_cnn';
const sideOf = (outcome: AttackOutcome, model: ModelName) => outcome.report[getModel(model).reportKey as SideKey];

export async function mount(host: HTMLElement): Promise<void> {
  const frame = new WidgetFrame(host, { label: 'Adversarial attack on the page’s digit' });
  const state = new WidgetState(host.dataset.key ?? 'attack');
  let session: ModelSession = await frame.session();

  const field = <T extends string>(label: string, key: keyof typeof DEFAULTS, choices: readonly T[], text: (v: T) => string) =>
    selectField(
      label,
      choices.map((v) => ({ value: v, text: text(v) })),
      state.choice(key, choices, DEFAULTS[key] as T, (v) => `"${text(v)}"`),
    );
  const modelField = field('Network to attack', 'model', MODEL_NAMES, (v) => MODEL_LABELS[v]);
  const methodField = field('Attack', 'method', ATTACK_METHODS, (v) => METHOD_TEXT[v]);
  const stepsField = field('PGD steps', 'steps', STEP_CHOICES, (v) => `${v} step${v === '1' ? '' : 's'}`);
  const targetField = field('Target class', 'target', TARGET_CHOICES, (v) => (v === 'none' ? 'none (untargeted)' : `make it a ${v}`));

  // ε: a slider from 0 to LAB_MAX_EPS; a URL value outside it, or not a plain decimal, gets the page's notice.
  const epsId = uid('eps');
  const epsRaw = state.get('eps');
  const epsParam = epsRaw !== null && /^\d+(\.\d+)?$/.test(epsRaw) ? Number(epsRaw) : NaN;
  const epsOk = epsParam >= 0 && epsParam <= LAB_MAX_EPS;
  if (epsRaw !== null && !epsOk) rejectParam(`${state.key}.eps`, epsRaw, `ε = ${LAB_ATTACK_DEFAULTS.eps}`);
  const eps = h('input', {
    id: epsId,
    type: 'range',
    min: 0,
    max: LAB_MAX_EPS,
    step: EPS_STEP,
    value: epsOk ? epsParam : LAB_ATTACK_DEFAULTS.eps,
    'aria-describedby': `${epsId}-out`,
  });
  const epsOut = h('output', { id: `${epsId}-out`, for: epsId });
  const epsField = h('div', { class: 'field' }, h('label', { for: epsId, text: 'Budget ε (L∞, pixels in 0–1)' }), eps, epsOut);
  const progress = h('progress', { max: 1, value: 0, 'aria-label': 'PGD progress', hidden: true });
  // The counterfactual: the smallest ε on the slider's grid at which targeted PGD makes it the target.
  const searchButton = button('Find the smallest ε', { 'aria-describedby': `${epsId}-search` });
  const searchResult = h('p', { id: `${epsId}-search`, class: 'widget-summary', 'aria-live': 'polite' });

  frame.body.append(
    h(
      'div',
      { class: 'widget-controls' },
      modelField.field,
      methodField.field,
      epsField,
      stepsField.field,
      targetField.field,
      h('div', { class: 'field' }, searchButton),
      progress,
    ),
    searchResult,
  );

  const images = [new MapView('Clean digit'), new MapView('Perturbation p′ − p'), new MapView('Adversarial digit')];
  const summary = h('p', { class: 'widget-summary', 'aria-live': 'polite' });
  const bars = Object.fromEntries(MODEL_NAMES.map((m) => [m, h('div', { class: 'plot' }) as HTMLElement])) as Record<
    ModelName,
    HTMLElement
  >;
  const mapViews = Object.fromEntries(
    MODEL_NAMES.map((m) => [
      m,
      Object.fromEntries(
        ATTACK_REPORT_MAPS[m].map((method) => [
          method,
          { before: new MapView(`${findMethod(method).title} before`), after: new MapView(`${findMethod(method).title} after`) },
        ]),
      ),
    ]),
  ) as Record<ModelName, Record<string, { before: MapView; after: MapView }>>;
  const metricsBody = h('tbody');
  const metrics = h(
    'div',
    { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'How far each map moved' },
    h(
      'table',
      { class: 'agreement' },
      h('caption', {
        text: 'Each map before vs after the attack (raw 7×7 maps of each network’s predicted class; peak distance between peak-cell centres in input pixels)',
      }),
      h('thead', {}, h('tr', {}, ...['network', 'map', 'Pearson r', 'peak distance (px)'].map((t) => h('th', { scope: 'col', text: t })))),
      metricsBody,
    ),
  );
  frame.body.append(
    h('div', { class: 'map-row' }, ...images.map((v) => v.element)),
    summary,
    h('div', { class: 'plot-row' }, ...MODEL_NAMES.map((m) => bars[m])),
    ...MODEL_NAMES.map((m) =>
      h(
        'section',
        { class: 'attack-maps', 'aria-label': `${MODEL_LABELS[m]}: maps before and after` },
        h('p', { class: 'widget-subtitle', text: `${MODEL_LABELS[m]}: maps before and after` }),
        h(
          'div',
          { class: 'map-row map-row--four' },
          ...Object.values(mapViews[m]).flatMap((pair) => [pair.before.element, pair.after.element]),
        ),
      ),
    ),
    metrics,
  );

  // Robustness over a fixed subset of test digits, precomputed at build by the same engine; for
  // the reader's own weights, recomputed on request in two workers (src/runtime/robustness-runner.ts).
  const curves = { accuracy: h('div', { class: 'plot' }), maps: h('div', { class: 'plot' }) };
  const curvesCaption = h('p', { class: 'widget-summary' });
  const curvesNote = h('p', { class: 'widget-summary', 'aria-live': 'polite' });
  const curvesTitle = h('p', { class: 'widget-subtitle', text: 'Robustness over test digits (precomputed)' });
  const recomputeCurves = button('Recompute the curves for your weights');
  const cancelCurves = button('Cancel', { 'aria-label': 'Cancel recomputing the curves', hidden: true });
  const curvesProgress = h('progress', { max: 1, value: 0, 'aria-label': 'Robustness curves progress', hidden: true });
  const curvesStatus = h('p', { class: 'widget-summary', role: 'status', 'aria-live': 'polite' });
  const curvesControls = h('div', { class: 'button-row', hidden: true }, recomputeCurves, cancelCurves, curvesProgress);
  frame.body.append(
    h(
      'section',
      { class: 'attack-robustness', 'aria-label': 'Robustness over test digits' },
      curvesTitle,
      curvesCaption,
      curvesControls,
      curvesStatus,
      h('div', { class: 'plot-row' }, curves.accuracy, curves.maps),
      curvesNote,
    ),
  );

  let input: DigitInput | null = null;
  let outcome: AttackOutcome | null = null;
  let running: AbortController | null = null;

  const request = (): { model: ModelName; request: AttackRequest } => {
    const method = methodField.select.value as AttackMethod;
    const target = targetField.select.value === 'none' ? null : Number(targetField.select.value);
    const value = Number(eps.value);
    return {
      model: modelField.select.value as ModelName,
      request: method === 'pgd' ? { method, eps: value, steps: Number(stepsField.select.value), target } : { method, eps: value, target },
    };
  };

  const compute = async () => {
    if (!input) return;
    // Latest wins: a newer control change or input aborts this run between PGD steps and drops its result.
    const isCurrent = frame.begin();
    running?.abort();
    const controller = new AbortController();
    running = controller;
    const shownInput = input;
    const { model, request: req } = request();
    const steps = req.method === 'pgd' ? req.steps! : 1;
    progress.max = steps;
    progress.value = 0;
    progress.hidden = req.method !== 'pgd';
    let result: AttackOutcome;
    try {
      result = await attackReport(session.models, model, shownInput.pixels, req, reportInput(shownInput), {
        signal: controller.signal,
        onStep: async (done, total) => {
          if (!isCurrent()) return;
          progress.value = done;
          if (req.method === 'pgd') frame.setStatus(`PGD: step ${done} of ${total}…`);
          // Let the page paint and take the next slider move between steps.
          await new Promise((resolve) => setTimeout(resolve, 0));
        },
      });
    } catch (error) {
      if (!isCurrent()) return;
      throw error;
    }
    if (!isCurrent()) return;
    running = null;
    frame.setStatus('');
    progress.hidden = true;
    outcome = result;
    draw(result);
    frame.showing({
      digit: shownInput.source,
      model,
      method: req.method,
      eps: req.eps,
      steps: result.report.attack.steps,
      target: result.report.attack.target,
      weights: session.version,
    });
  };

  const draw = (o: AttackOutcome) => {
    const { report, example } = o;
    const e = report.attack.eps;
    images[0].showImage(28, 28, grayRgba(Array.from(o.clean, (v) => Math.round(255 * v))), `${report.input.source as string}, pixels 0–1`);
    const perturbation = heatmap(28, 28, example.perturbation);
    images[1].show(
      renderMap(perturbation, { colormap: 'diverging', size: 'native', range: { min: -e, max: e } }),
      'diverging',
      `changes from ${example.perturbation.reduce((m, v) => Math.min(m, v), 0).toFixed(3)} to ${example.perturbation.reduce((m, v) => Math.max(m, v), 0).toFixed(3)}; L∞ ${report.adversarial.linf.toFixed(4)}, L2 ${report.adversarial.l2.toFixed(3)}`,
      [],
      { unit: 'pixel change', scale: `fixed ±ε = ±${epsText(e)}` },
    );
    images[2].showImage(
      28,
      28,
      grayRgba(Array.from(example.pixels, (v) => Math.round(255 * v))),
      `the digit after the attack, every pixel within ${epsText(e)} of the clean one`,
    );

    const attacked = report.attack.model as ModelName;
    const goal = report.attack.target === null ? `untargeted, away from ${example.cleanPredicted}` : `targeted at ${report.attack.target}`;
    const lines = MODEL_NAMES.map((m) => {
      const side = sideOf(o, m);
      const role = m === attacked ? 'attacked' : 'not attacked (transfer)';
      return `The ${MODEL_LABELS[m]} (${role}) before: ${describePrediction(side.before.predicted, side.before.probabilities)}; after: ${describePrediction(side.after.predicted, side.after.probabilities)}.`;
    });
    summary.textContent = `${report.attack.method.toUpperCase()} with ε = ${epsText(e)} on the ${MODEL_LABELS[attacked]}, ${goal}: ${report.adversarial.succeeded ? 'succeeded' : 'did not succeed'}. ${lines.join(' ')}`;

    for (const m of MODEL_NAMES) {
      const side = sideOf(o, m);
      renderGroupedBars(
        bars[m],
        Array.from({ length: 10 }, (_, d) => String(d)),
        [
          { label: 'before', values: side.before.probabilities },
          { label: 'after', values: side.after.probabilities },
        ],
        {
          label: `${MODEL_LABELS[m]}${m === attacked ? ' (attacked)' : ' (transfer)'}: class probabilities before and after the attack`,
          yLabel: 'probability',
          xLabel: `digit class (${MODEL_LABELS[m]}${m === attacked ? ', attacked' : ', transfer'})`,
          yDomain: [0, 1],
          format: '.2f',
          width: 420,
          height: 240,
        },
      );
    }

    metricsBody.replaceChildren();
    for (const m of MODEL_NAMES) {
      const side = sideOf(o, m);
      const change = side.after.change_from_before as Record<string, { pearson: number | null; peak_distance_pixels: number }>;
      for (const method of ATTACK_REPORT_MAPS[m]) {
        const entry = findMethod(method);
        const pair = o.maps[m][method];
        const views = mapViews[m][method];
        const unit = unitOf(method, m, entry.layered ? getModel(m).camLayer : undefined);
        // Before and after share one scale: attention its fixed 0–1, the others their joint range.
        const range = unit.fixed ?? sharedRange([pair.before, pair.after]);
        const scale = unit.fixed ? `fixed ${unit.fixed.min}–${unit.fixed.max}` : 'shared by before and after';
        const cmap = entry.signed ? 'diverging' : DEFAULT_COLORMAP;
        const classOf = (map: 'before' | 'after') => (method === 'attention' ? '' : ` (class ${side[map].predicted})`);
        const show = (view: MapView, map: Heatmap, when: 'before' | 'after') => {
          view.setTitle(`${entry.title} ${when}${classOf(when)}`);
          view.show(
            renderMap(map, { colormap: cmap, size: 28, range }),
            cmap,
            describeMap(map),
            peakMarkers(map, `${entry.title} ${when}`),
            {
              unit: unit.label,
              scale,
            },
          );
        };
        show(views.before, pair.before, 'before');
        show(views.after, pair.after, 'after');
        metricsBody.append(
          h(
            'tr',
            {},
            h('th', { scope: 'row', text: MODEL_LABELS[m] }),
            h('td', { text: `${entry.title}${classOf('before')} → ${classOf('after').trim() || 'after'}` }),
            h('td', { text: r3(change[method].pearson) }),
            h('td', { text: change[method].peak_distance_pixels.toFixed(1) }),
          ),
        );
      }
    }
  };

  const ROBUSTNESS_SUBSET_COUNT = `${ROBUSTNESS_SETTINGS.perClass * 10}`;
  let robustness: RobustnessFile | null = null;
  let precomputed: RobustnessFile | null = null;
  /** Curves recomputed for the weights of one session version (dropped when the weights change). */
  let recomputed: { file: RobustnessFile; version: number; seconds: number; where: string } | null = null;
  let curvesRun: AbortController | null = null;
  const pct = (v: number) => `${(100 * v).toFixed(0)} %`;
  const customWeights = () => MODEL_NAMES.filter((m) => session.weights[m].kind === 'custom');

  /** Which curves match the weights in use: the build's (course weights) or the recomputed ones. */
  const chooseCurves = () => {
    const own = customWeights();
    const fresh = recomputed !== null && recomputed.version === session.version;
    robustness = own.length === 0 ? precomputed : fresh ? recomputed!.file : precomputed;
    curvesControls.hidden = own.length === 0 || fresh;
    recomputeCurves.hidden = curvesRun !== null;
    cancelCurves.hidden = curvesRun === null;
    curvesProgress.hidden = curvesRun === null;
    curvesTitle.textContent =
      own.length === 0
        ? 'Robustness over test digits (precomputed, course weights)'
        : fresh
          ? `Robustness over test digits (recomputed for your weights in ${recomputed!.seconds.toFixed(0)} s on ${recomputed!.where})`
          : 'Robustness over test digits (precomputed for the course weights, not for your weights)';
    curves.accuracy.parentElement!.dataset.weights = own.length === 0 ? 'course' : fresh ? 'custom' : 'stale';
    if (own.length > 0 && !fresh && curvesRun === null)
      curvesStatus.textContent = `The attack above uses your ${own.map((m) => `${MODEL_LABELS[m]} file ${session.weights[m].name}`).join(' and ')}; these curves are still the course weights'. Recomputing attacks the ${ROBUSTNESS_SUBSET_COUNT} digits of the subset at every ε with both methods, in two Web Workers: about a minute on two cores.`;
    else if (own.length === 0 || fresh) curvesStatus.textContent = '';
    drawCurves();
  };

  const recomputeForWeights = async () => {
    curvesRun?.abort();
    const run = new AbortController();
    curvesRun = run;
    const version = session.version;
    const models = session.models;
    const weights = Object.fromEntries(MODEL_NAMES.map((m) => [m, session.weights[m].sha256]));
    chooseCurves();
    try {
      curvesStatus.textContent = 'Loading the test set…';
      const set = await loadTestSet();
      const result = await runRobustness(models, weights, set, {
        signal: run.signal,
        onProgress: (p) => {
          if (run.signal.aborted) return;
          curvesProgress.max = p.total;
          curvesProgress.value = p.done;
          curvesStatus.textContent = `Recomputing the curves: ${p.done} of ${p.total} points (${p.where})…`;
        },
      });
      if (run.signal.aborted || version !== session.version) return;
      recomputed = { file: result.file, version, seconds: result.seconds, where: result.where };
      curvesStatus.textContent = `Recomputed for your weights: ${result.file.points.length} points in ${result.seconds.toFixed(1)} s.`;
    } catch (error) {
      if (!run.signal.aborted) throw error;
    } finally {
      if (curvesRun === run) curvesRun = null;
      chooseCurves();
      // After chooseCurves, which writes the status line for the weights in use.
      if (run.signal.aborted && curvesRun === null && version === session.version)
        curvesStatus.textContent = 'Recomputing the curves was cancelled; they are still the course weights’.';
    }
  };
  recomputeCurves.addEventListener('click', () => void frame.guard(recomputeForWeights, curvesControls));
  cancelCurves.addEventListener('click', () => curvesRun?.abort());

  /** Sets the controls to a curve's point and loads a digit that attack flipped there. */
  const loadPoint = async (attacked: ModelName, method: AttackMethod, value: number) => {
    const point = robustness!.points.find((q) => q.attacked === attacked && q.method === method && q.eps === value);
    if (!point) return;
    modelField.select.value = attacked;
    setMethod(method);
    stepsField.select.value = String(robustness!.pgdSteps);
    targetField.select.value = 'none';
    eps.value = String(value);
    showEps();
    saveState();
    const index = point.flipped[0];
    curvesNote.textContent =
      index === undefined
        ? `At ε = ${value}, ${method.toUpperCase()} on the ${MODEL_LABELS[attacked]} flipped none of the subset's digits; it now runs on the page's digit.`
        : `Loaded test digit ${index}: one of the digits that ${method.toUpperCase()} with ε = ${value} turned from right to wrong on the ${MODEL_LABELS[attacked]}.`;
    if (index === undefined) await compute();
    else {
      const picked = await testInput(index);
      inputStore.set(picked);
      inputToUrl(picked); // the link names the digit, as a pick in the input panel does
    }
  };

  const drawCurves = () => {
    if (!robustness) return;
    const r = robustness;
    const method = methodField.select.value as AttackMethod;
    const grid = (attacked: ModelName, m: AttackMethod) => r.points.filter((q) => q.attacked === attacked && q.method === m);
    curvesCaption.textContent =
      `Untargeted FGSM and PGD (${r.pgdSteps} steps) against each network, on the first ${r.subset.perClass} test digits of each class ` +
      `(${r.subset.count} digits, a fixed subset: attacking all 10,000 at every ε would take too long to precompute). ` +
      `Clean accuracy on the subset: ${MODEL_NAMES.map((m) => `${MODEL_LABELS[m]} ${pct(r.clean[m])}`).join(', ')}. ` +
      'Select a point to load a digit that attack flipped at that ε.';
    const series = MODEL_NAMES.flatMap((attacked) =>
      ATTACK_METHODS.map((m) => ({
        attacked,
        method: m,
        label: `${MODEL_LABELS[attacked]}, ${m.toUpperCase()}`,
        dashed: m === 'pgd',
        points: grid(attacked, m).map((q) => ({ x: q.eps, y: q.networks[attacked].accuracy })),
      })),
    );
    renderLineChart(curves.accuracy, series, {
      label: 'Accuracy of each network on its own adversarial digits vs the budget ε',
      xLabel: 'ε',
      yLabel: 'accuracy (attacked network)',
      yDomain: [0, 1],
      format: '.0%',
      xFormat: '.3~f',
      width: 440,
      height: 300,
      onPointClick: (i, p) => void frame.guard(() => loadPoint(series[i].attacked, series[i].method, p.x)),
      pointLabel: (i, p) => `${series[i].label}, ε ${p.x}: accuracy ${pct(p.y)}; load an example`,
    });
    const mapSeries = MODEL_NAMES.flatMap((attacked) =>
      ATTACK_REPORT_MAPS[attacked].map((map) => ({
        attacked,
        label: `${findMethod(map).title} (${MODEL_LABELS[attacked]} attacked)`,
        points: grid(attacked, method).flatMap((q) => {
          const r = q.networks[attacked].medianPearson[map];
          return r === null || r === undefined ? [] : [{ x: q.eps, y: r }];
        }),
      })),
    );
    renderLineChart(curves.maps, mapSeries, {
      label: `How far each map moves under ${method.toUpperCase()}: median Pearson r between the map before and after, vs ε`,
      xLabel: `ε (${method.toUpperCase()})`,
      yLabel: 'median r, before vs after',
      yDomain: [-1, 1],
      format: '.2f',
      xFormat: '.3~f',
      width: 440,
      height: 300,
      onPointClick: (i, p) => void frame.guard(() => loadPoint(mapSeries[i].attacked, method, p.x)),
      pointLabel: (i, p) => `${mapSeries[i].label}, ε ${p.x}: median r ${p.y.toFixed(2)}; load an example`,
    });
  };

  const loadCurves = async () => {
    const response = await fetchOk(
      `${import.meta.env.BASE_URL}generated/robustness.json`,
      'the robustness curves (generated/robustness.json)',
    );
    precomputed = robustnessSchema.parse(await response.json());
    chooseCurves();
  };

  /** Bisection over the slider's positions (src/lib/attack/smallest-eps.ts), then the attack at the answer. */
  const search = async () => {
    if (!input || targetField.select.value === 'none') return;
    const isCurrent = frame.begin();
    running?.abort();
    const controller = new AbortController();
    running = controller;
    const model = modelField.select.value as ModelName;
    const target = Number(targetField.select.value);
    const steps = Number(stepsField.select.value);
    const positions = Math.round(LAB_MAX_EPS / EPS_STEP);
    searchResult.textContent = '';
    progress.hidden = false;
    progress.max = 2 + Math.ceil(Math.log2(positions));
    progress.value = 0;
    let found;
    try {
      found = await smallestTargetedEps(model, session.models[model], input.pixels, target, {
        maxEps: LAB_MAX_EPS,
        step: EPS_STEP,
        steps,
        progress: { signal: controller.signal },
        onTry: async (tried, count) => {
          if (!isCurrent()) return;
          progress.value = count;
          frame.setStatus(
            `Searching: PGD-${steps} at ε = ${epsText(tried.eps)} ${tried.succeeded ? 'makes' : 'does not make'} it a ${target}…`,
          );
          await new Promise((resolve) => setTimeout(resolve, 0));
        },
      });
    } catch (error) {
      if (!isCurrent()) return;
      throw error;
    }
    if (!isCurrent()) return;
    const who = `the ${MODEL_LABELS[model]}`;
    const grid = `searched by bisection on steps of ${EPS_STEP} up to ${LAB_MAX_EPS}, ${found.tries.length} attacks`;
    searchResult.textContent =
      found.eps === null
        ? `No ε up to ${LAB_MAX_EPS} makes ${who} read ${target} with PGD-${steps} (${grid}); shown: the attack at ε = ${LAB_MAX_EPS}.`
        : found.eps === 0
          ? `The ${MODEL_LABELS[model]} already reads ${target}: no change needed.`
          : `Smallest ε that makes ${who} read ${target} with PGD-${steps}: ${epsText(found.eps)} (not at ${epsText(found.lower!)}; ${grid}). The perturbation shows where the pixels had to change, the maps how attention and CAM moved.`;
    setMethod('pgd');
    eps.value = String(found.eps ?? LAB_MAX_EPS);
    showEps();
    saveState();
    await compute();
  };
  searchButton.addEventListener('click', () => void frame.guard(search));

  /** Sets the attack method from code; the movement chart follows it, as it does a change by hand. */
  const setMethod = (method: AttackMethod) => {
    if (methodField.select.value === method) return;
    methodField.select.value = method;
    drawCurves();
  };
  const showEps = () => {
    epsOut.textContent = `ε = ${epsText(Number(eps.value))}`;
    stepsField.select.disabled = methodField.select.value !== 'pgd';
    searchButton.disabled = targetField.select.value === 'none';
  };
  const saveState = () => {
    const values: Record<string, string | null> = {
      model: modelField.select.value,
      method: methodField.select.value,
      steps: stepsField.select.value,
      target: targetField.select.value,
    };
    state.set({
      ...Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === DEFAULTS[k as keyof typeof DEFAULTS] ? null : v])),
      eps: Number(eps.value) === LAB_ATTACK_DEFAULTS.eps ? null : epsText(Number(eps.value)),
    });
  };
  showEps();
  for (const control of [modelField.select, methodField.select, stepsField.select, targetField.select, eps]) {
    control.addEventListener(control === eps ? 'input' : 'change', () => {
      searchResult.textContent = '';
      if (control === methodField.select) drawCurves();
      showEps();
      saveState();
      void frame.guard(compute);
    });
  }

  frame.addButton('Export JSON', () => {
    if (!outcome) return;
    // Exactly what is shown: the CLI's report of this attack, plus the controls and the weights.
    const { report } = outcome;
    const display = {
      model: modelField.select.value,
      method: methodField.select.value,
      eps: Number(eps.value),
      steps: stepsField.select.value,
      target: targetField.select.value,
    };
    const name = `attack-${inputSlug(input!)}-${report.attack.model}-${report.attack.method}-eps-${epsText(report.attack.eps)}${report.attack.target === null ? '' : `-target-${report.attack.target}`}`;
    download(
      `${name}.json`,
      new Blob([JSON.stringify({ ...report, display, weightsUsed: weightsUsed(session) }, null, 2)], { type: 'application/json' }),
    );
  });
  frame.addButton('Export PNG', async () => {
    if (!outcome || !input) return;
    const { report } = outcome;
    const a = report.attack;
    const views = [...images, ...MODEL_NAMES.flatMap((m) => Object.values(mapViews[m]).flatMap((p) => [p.before, p.after]))];
    await exportPanels(views, `attack-${inputSlug(input)}-${a.model}-${a.method}-eps-${epsText(a.eps)}`, [
      `${a.method.toUpperCase()}${a.method === 'pgd' ? ` (${a.steps} steps)` : ''}, ε = ${epsText(a.eps)}, on the ${MODEL_LABELS[a.model as ModelName]}${a.target === null ? ', untargeted' : `, target ${a.target}`}: ${report.adversarial.succeeded ? 'succeeded' : 'did not succeed'}`,
      MODEL_NAMES.map((m) => `${MODEL_LABELS[m]} ${sideOf(outcome!, m).before.predicted} → ${sideOf(outcome!, m).after.predicted}`).join(
        '; ',
      ),
      `Digit ${input.source}${input.label !== null ? `, label ${input.label}` : ''}; ${weightsLine(session)}`,
    ]);
  });

  onWeightsChange((s) => {
    session = s;
    curvesRun?.abort(); // its curves would be for the weights just replaced
    if (precomputed) chooseCurves();
  });
  await frame.follow(session, (next, s) => {
    input = next;
    session = s;
    return compute();
  });
  // After the first attack has drawn: the curves are extra, and a failure shows in this widget only.
  void frame.guard(loadCurves);
}
