// The page's input panel: pick a test digit (by index, class, at random, or only misclassified
// ones), draw one (mouse, touch, pen), or upload an image. Drawings and uploads go through the
// same MNIST-style preprocessing as the CLI, and the panel shows each step and the 28×28 tensor.
import { normalizePixels } from '../lib/data/preprocess';
import { describeImageInput, modelInputFromPixels, type ModelInput } from '../lib/data/model-input';
import { grayRgba } from '../lib/explain/render-map';
import { createRng } from '../lib/rng';
import { ensureInput, inputToUrl, testInput } from '../runtime/initial-input';
import { inputStore, type DigitInput } from '../runtime/input-store';
import { loadTestSet } from '../runtime/test-set';
import { misclassifiedIndices } from '../runtime/study-store';
import { decodeUpload, MAX_IMAGE_BYTES } from './decode-upload';
import { button, checkboxField, errorMessage, h, selectField, uid } from './dom';
import { WidgetFrame } from './frame';
import { MapView } from './map-view';

const DRAW_SIZE = 280;
const BOX_COLOUR = [255, 127, 14] as const;

/** Gray values (0..255, any array) as RGBA for a canvas. */
function grayToRgba(gray: ArrayLike<number>): Uint8ClampedArray {
  return grayRgba(Uint8Array.from(gray, (v) => Math.min(255, Math.max(0, Math.round(v)))));
}

/** The working image with its ink box drawn around the ink (a frame thick enough to survive the CSS downscale). */
function withInkBox(
  width: number,
  height: number,
  gray: ArrayLike<number>,
  box: { x: number; y: number; width: number; height: number },
): Uint8ClampedArray {
  const rgba = grayToRgba(gray);
  const thickness = Math.max(1, Math.round(Math.max(width, height) / 80));
  const paint = (x: number, y: number) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    rgba.set(BOX_COLOUR, (y * width + x) * 4);
  };
  for (let t = 1; t <= thickness; t++) {
    const [x0, y0, x1, y1] = [box.x - t, box.y - t, box.x + box.width - 1 + t, box.y + box.height - 1 + t];
    for (let x = x0; x <= x1; x++) {
      paint(x, y0);
      paint(x, y1);
    }
    for (let y = y0; y <= y1; y++) {
      paint(x0, y);
      paint(x1, y);
    }
  }
  return rgba;
}

