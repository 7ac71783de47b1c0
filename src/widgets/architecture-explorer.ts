// Lesson 3's architecture explorer: both networks layer by layer, with output shapes and the
// parameters each layer owns, read from the weights actually loaded (yours, if you brought
// them). Focus a layer to see its activations for the current input.
import { modelActivations, type LayerActivation } from '../lib/models/activations';
import { MODEL_LABELS, MODEL_NAMES, type ModelName } from '../lib/models/registry';
import { applyColormap } from '../lib/explain/colormap';
import { normalizeMinMax } from '../lib/explain/normalize';
import { heatmap } from '../lib/contract/heatmap';
import type { DigitInput } from '../runtime/input-store';
import type { ModelSession } from '../runtime/session';
import { rejectParam } from '../runtime/url-state';
import { h } from './dom';
import { WidgetFrame } from './frame';
import { PickNote } from './pick-note';
import { WidgetState } from './widget-state';

const MODELS = MODEL_NAMES;
const count = (n: number) => n.toLocaleString('en');

function channelCanvas(layer: LayerActivation, channel: number): HTMLCanvasElement {
  const [channels, height, width] = layer.shape;
  const values = new Float32Array(height * width);
  for (let i = 0; i < values.length; i++) values[i] = layer.values[i * channels + channel];
  const unit = normalizeMinMax(heatmap(height, width, values));
  const canvas = h('canvas', {
    class: 'channel',
    width,
    height,
    role: 'img',
    'aria-label': `channel ${channel + 1}: values ${unit.min.toFixed(2)} to ${unit.max.toFixed(2)}`,
  });
  canvas.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(applyColormap(unit.map, 'viridis')), width, height), 0, 0);
  return canvas;
}

function vectorView(layer: LayerActivation): HTMLElement {
  const values = Array.from(layer.values);
  const max = Math.max(...values.map(Math.abs), 1e-12);
  const list = h('ol', { class: 'vector-bars', start: 0 });
  values.slice(0, 128).forEach((v, i) => {
    const bar = h('span', { class: v < 0 ? 'vector-bars__bar is-negative' : 'vector-bars__bar' });
    bar.style.setProperty('--size', `${((Math.abs(v) / max) * 100).toFixed(1)}%`);
    list.append(
      h(
        'li',
        { title: `${i}: ${v.toFixed(4)}` },
        h('span', { class: 'vector-bars__label', text: `${i}` }),
        bar,
        h('span', { class: 'vector-bars__value', text: v.toFixed(3) }),
      ),
    );
  });
  return list;
}

