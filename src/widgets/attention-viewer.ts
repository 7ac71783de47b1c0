// Lesson 4's four-panel viewer: the digit, the attention map A, the CAM of the predicted (or a
// chosen) class, and the overlay; the CAMs of the three most probable classes; and the logit
// ledger, where mean CAM + bias reproduces every logit.
import { explainAttentionCnn, topKCams, type AttentionCnnExplanation } from '../lib/explain/attention-cam';
import { alphaBlend } from '../lib/explain/overlay';
import type { ColormapName } from '../lib/explain/colormap';
import { normalizeMinMax, relu } from '../lib/explain/normalize';
import { grayRgba, renderMap } from '../lib/explain/render-map';
import { upsampleBilinear } from '../lib/explain/upsample';
import { describeAgreement, describeMap, describePrediction } from '../lib/report/map-summary';
import type { DigitInput } from '../runtime/input-store';
import type { ModelSession } from '../runtime/session';
import { choiceParam } from '../runtime/url-state';
import { button, h, selectField, uid } from './dom';
import { exportPanels, exportReport, inputSlug } from './exports';
import { WidgetFrame } from './frame';
import { COLORMAP_CHOICES, peakMarkers } from './map-choices';
import { MapView } from './map-view';
import { WidgetState } from './widget-state';

const CLASS_CHOICES = ['predicted', ...Array.from({ length: 10 }, (_, d) => String(d))] as const;
const CAM_SCALES = ['relu', 'signed'] as const;


const fmt = (v: number) => v.toFixed(4);