export async function mount(host: HTMLElement): Promise<void> {
  const frame = new WidgetFrame(host, { label: 'Input digit' });
  const session = await frame.session();

  // --- test-set picker
  const indexId = uid('index');
  const indexInput = h('input', { id: indexId, type: 'number', min: 0, max: 9999, step: 1, inputmode: 'numeric' });
  const classSelect = selectField(
    'Class',
    [{ value: 'any', text: 'any class' }, ...Array.from({ length: 10 }, (_, d) => ({ value: String(d), text: `digit ${d}` }))],
    'any',
  );
  const wrongOnly = checkboxField('Misclassified only (by either network)', false);
  const prev = button('Previous');
  const next = button('Next');
  const random = button('Random');
  const picker = h(
    'fieldset',
    { class: 'input-panel__picker' },
    h('legend', { text: 'Test digit' }),
    h('div', { class: 'field' }, h('label', { for: indexId, text: 'Index (0–9999)' }), indexInput),
    classSelect.field,
    wrongOnly.field,
    h('div', { class: 'button-row' }, prev, next, random),
  );

  // --- drawing
  const pad = h('canvas', {
    class: 'input-panel__pad',
    width: DRAW_SIZE,
    height: DRAW_SIZE,
    'aria-label': 'Drawing area: draw one digit with a mouse, finger or pen',
    role: 'img',
  });
  const padCtx = pad.getContext('2d', { willReadFrequently: true });
  const clear = button('Clear drawing');
  const drawing = h(
    'fieldset',
    { class: 'input-panel__draw' },
    h('legend', { text: 'Draw a digit' }),
    pad,
    h('div', { class: 'button-row' }, clear),
  );

  // --- upload
  const fileId = uid('file');
  const file = h('input', { id: fileId, type: 'file', accept: '.png,.jpg,.jpeg,.webp,image/png,image/jpeg,image/webp' });
  const uploadBox = h(
    'fieldset',
    { class: 'input-panel__upload' },
    h('legend', { text: 'Upload an image' }),
    h('div', { class: 'field' }, h('label', { for: fileId, text: `PNG, JPEG or WebP, up to ${MAX_IMAGE_BYTES / 1048576} MB` }), file),
  );

  // --- what the model receives
  const current = new MapView('The 28×28 input');
  const caption = h('p', { class: 'input-panel__caption' });
  const stepsList = h('ol', { class: 'input-panel__steps' });
  const inkBoxView = new MapView('Your image and its ink box');
  const cleanedView = new MapView('Background normalised');
  const scaledView = new MapView('Scaled to fit 20×20 (aspect kept)');
  const stepsViews = [inkBoxView, cleanedView, scaledView];
  const warningsList = h('ul', { class: 'input-panel__warnings', hidden: true });
  const tensorDetails = h(
    'details',
    { class: 'input-panel__tensor' },
    h('summary', { text: 'The tensor the model receives (28×28, normalised)' }),
  );
  const stepsBox = h(
    'div',
    { class: 'input-panel__preprocessing', hidden: true },
    h('p', { class: 'input-panel__steps-title', text: 'MNIST-style preprocessing' }),
    h('div', { class: 'map-row' }, ...stepsViews.map((v) => v.element)),
    stepsList,
  );
  const result = h('div', { class: 'input-panel__result' }, current.element, caption, warningsList, stepsBox, tensorDetails);

  frame.body.append(h('div', { class: 'input-panel' }, picker, drawing, uploadBox), result);

  // ---- behaviour
  // The intermediate images of this panel's drawings and uploads, for the preprocessing view.
  const stagesOf = new WeakMap<DigitInput, NonNullable<ModelInput['stages']>>();

  const showInput = (input: DigitInput) => {
    current.blit(28, 28, grayRgba(input.pixels));
    const what =
      input.kind === 'test'
        ? `Test digit ${input.index} (label ${input.label})`
        : input.kind === 'drawing'
          ? 'Your drawing'
          : `Your upload (${input.source.replace(/^upload:/, '')})`;
    caption.textContent = `${what} — the widgets on this page explain this input.`;
    current.canvas.setAttribute('aria-label', `${what}, 28×28 pixels`);
    if (input.kind === 'test') indexInput.value = String(input.index);
    // Doubts about the input, next to the picture they are about (hidden when there are none).
    warningsList.replaceChildren(...(input.warnings ?? []).map((w) => h('li', { text: `Note: ${w}.` })));
    warningsList.hidden = warningsList.childElementCount === 0;
    stepsBox.hidden = !input.steps;
    stepsList.replaceChildren();
    if (input.steps) {
      const s = input.steps;
      stepsList.append(
        h('li', {
          text: s.inverted
            ? 'Light background: inverted to white ink on black, like MNIST.'
            : 'Dark background: used as white ink on black.',
        }),
        ...(s.resampled && input.original
          ? [
              h('li', {
                text: `Shrunk from ${input.original.width}×${input.original.height} to ${s.resampled.width}×${s.resampled.height} (area average, in our own code).`,
              }),
            ]
          : []),
        ...(s.background
          ? [
              h('li', {
                text: `Background normalised: the paper (median level ${s.background.paperLevel}) estimated over ${s.background.window}-px windows and subtracted; Otsu's threshold ${s.background.threshold} keeps only the ink.`,
              }),
            ]
          : []),
        h('li', { text: `Ink box: ${s.bbox.width}×${s.bbox.height} px at (${s.bbox.x}, ${s.bbox.y}).` }),
        h('li', { text: `Scaled to ${s.scaled.width}×${s.scaled.height}, keeping the aspect ratio (MNIST's 20×20 box).` }),
        h('li', { text: `Centre of mass moved to pixel (14, 14): box placed at (${s.shift.dx}, ${s.shift.dy}) in the 28×28 frame.` }),
      );
      const stages = stagesOf.get(input);
      const working = stages?.working;
      inkBoxView.element.hidden = !working;
      if (working)
        inkBoxView.showImage(
          working.width,
          working.height,
          withInkBox(working.width, working.height, working.gray, s.bbox),
          `${working.width}×${working.height} px; ink box ${s.bbox.width}×${s.bbox.height} at (${s.bbox.x}, ${s.bbox.y})`,
        );
      const cleaned = stages?.cleaned;
      cleanedView.element.hidden = !(cleaned && working);
      if (cleaned && working)
        cleanedView.showImage(working.width, working.height, grayToRgba(cleaned), 'paper subtracted, ink above the Otsu threshold kept');
      // The scaled box inside the 20×20 square it was fitted to, so the view keeps its aspect.
      const fitted = new Uint8Array(20 * 20);
      const ox = Math.floor((20 - s.scaled.width) / 2);
      const oy = Math.floor((20 - s.scaled.height) / 2);
      for (let y = 0; y < s.scaled.height; y++)
        for (let x = 0; x < s.scaled.width; x++) fitted[(y + oy) * 20 + x + ox] = input.pixels[(y + s.shift.dy) * 28 + x + s.shift.dx];
      scaledView.showImage(20, 20, grayRgba(fitted), `${s.scaled.width}×${s.scaled.height} inside the 20×20 box`);
    }
    if (tensorDetails.open) fillTensor(input);
  };

  const fillTensor = (input: DigitInput) => {
    const values = normalizePixels(input.pixels);
    const table = h('table', { class: 'tensor-table' }, h('caption', { text: '(pixel / 255 − 0.1307) / 0.3081, rows top to bottom' }));
    for (let r = 0; r < 28; r++) {
      const tr = h('tr');
      for (let c = 0; c < 28; c++) tr.append(h('td', { text: values[r * 28 + c].toFixed(1) }));
      table.append(tr);
    }
    tensorDetails.querySelector('table')?.remove();
    tensorDetails.append(h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Input tensor values' }, table));
  };
  tensorDetails.addEventListener('toggle', () => {
    if (tensorDetails.open && inputStore.current) fillTensor(inputStore.current);
  });

  const choose = (input: DigitInput, stages?: ModelInput['stages']) => {
    if (stages) stagesOf.set(input, stages);
    inputStore.set(input);
    inputToUrl(input);
  };

  const pickTest = async (index: number) => {
    frame.setStatus(`Loading test digit ${index}…`);
    choose(await testInput(index, session.pageData));
    frame.setStatus('');
  };

  /** Test indices that pass the class and misclassified filters. */
  const candidates = async (): Promise<number[]> => {
    const set = await loadTestSet();
    const wanted = classSelect.select.value === 'any' ? null : Number(classSelect.select.value);
    let pool = Array.from({ length: set.count }, (_, i) => i);
    if (wanted !== null) pool = pool.filter((i) => set.labels[i] === wanted);
    if (wrongOnly.input.checked) {
      const wrong = new Set(await misclassifiedIndices());
      pool = pool.filter((i) => wrong.has(i));
    }
    if (pool.length === 0) throw new Error('No test digit matches these filters.');
    return pool;
  };

  const step = async (direction: 1 | -1) => {
    const pool = await candidates();
    const at = Number(indexInput.value) || 0;
    const found =
      direction > 0 ? (pool.find((i) => i > at) ?? pool[0]) : ([...pool].reverse().find((i) => i < at) ?? pool[pool.length - 1]);
    await pickTest(found);
  };

  const rng = createRng(Date.now() >>> 0);
  indexInput.addEventListener('change', () => {
    const n = Number(indexInput.value);
    if (!Number.isInteger(n) || n < 0 || n > 9999) {
      frame.showError(`"${indexInput.value}" is not a test digit: enter a whole number from 0 to 9999.`);
      return;
    }
    void frame.guard(() => pickTest(n));
  });
  prev.addEventListener('click', () => void frame.guard(() => step(-1)));
  next.addEventListener('click', () => void frame.guard(() => step(1)));
  random.addEventListener(
    'click',
    () =>
      void frame.guard(async () => {
        const pool = await candidates();
        await pickTest(pool[Math.floor(rng() * pool.length)]);
      }),
  );
  const filtersChanged = () => void frame.guard(() => step(1));
  classSelect.select.addEventListener('change', filtersChanged);
  wrongOnly.input.addEventListener('change', filtersChanged);

  // Drawing: white ink on black, strokes ~2 px at 28×28 like MNIST's pen.
  const clearPad = () => {
    if (!padCtx) return;
    padCtx.fillStyle = '#000';
    padCtx.fillRect(0, 0, DRAW_SIZE, DRAW_SIZE);
  };
  clearPad();
  let drawingNow = false;
  let last: { x: number; y: number } | null = null;
  const point = (event: PointerEvent) => {
    const box = pad.getBoundingClientRect();
    return { x: ((event.clientX - box.left) / box.width) * DRAW_SIZE, y: ((event.clientY - box.top) / box.height) * DRAW_SIZE };
  };
  pad.addEventListener('pointerdown', (event) => {
    drawingNow = true;
    pad.setPointerCapture(event.pointerId);
    last = point(event);
    strokeTo(last, event);
  });
  const strokeTo = (p: { x: number; y: number }, event: PointerEvent) => {
    if (!padCtx || !last) return;
    const pressure = event.pointerType === 'pen' && event.pressure > 0 ? 0.6 + event.pressure * 0.8 : 1;
    padCtx.strokeStyle = '#fff';
    padCtx.lineCap = 'round';
    padCtx.lineJoin = 'round';
    padCtx.lineWidth = 22 * pressure;
    padCtx.beginPath();
    padCtx.moveTo(last.x, last.y);
    padCtx.lineTo(p.x + 0.01, p.y);
    padCtx.stroke();
    last = p;
  };
  pad.addEventListener('pointermove', (event) => {
    if (!drawingNow) return;
    for (const e of event.getCoalescedEvents?.() ?? [event]) strokeTo(point(e), e);
  });
  const finish = () => {
    if (!drawingNow || !padCtx) return;
    drawingNow = false;
    last = null;
    void frame.guard(() => {
      const rgba = padCtx.getImageData(0, 0, DRAW_SIZE, DRAW_SIZE).data;
      const model = modelInputFromPixels(
        { width: DRAW_SIZE, height: DRAW_SIZE, channels: 4, data: rgba, source: 'drawing' },
        { preprocessing: 'mnist-style' },
      );
      choose(
        {
          kind: 'drawing',
          source: 'drawing',
          pixels: model.pixels,
          label: null,
          steps: model.steps,
          original: model.original,
          preprocessing: model.preprocessing,
          warnings: model.warnings,
        },
        model.stages,
      );
      frame.setStatus('');
    });
  };
  pad.addEventListener('pointerup', finish);
  pad.addEventListener('pointercancel', finish);
  clear.addEventListener('click', () => {
    clearPad();
    frame.setStatus('Drawing cleared: draw a digit in the black square.');
  });

  file.addEventListener('change', () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    void frame.guard(async () => {
      frame.setStatus(`Reading ${chosen.name}…`);
      try {
        const { format, pixels } = await decodeUpload(chosen);
        const model = modelInputFromPixels({ ...pixels, source: chosen.name });
        choose(
          {
            kind: 'upload',
            source: `upload:${chosen.name}`,
            pixels: model.pixels,
            label: null,
            steps: model.steps,
            original: model.original,
            preprocessing: model.preprocessing,
            warnings: model.warnings,
            description: describeImageInput(model, { source: chosen.name, format }),
          },
          model.stages,
        );
        frame.setStatus(`Using ${chosen.name}.`);
      } catch (error) {
        frame.setStatus('');
        throw new Error(errorMessage(error));
      } finally {
        file.value = '';
      }
    }, file.parentElement ?? file);
  });

  inputStore.subscribe(showInput);
  await ensureInput(session.pageData);
  frame.ready();
  frame.setStatus('');
}