export async function mount(host: HTMLElement): Promise<void> {
  const frame = new WidgetFrame(host, { label: 'Architecture explorer' });
  const state = new WidgetState(host.dataset.key ?? 'arch');
  let session: ModelSession = await frame.session();

  const columns = Object.fromEntries(
    MODELS.map((m) => [m, h('ol', { class: 'layer-list', 'aria-label': `${MODEL_LABELS[m]} layers` })]),
  ) as Record<ModelName, HTMLOListElement>;
  const totals = Object.fromEntries(MODELS.map((m) => [m, h('p', { class: 'layer-total' })])) as unknown as Record<ModelName, HTMLElement>;
  const detailTitle = h('p', { class: 'layer-detail__title', 'aria-live': 'polite' });
  const detailBody = h('div', { class: 'layer-detail__body' });
  const detail = h('div', { class: 'layer-detail' }, detailTitle, detailBody);
  // The detail view can be screens below the layer lists: confirm a choice beside the layer chosen.
  const choiceNote = new PickNote();
  frame.body.append(
    h(
      'div',
      { class: 'arch-columns' },
      ...MODELS.map((m) =>
        h('div', { class: 'arch-column' }, h('p', { class: 'arch-column__title', text: MODEL_LABELS[m] }), totals[m], columns[m]),
      ),
    ),
    detail,
  );

  let input: DigitInput | null = null;
  let layers: Record<ModelName, LayerActivation[]> | null = null;
  // Checked against the layers once they are known (the first showDetail); a bad value gets a notice.
  let savedRaw = state.get('layer');
  const [savedModel, savedLayer] = (savedRaw ?? 'attention:attention').split(':');
  const savedModelKnown = (MODELS as readonly string[]).includes(savedModel);
  let selected = { model: savedModelKnown ? (savedModel as ModelName) : 'attention', id: savedLayer };

  const showDetail = () => {
    if (!layers) return;
    const found = layers[selected.model].find((l) => l.id === selected.id);
    const layer = found ?? layers[selected.model][0];
    if (savedRaw !== null) {
      if (!savedModelKnown || !found) rejectParam(`${state.key}.layer`, savedRaw, `${MODEL_LABELS[selected.model]} · ${layer.title}`);
      savedRaw = null;
    }
    selected = { model: selected.model, id: layer.id };
    for (const b of frame.body.querySelectorAll<HTMLButtonElement>('.layer-button'))
      b.setAttribute('aria-pressed', String(b.dataset.model === selected.model && b.dataset.layer === layer.id));
    detailTitle.textContent = `${MODEL_LABELS[selected.model]} · ${layer.title} · output [${layer.shape.join(' × ')}]${input ? ` for ${input.source}` : ''}`;
    if (layer.shape.length === 3) {
      const channels = layer.shape[0];
      detailBody.replaceChildren(
        h('p', {
          class: 'layer-detail__note',
          text: `${channels} channel${channels > 1 ? 's' : ''}, each scaled to its own min–max (viridis: dark = low, yellow = high).`,
        }),
        h('div', { class: 'channel-grid' }, ...Array.from({ length: channels }, (_, c) => channelCanvas(layer, c))),
      );
    } else {
      detailBody.replaceChildren(
        h('p', { class: 'layer-detail__note', text: `${layer.shape[0]} values${layer.shape[0] > 128 ? ' (the first 128 shown)' : ''}.` }),
        vectorView(layer),
      );
    }
  };

  const select = (model: ModelName, id: string) => {
    selected = { model, id };
    state.set({ layer: model === 'attention' && id === 'attention' ? null : `${model}:${id}` });
    showDetail();
  };

  const compute = async () => {
    if (!input) return;
    const isCurrent = frame.begin();
    const shownInput = input;
    const pixels = input.pixels;
    const computed = Object.fromEntries(
      await Promise.all(MODELS.map(async (m) => [m, await modelActivations(m, session.models[m], pixels)])),
    ) as Record<ModelName, LayerActivation[]>;
    if (!isCurrent()) return;
    layers = computed;
    frame.showing({ digit: shownInput.source, weights: session.version });
    for (const model of MODELS) {
      const list = computed[model];
      const total = list.reduce((n, l) => n + l.params.reduce((k, p) => k + p.count, 0), 0);
      totals[model].textContent =
        `${count(total)} parameters (${session.weights[model].kind === 'course' ? 'course weights' : `your ${session.weights[model].name}`})`;
      columns[model].replaceChildren(
        ...list.map((l) => {
          const owned = l.params.reduce((k, p) => k + p.count, 0);
          const b = h(
            'button',
            { type: 'button', class: 'layer-button', 'data-model': model, 'data-layer': l.id, 'aria-pressed': 'false' },
            h('span', { class: 'layer-button__title', text: l.title }),
            h('span', { class: 'layer-button__shape', text: `[${l.shape.join(' × ')}]` }),
            h('span', {
              class: 'layer-button__params',
              text: owned
                ? `${count(owned)} params: ${l.params.map((p) => `${p.key} [${p.shape.join('×')}]`).join(', ')}`
                : 'no parameters',
            }),
          );
          b.addEventListener('click', () => {
            select(model, l.id);
            choiceNote.show(
              `Showing ${l.title} of the ${MODEL_LABELS[model]} (output [${l.shape.join(' × ')}]) in the layer view below the lists.`,
              b,
              () => detail,
            );
          });
          b.addEventListener('focus', () => select(model, l.id));
          return h('li', {}, b);
        }),
      );
    }
    showDetail();
  };

  await frame.follow(session, (next, s) => {
    input = next;
    session = s;
    return compute();
  });
}
