// Lesson 4's four-panel viewer: the digit, the attention map A, the CAM of the predicted (or a
// chosen) class, and the overlay; the CAMs of the three most probable classes; and the logit
// ledger, where mean CAM + bias reproduces every logit.
import { explainAttentionCnn, topKCams, type AttentionCnnExplanation } from '../lib/explain/attention-cam';
import { alphaBlend } from '../lib/explain/overlay';
import type { ColormapName } from '../lib/explain/colormap';
import { normalizeMinMax, relu, sharedRange } from '../lib/explain/normalize';
import { grayRgba, renderMap } from '../lib/explain/render-map';
import { upsampleBilinear } from '../lib/explain/upsample';
import { describeAgreement, describeMap, describePrediction } from '../lib/report/map-summary';
import type { DigitInput } from '../runtime/input-store';
import type { ModelSession } from '../runtime/session';
import { rejectParam } from '../runtime/url-state';
import { button, checkboxField, h, selectField, uid } from './dom';
import { exportPanels, exportReport, inputSlug, weightsLine, weightsUsed } from './exports';
import { WidgetFrame } from './frame';
import { COLORMAP_CHOICES, DEFAULT_COLORMAP, peakMarkers } from './map-choices';
import { MapView } from './map-view';
import { WidgetState } from './widget-state';

const CLASS_CHOICES = ['predicted', ...Array.from({ length: 10 }, (_, d) => String(d))] as const;
const CAM_SCALES = ['signed', 'relu'] as const;
const ATTENTION_SCALES = ['fixed', 'own'] as const;
/** The lesson's choices: viridis, attention on 0–1, the CAM signed on a diverging scale. */
const DEFAULTS = { class: 'predicted', cmap: DEFAULT_COLORMAP, scale: 'signed', ascale: 'fixed', alpha: 0.5 } as const;

const fmt = (v: number) => v.toFixed(4);

