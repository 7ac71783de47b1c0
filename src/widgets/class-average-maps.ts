// Lab 1's class-average maps: for each attention design, the mean attention map and the mean CAM
// of the true class over each class's test images (from the build's study, or recomputed on the
// reader's weights: src/runtime/quality-store.ts). Attention on a fixed
// 0–1 (the softmax model on its own range, shared by its ten maps); the ten CAMs of a model share
// one diverging scale, in the same per-cell units as the gallery.
import { heatmap } from '../lib/contract/heatmap';
import { MAP_CELLS } from '../lib/contract/constants';
import { sharedRange } from '../lib/explain/normalize';
import { renderMap } from '../lib/explain/render-map';
import { describeMap } from '../lib/report/map-summary';
import type { ModelId } from '../lib/models/registry';
import { watchQuality } from '../runtime/quality-store';
import { h, selectField } from './dom';
import { WidgetFrame } from './frame';
import { DEFAULT_COLORMAP } from './map-choices';
import { MapView } from './map-view';
import { WidgetState } from './widget-state';

export async function mount(host: HTMLElement): Promise<void> {
  const frame = new WidgetFrame(host, { label: 'Class-average maps' });
  const state = new WidgetState(host.dataset.key ?? 'classavg');
  frame.setStatus('Loading the study…');
  const quality = await watchQuality();
  const now = quality.now;
  const study = now().study;
  frame.setStatus('');
  const ids = study.models.map((m) => m.id);
  const modelField = selectField(
    'Model',
    study.models.map((m) => ({ value: m.id, text: m.label })),
    state.choice('model', ids, ids[0], (v) => study.models.find((m) => m.id === v)?.label ?? v),
  );
  const attentionRow = h('div', { class: 'class-average-grid', role: 'group', 'aria-label': 'Mean attention per class' });
  const camRow = h('div', { class: 'class-average-grid', role: 'group', 'aria-label': 'Mean CAM of the true class per class' });
  const attentionTitle = h('h3', { text: 'Mean attention A per class' });
  const note = h('p', { class: 'widget-summary' });
  frame.body.append(
    h('div', { class: 'widget-controls' }, modelField.field),
    attentionTitle,
    attentionRow,
    h('h3', { text: 'Mean CAM of the true class per class' }),
    camRow,
    note,
  );

  const draw = () => {
    const entry = now().entries.find((m) => m.id === modelField.select.value) ?? now().entries[0];
    const rowState = now().state[entry.id as ModelId] ?? { kind: 'committed' };
    if (rowState.kind === 'running' || rowState.kind === 'failed') {
      // The build's averages would describe other weights than the ones in use.
      attentionRow.replaceChildren();
      camRow.replaceChildren();
      attentionTitle.hidden = true;
      note.textContent = `${entry.label} runs on your file ${rowState.file}; its averages are ${rowState.kind === 'running' ? 'being recomputed (see the attention-quality table above)' : `not recomputed (${rowState.message}; the table above can recompute them)`}.`;
      frame.showing({ model: entry.id, weights: rowState.kind });
      return;
    }
    const per = entry.cellReduction === 'mean' ? 1 / MAP_CELLS : 1;
    const cams = entry.classAverages.map((c) =>
      heatmap(
        7,
        7,
        c.cam.flat().map((v) => v * per),
      ),
    );
    const camRange = sharedRange(cams);
    const attentions = entry.classAverages.map((c) => (c.attention ? heatmap(7, 7, c.attention.flat()) : null));
    const softmax = entry.id === 'attention-softmax';
    const present = attentions.filter((a): a is NonNullable<typeof a> => a !== null);
    const attentionRange = softmax && present.length ? sharedRange(present) : { min: 0, max: 1 };
    attentionRow.replaceChildren();
    attentionTitle.hidden = present.length === 0;
    attentionRow.hidden = present.length === 0;
    entry.classAverages.forEach((c, k) => {
      const name = entry.classNames[c.class];
      const a = attentions[k];
      if (a) {
        const view = new MapView(`${name} (${c.count})`);
        view.show(renderMap(a, { colormap: DEFAULT_COLORMAP, size: 28, range: attentionRange }), DEFAULT_COLORMAP, describeMap(a), [], {
          unit: softmax ? 'softmax weight' : 'attention weight',
          scale: softmax ? 'shared by the ten softmax maps' : 'fixed 0–1',
        });
        attentionRow.append(view.element);
      }
    });
    camRow.replaceChildren(
      ...entry.classAverages.map((c, k) => {
        const view = new MapView(`${entry.classNames[c.class]}`);
        view.show(renderMap(cams[k], { colormap: 'diverging', size: 28, range: camRange }), 'diverging', describeMap(cams[k]), [], {
          unit: 'logit per cell',
          scale: 'shared by the ten CAMs',
        });
        return view.element;
      }),
    );
    const whose = rowState.kind === 'custom' ? ` Recomputed for your file ${rowState.file}.` : '';
    note.textContent =
      (present.length === 0
        ? `${entry.label} has no spatial attention (its gates act on channels), so only its CAMs are shown.`
        : `${entry.label}: averages over each class's test images (${entry.count.toLocaleString('en')} in all).`) + whose;
    state.set({ model: entry.id === ids[0] ? null : entry.id });
    frame.showing({ model: entry.id, weights: rowState.kind });
  };
  modelField.select.addEventListener('change', () => void frame.guard(draw));
  draw();
  quality.onChange(draw);
  frame.ready();
}