export async function mount(host: HTMLElement): Promise<void> {
  const frame = new WidgetFrame(host, { label: 'Four-panel attention-CNN viewer' });
  const state = new WidgetState(host.dataset.key ?? 'viewer');
  let session: ModelSession = await frame.session();

  const classField = selectField('Class to explain', CLASS_CHOICES.map((v) => ({ value: v, text: v === 'predicted' ? 'predicted class' : `class ${v}` })), choiceParam(state.get('class'), CLASS_CHOICES) ?? 'predicted');
  const cmapField = selectField('Colormap', COLORMAP_CHOICES, choiceParam(state.get('cmap'), COLORMAP_CHOICES.map((c) => c.value)) ?? 'jet');
  const scaleField = selectField('CAM display', [{ value: 'relu', text: 'positive part, min–max' }, { value: 'signed', text: 'signed, centred on 0' }], choiceParam(state.get('scale'), CAM_SCALES) ?? 'relu');
  const alphaId = uid('alpha');
  const alphaParam = Number(state.get('alpha'));
  const alpha = h('input', { id: alphaId, type: 'range', min: 0, max: 1, step: 0.05, value: Number.isFinite(alphaParam) && alphaParam >= 0 && alphaParam <= 1 && state.get('alpha') !== null ? alphaParam : 0.5 });
  const alphaOut = h('output', { for: alphaId });
  const controls = h(
    'div',
    { class: 'widget-controls' },
    classField.field,
    cmapField.field,
    scaleField.field,
    h('div', { class: 'field' }, h('label', { for: alphaId, text: 'Overlay opacity' }), alpha, alphaOut),
  );

  const panels = { original: new MapView('Input digit'), attention: new MapView('Attention map A'), cam: new MapView('CAM'), overlay: new MapView('Overlay') };
  const summary = h('p', { class: 'widget-summary', 'aria-live': 'polite' });
  const topk = h('div', { class: 'topk-strip', role: 'group', 'aria-label': 'CAMs of the three most probable classes' });
  const ledgerBody = h('tbody');
  const ledger = h(
    'div',
    { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Logit ledger' },
    h(
      'table',
      { class: 'ledger' },
      h('caption', { text: 'Logit ledger: the mean of CAM_c over the 49 cells plus the bias b_c gives the logit exactly (to float32 rounding).' }),
      h('thead', {}, h('tr', {}, ...['class', 'mean CAM', '+ bias', '= mean CAM + bias', 'logit (network)', 'difference', 'probability'].map((t) => h('th', { scope: 'col', text: t })))),
      ledgerBody,
    ),
  );
  frame.body.append(controls, h('div', { class: 'map-row map-row--four' }, ...Object.values(panels).map((p) => p.element)), summary, h('p', { class: 'topk-title', text: 'Top-3 classes (select one to explain it):' }), topk, ledger);

  let input: DigitInput | null = null;
  let explanation: AttentionCnnExplanation | null = null;
  /** The digit `explanation` belongs to (the panel may already hold a newer one being computed). */
  let explained: DigitInput | null = null;

  const chosenClass = (e: AttentionCnnExplanation) => (classField.select.value === 'predicted' ? e.predicted : Number(classField.select.value));

  const compute = async () => {
    if (!input) return;
    const isCurrent = frame.begin();
    const shownInput = input;
    const [result] = await explainAttentionCnn(session.models.attention, [shownInput.pixels]);
    if (!isCurrent()) return; // a newer digit or weights arrived meanwhile
    explanation = result;
    explained = shownInput;
    draw();
    frame.showing({ digit: shownInput.source, class: chosenClass(result), weights: session.version });
  };

  const draw = () => {
    const input = explained;
    if (!input || !explanation) return;
    const e = explanation;
    const c = chosenClass(e);
    const colormap = cmapField.select.value as ColormapName;
    const signed = scaleField.select.value === 'signed';
    const cam = e.cams[c];
    alphaOut.textContent = Number(alpha.value).toFixed(2);

    panels.original.showImage(28, 28, grayRgba(input.pixels), `${input.source}${input.label !== null ? `, label ${input.label}` : ''}; the attention-CNN ${describePrediction(e.predicted, e.probabilities)}`);
    panels.attention.show(renderMap(e.attention, { colormap, size: 28 }), colormap, `A: ${describeMap(e.attention)}`, peakMarkers(e.attention, 'Attention'));
    panels.cam.setTitle(`CAM of class ${c}${c === e.predicted ? ' (predicted)' : ''}`);
    const shownCam = signed ? cam : relu(cam);
    panels.cam.show(renderMap(shownCam, { colormap: signed ? 'diverging' : colormap, size: 28 }), signed ? 'diverging' : colormap, `CAM ${c}: ${describeMap(cam)}`, peakMarkers(cam, 'CAM'));
    const unit = normalizeMinMax(upsampleBilinear(relu(cam), 28, 28)).map;
    panels.overlay.showImage(28, 28, alphaBlend(input.pixels, unit, Number(alpha.value), colormap), `ReLU(CAM ${c}) over the digit at opacity ${Number(alpha.value).toFixed(2)}`);
    summary.textContent = `The attention-CNN ${describePrediction(e.predicted, e.probabilities)}. Attention and the CAM of class ${c} agree with ${describeAgreement(e.attention, cam)}.`;

    topk.replaceChildren();
    for (const t of topKCams(e, 3)) {
      const view = new MapView(`class ${t.classIndex}: ${(100 * t.probability).toFixed(1)} %`);
      view.show(renderMap(relu(t.cam), { colormap, size: 28 }), null, describeMap(t.cam));
      const pick = button(`Explain class ${t.classIndex}`, { 'aria-pressed': String(t.classIndex === c) });
      pick.addEventListener('click', () => {
        classField.select.value = String(t.classIndex);
        classField.select.dispatchEvent(new Event('change'));
      });
      topk.append(h('div', { class: 'topk-item' }, view.element, pick));
    }

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

  const saveState = () =>
    state.set({
      class: classField.select.value === 'predicted' ? null : classField.select.value,
      cmap: cmapField.select.value === 'jet' ? null : cmapField.select.value,
      scale: scaleField.select.value === 'relu' ? null : scaleField.select.value,
      alpha: alpha.value === '0.5' ? null : alpha.value,
    });
  for (const control of [classField.select, cmapField.select, scaleField.select, alpha]) {
    control.addEventListener(control === alpha ? 'input' : 'change', () => {
      saveState();
      void frame.guard(draw);
    });
  }

  frame.addButton('Export JSON', async () => {
    if (!input || !explanation) return;
    const c = classField.select.value === 'predicted' ? 'predicted' : [Number(classField.select.value)];
    await exportReport(session.models, input, c, [], `explanation-${inputSlug(input)}`);
  });
  frame.addButton('Export PNG', async () => {
    if (input) await exportPanels(Object.values(panels), `four-panel-${inputSlug(input)}`);
  });

  await frame.follow(session, (next, s) => {
    input = next;
    session = s;
    return compute();
  });
}