export async function mount(host: HTMLElement): Promise<void> {
  const frame = new WidgetFrame(host, { label: 'Four-panel attention-CNN viewer' });
  const state = new WidgetState(host.dataset.key ?? 'viewer');
  let session: ModelSession = await frame.session();

  const className = (v: string) => (v === 'predicted' ? 'predicted class' : `class ${v}`);
  const classField = selectField(
    'Class to explain',
    CLASS_CHOICES.map((v) => ({ value: v, text: className(v) })),
    state.choice('class', CLASS_CHOICES, DEFAULTS.class, className),
  );
  const cmapField = selectField(
    'Colormap',
    COLORMAP_CHOICES,
    state.choice(
      'cmap',
      COLORMAP_CHOICES.map((c) => c.value),
      DEFAULTS.cmap,
      (v) => `the ${v} colormap`,
    ),
  );
  const scaleText = (v: (typeof CAM_SCALES)[number]) => (v === 'signed' ? 'signed, centred on 0' : 'positive part, its own 0–max');
  const scaleField = selectField(
    'CAM display',
    CAM_SCALES.map((v) => ({ value: v, text: scaleText(v) })),
    state.choice('scale', CAM_SCALES, DEFAULTS.scale, (v) => `the ${scaleText(v)} CAM display`),
  );
  const attText = (v: (typeof ATTENTION_SCALES)[number]) => (v === 'fixed' ? 'fixed 0–1' : 'its own min–max');
  const attField = selectField(
    'Attention scale',
    ATTENTION_SCALES.map((v) => ({ value: v, text: attText(v) })),
    state.choice('ascale', ATTENTION_SCALES, DEFAULTS.ascale, (v) => `the ${attText(v)} attention scale`),
  );
  const peaksField = checkboxField('Show peaks', state.choice('peaks', ['on', 'off'] as const, 'on') === 'on');
  const alphaId = uid('alpha');
  const alphaRaw = state.get('alpha');
  const alphaParam = Number(alphaRaw);
  const alphaOk = alphaRaw !== null && alphaRaw !== '' && Number.isFinite(alphaParam) && alphaParam >= 0 && alphaParam <= 1;
  if (alphaRaw !== null && !alphaOk) rejectParam(`${state.key}.alpha`, alphaRaw, `opacity ${DEFAULTS.alpha}`);
  const alpha = h('input', { id: alphaId, type: 'range', min: 0, max: 1, step: 0.05, value: alphaOk ? alphaParam : DEFAULTS.alpha });
  const alphaOut = h('output', { for: alphaId });
  const controls = h(
    'div',
    { class: 'widget-controls' },
    classField.field,
    cmapField.field,
    scaleField.field,
    attField.field,
    h('div', { class: 'field' }, h('label', { for: alphaId, text: 'Overlay opacity' }), alpha, alphaOut),
    peaksField.field,
  );

  const panels = {
    original: new MapView('Input digit'),
    attention: new MapView('Attention map A'),
    cam: new MapView('CAM'),
    overlay: new MapView('Overlay'),
  };
  const summary = h('p', { class: 'widget-summary', 'aria-live': 'polite' });
  const topk = h('div', { class: 'topk-strip', role: 'group', 'aria-label': 'CAMs of the three most probable classes' });
  const ledgerBody = h('tbody');
  const ledger = h(
    'div',
    { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Logit ledger' },
    h(
      'table',
      { class: 'ledger' },
      h('caption', {
        text: 'Logit ledger: the mean of CAM_c over the 49 cells plus the bias b_c gives the logit exactly (to float32 rounding).',
      }),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['class', 'mean CAM', '+ bias', '= mean CAM + bias', 'logit (network)', 'difference', 'probability'].map((t) =>
            h('th', { scope: 'col', text: t }),
          ),
        ),
      ),
      ledgerBody,
    ),
  );
  frame.body.append(
    controls,
    h('div', { class: 'map-row map-row--four' }, ...Object.values(panels).map((p) => p.element)),
    summary,
    h('p', { class: 'topk-title', text: 'Top-3 classes on one shared scale (select one to explain it):' }),
    topk,
    ledger,
  );

  let input: DigitInput | null = null;
  let explanation: AttentionCnnExplanation | null = null;
  /** The digit `explanation` belongs to (the panel may already hold a newer one being computed). */
  let explained: DigitInput | null = null;

  const chosenClass = (e: AttentionCnnExplanation) =>
    classField.select.value === 'predicted' ? e.predicted : Number(classField.select.value);

  const compute = async () => {
    if (!input) return;
    const isCurrent = frame.begin();
    const shownInput = input;
    const [result] = await explainAttentionCnn(session.models.attention, [shownInput.pixels]);
    if (!isCurrent()) return; // a newer digit or weights arrived meanwhile
    explanation = result;
    explained = shownInput;
    draw();
    frame.showing({ digit: shownInput.source, class: chosenClass(result), method: 'cam', weights: session.version });
  };

  const draw = () => {
    const input = explained;
    if (!input || !explanation) return;
    const e = explanation;
    const c = chosenClass(e);
    const colormap = cmapField.select.value as ColormapName;
    const signed = scaleField.select.value === 'signed';
    const camColormap: ColormapName = signed ? 'diverging' : colormap;
    const peaks = peaksField.input.checked;
    frame.body.dataset.peaks = peaks ? 'on' : 'off';
    const cam = e.cams[c];
    alphaOut.textContent = Number(alpha.value).toFixed(2);

    panels.original.showImage(
      28,
      28,
      grayRgba(input.pixels),
      `${input.source}${input.label !== null ? `, label ${input.label}` : ''}; the attention-CNN ${describePrediction(e.predicted, e.probabilities)}`,
    );
    const fixed = attField.select.value === 'fixed';
    panels.attention.show(
      renderMap(e.attention, { colormap, size: 28, range: fixed ? { min: 0, max: 1 } : undefined }),
      colormap,
      `A: ${describeMap(e.attention)}`,
      peakMarkers(e.attention, 'Attention'),
      {
        unit: 'attention weight',
        scale: fixed ? 'fixed 0–1 (attention is a gate between 0 and 1)' : undefined,
      },
    );
    panels.cam.setTitle(`CAM of class ${c}${c === e.predicted ? ' (predicted)' : ''}`);
    const shownCam = signed ? cam : relu(cam);
    panels.cam.show(
      renderMap(shownCam, { colormap: camColormap, size: 28 }),
      camColormap,
      `CAM ${c}: ${describeMap(cam)}`,
      peakMarkers(cam, 'CAM'),
      { unit: 'logit' },
    );
    const unit = normalizeMinMax(upsampleBilinear(relu(cam), 28, 28)).map;
    panels.overlay.showImage(
      28,
      28,
      alphaBlend(input.pixels, unit, Number(alpha.value), colormap),
      `ReLU(CAM ${c}) over the digit at opacity ${Number(alpha.value).toFixed(2)}`,
    );
    summary.textContent = `The attention-CNN ${describePrediction(e.predicted, e.probabilities)}. Attention and the CAM of class ${c} agree with ${describeAgreement(e.attention, cam)}.`;

    // One scale for the three CAMs: they share units (logits), so a class with little evidence
    // must look faint next to the predicted one.
    const top = topKCams(e, 3);
    const shownTop = top.map((t) => (signed ? t.cam : relu(t.cam)));
    const range = signed ? sharedRange(shownTop) : { min: 0, max: sharedRange(shownTop).max };
    topk.replaceChildren();
    top.forEach((t, k) => {
      const view = new MapView(`class ${t.classIndex}: ${(100 * t.probability).toFixed(1)} %`);
      view.show(renderMap(shownTop[k], { colormap: camColormap, size: 28, range }), camColormap, describeMap(t.cam), [], {
        unit: 'logit',
        scale: 'shared by the three CAMs',
      });
      const pick = button(`Explain class ${t.classIndex}`, { 'aria-pressed': String(t.classIndex === c) });
      pick.addEventListener('click', () => {
        classField.select.value = String(t.classIndex);
        classField.select.dispatchEvent(new Event('change'));
      });
      topk.append(h('div', { class: 'topk-item' }, view.element, pick));
    });

    ledgerBody.replaceChildren();
    for (const row of e.ledger) {
      const tr = h(
        'tr',
        { class: row.classIndex === c ? 'is-chosen' : row.classIndex === e.predicted ? 'is-predicted' : null },
        h('th', { scope: 'row', text: `${row.classIndex}${row.classIndex === e.predicted ? ' (predicted)' : ''}` }),
        h('td', { text: fmt(row.meanCam) }),
        h('td', { text: fmt(row.bias) }),
        h('td', { text: fmt(row.reconstructed) }),
        h('td', { text: fmt(row.logit) }),
        h('td', { text: (row.reconstructed - row.logit).toExponential(1) }),
        h('td', { text: `${(100 * e.probabilities[row.classIndex]).toFixed(2)} %` }),
      );
      ledgerBody.append(tr);
    }
  };

  const selects = { class: classField.select, cmap: cmapField.select, scale: scaleField.select, ascale: attField.select };
  const saveState = () =>
    state.set({
      ...Object.fromEntries(
        Object.entries(selects).map(([k, sel]) => [k, sel.value === DEFAULTS[k as keyof typeof selects] ? null : sel.value]),
      ),
      peaks: peaksField.input.checked ? null : 'off',
      alpha: Number(alpha.value) === DEFAULTS.alpha ? null : alpha.value,
    });
  const onControl = () => {
    saveState();
    // The class is part of what the widget shows; record it with the redraw.
    void frame.guard(() => {
      draw();
      if (explanation && explained)
        frame.showing({ digit: explained.source, class: chosenClass(explanation), method: 'cam', weights: session.version });
    });
  };
  for (const control of [...Object.values(selects), peaksField.input, alpha])
    control.addEventListener(control === alpha ? 'input' : 'change', onControl);

  frame.addButton('Reset view', () => {
    for (const [k, sel] of Object.entries(selects)) sel.value = DEFAULTS[k as keyof typeof selects];
    peaksField.input.checked = true;
    alpha.value = String(DEFAULTS.alpha);
    onControl();
  });

  frame.addButton('Export JSON', async () => {
    if (!input || !explanation) return;
    const c = classField.select.value === 'predicted' ? 'predicted' : [Number(classField.select.value)];
    const display = {
      class: classField.select.value,
      colormap: cmapField.select.value,
      camDisplay: scaleField.select.value,
      attentionScale: attField.select.value,
      overlayOpacity: Number(alpha.value),
      showPeaks: peaksField.input.checked,
    };
    await exportReport(session.models, input, c, [], `explanation-${inputSlug(input)}-class-${classField.select.value}-cam`, {
      display,
      weightsUsed: weightsUsed(session),
    });
  });
  frame.addButton('Export PNG', async () => {
    if (!explained || !explanation) return;
    const e = explanation;
    const c = chosenClass(e);
    const header = [
      `Attention-CNN: attention map, CAM of class ${c}${c === e.predicted ? ' (predicted)' : ''} and overlay; the network ${describePrediction(e.predicted, e.probabilities)}`,
      `Digit ${explained.source}${explained.label !== null ? `, label ${explained.label}` : ''}; ${weightsLine(session)}`,
    ];
    await exportPanels(Object.values(panels), `four-panel-${inputSlug(explained)}-class-${c}-cam`, header);
  });

  await frame.follow(session, (next, s) => {
    input = next;
    session = s;
    return compute();
  });
}
