// The test-set study: all 10,000 test digits through both networks (attention map, CAM and
// Grad-CAM of the predicted class), summarised in D3 plots. For the course weights the numbers
// come precomputed with the site (same engine, in Node); "Recompute" — or bringing your own
// weights — reruns it here, in two workers. Clicking or brushing a point loads that digit into
// the viewers on the page.
import type { StudyRow } from '../lib/report/test-set-study';
import { grayRgba } from '../lib/explain/render-map';
import { renderGroupedBars } from '../plots/bar-chart';
import { renderConfusionMatrix } from '../plots/confusion-matrix';
import { renderHistogram } from '../plots/histogram';
import { renderScatter, type Extent } from '../plots/scatter';
import { pearsonArrays } from '../lib/metrics/correlation';
import { inputToUrl, testInput } from '../runtime/initial-input';
import { inputStore } from '../runtime/input-store';
import { onWeightsChange, type ModelSession } from '../runtime/session';
import { currentStudy, loadPrecomputedStudy, onStudyChange, setStudy, studyData, type StudyData } from '../runtime/study-store';
import { runStudy } from '../runtime/study-runner';
import { loadTestSet } from '../runtime/test-set';
import { rejectParam } from '../runtime/url-state';
import { button, errorMessage, h, selectField } from './dom';
import { sidewaysPlot } from './sideways-plot';
import { WidgetFrame } from './frame';
import { PickNote } from './pick-note';
import { WidgetState } from './widget-state';

const PAIRS = [
  { key: 'AttentionCam', label: 'attention vs CAM' },
  { key: 'AttentionGradcam', label: 'attention vs Grad-CAM' },
  { key: 'CamGradcam', label: 'CAM vs Grad-CAM' },
] as const;
const MODELS = ['attention', 'traditional'] as const;
const GALLERY_LIMIT = 120;
const f3 = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));

/**
 * −log10(1 − p): spreads the ~95 % of digits whose confidence is within a hair of 1 (p = 0.9 → 1,
 * 0.99 → 2, …), capped where float32 probabilities run out of digits.
 */
const confidenceScale = (p: number) => -Math.log10(Math.max(1 - p, 1e-7));

export async function mount(host: HTMLElement): Promise<void> {
  const frame = new WidgetFrame(host, { label: 'Test-set study' });
  const state = new WidgetState(host.dataset.key ?? 'study');
  let session: ModelSession = await frame.session();

  const recompute = button('Recompute in this browser');
  const cancel = button('Cancel', { hidden: true });
  const progress = h('progress', { max: 1, value: 0, hidden: true, 'aria-label': 'Study progress' });
  const source = h('p', { class: 'study-source' });
  const summary = h('div', { class: 'study-summary', 'aria-live': 'polite' });
  const plots = {
    agreement: h('div', { class: 'plot' }),
    distance: h('div', { class: 'plot' }),
    scatter: h('div', { class: 'plot' }),
    perClass: h('div', { class: 'plot' }),
    confusion: sidewaysPlot('Confusion matrix'),
  };
  const confusionModel = selectField(
    'Confusion matrix of',
    MODELS.map((m) => ({ value: m, text: m === 'attention' ? 'attention-CNN' : 'traditional CNN' })),
    state.choice('matrix', MODELS, 'attention', (m) => (m === 'attention' ? 'attention-CNN' : 'traditional CNN')),
  );
  const selection = h('div', { class: 'study-selection', 'aria-live': 'polite' });
  const galleryTitle = h('p', { class: 'gallery-title' });
  const gallery = h('div', { class: 'digit-gallery', role: 'list' });
  frame.body.append(
    h('div', { class: 'button-row' }, recompute, cancel, progress),
    source,
    summary,
    h('div', { class: 'plot-row' }, plots.agreement, plots.distance),
    h(
      'div',
      { class: 'plot-row' },
      // The axis key does not fit along the rotated title, so it sits right under the plot.
      h(
        'div',
        {},
        plots.scatter,
        h('p', { class: 'plot-key', text: 'Confidence axis: 1 = 90 %, 2 = 99 %, 3 = 99.9 % (p: the probability of the predicted class).' }),
      ),
      h('div', {}, selection),
    ),
    h('div', { class: 'plot-row' }, plots.perClass),
    h('div', { class: 'widget-controls' }, confusionModel.field),
    h('div', { class: 'plot-row' }, plots.confusion.cell, h('div', {}, galleryTitle, gallery)),
  );

  let data: StudyData | null = null;
  let cell: [number, number] | null = null;
  let brush: Extent | null = null;
  /** The digit last picked here: highlighted in the scatter and the gallery. */
  let picked: number | null = null;

  // The confirmation sits next to the control that was used (the plots and the widgets they
  // change are thousands of pixels apart), with a button that goes to the changed widget.
  const pickNote = new PickNote();
  const changedWidget = () =>
    document.querySelector<HTMLElement>('method-comparison, attention-viewer') ?? document.querySelector<HTMLElement>('digit-input');

  const loadDigit = (index: number, near: Element) =>
    frame.guard(async () => {
      const input = await testInput(index, session.pageData);
      inputStore.set(input);
      inputToUrl(input);
      picked = index;
      pickNote.show(`Test digit ${index} (label ${input.label}) is now the input of every widget on this page.`, near, changedWidget);
      for (const thumb of gallery.querySelectorAll<HTMLElement>('.digit-thumb'))
        thumb.setAttribute('aria-pressed', String(thumb.dataset.index === String(index)));
      drawScatter();
    });

  const digitButton = async (row: StudyRow) => {
    const set = await loadTestSet();
    const canvas = h('canvas', { width: 28, height: 28, 'aria-hidden': 'true' });
    canvas
      .getContext('2d')
      ?.putImageData(
        new ImageData(new Uint8ClampedArray(grayRgba(set.pixels.subarray(row.index * 784, (row.index + 1) * 784))), 28, 28),
        0,
        0,
      );
    const b = h(
      'button',
      {
        type: 'button',
        class: 'digit-thumb',
        'data-index': row.index,
        'aria-pressed': String(row.index === picked),
        'aria-label': `Test digit ${row.index}: label ${row.label}, attention-CNN says ${row.attentionPredicted}, traditional CNN says ${row.traditionalPredicted}`,
      },
      canvas,
      h('span', { text: `#${row.index} ${row.label}→${row.attentionPredicted}/${row.traditionalPredicted}` }),
    );
    b.addEventListener('click', () => void loadDigit(row.index, gallery));
    return h('div', { role: 'listitem' }, b);
  };

  const showGallery = async () => {
    if (!data) return;
    const matrix = confusionModel.select.value as (typeof MODELS)[number];
    const predicted = (r: StudyRow) => (matrix === 'attention' ? r.attentionPredicted : r.traditionalPredicted);
    const rows = cell
      ? data.rows.filter((r) => r.label === cell![0] && predicted(r) === cell![1])
      : data.rows.filter((r) => r.attentionPredicted !== r.label || r.traditionalPredicted !== r.label);
    galleryTitle.textContent = cell
      ? `${rows.length} digit${rows.length === 1 ? '' : 's'} with label ${cell[0]} that the ${matrix === 'attention' ? 'attention-CNN' : 'traditional CNN'} calls ${cell[1]}${rows.length > GALLERY_LIMIT ? ` (first ${GALLERY_LIMIT})` : ''}; select one to explain it.`
      : `Misclassified digits (${rows.length}, by either network; label→attention-CNN/traditional CNN); select one to explain it.`;
    try {
      gallery.replaceChildren(...(await Promise.all(rows.slice(0, GALLERY_LIMIT).map(digitButton))));
    } catch (error) {
      gallery.replaceChildren(
        h('p', { class: 'widget-error', role: 'alert', text: `The digits could not be shown: ${errorMessage(error)}` }),
      );
    }
  };

  const showSelection = (ids: number[]) => {
    selection.replaceChildren();
    if (ids.length === 0) {
      selection.append(h('p', { text: 'Brush (drag) over the scatter plot to list digits, or select a point to load it.' }));
      return;
    }
    const list = h('ul', { class: 'id-list' });
    for (const id of ids.slice(0, 40)) {
      const b = button(`#${id}`);
      b.addEventListener('click', () => void loadDigit(id, selection));
      list.append(h('li', {}, b));
    }
    selection.append(
      h('p', {
        text: `${ids.length} digit${ids.length === 1 ? '' : 's'} in the brushed area${ids.length > 40 ? ' (first 40 listed)' : ''}:`,
      }),
      list,
    );
  };

  const drawScatter = () => {
    if (!data) return;
    const { rows } = data;
    renderScatter(
      plots.scatter,
      rows.map((r) => ({
        x: r.attentionStd,
        y: confidenceScale(r.attentionConfidence),
        id: r.index,
        group: r.attentionPredicted === r.label ? 0 : 1,
      })),
      {
        xLabel: 'attention spread (std of A over the 49 cells)',
        yLabel: 'confidence, −log₁₀(1 − p)',
        // r of what is plotted (the summary above gives r against the raw confidence).
        correlation: pearsonArrays(
          rows.map((r) => r.attentionStd),
          rows.map((r) => confidenceScale(r.attentionConfidence)),
        ),
        highlight: picked === null ? [] : [picked],
        label: 'Scatter of attention spread against confidence, one point per test digit',
        groupLabels: ['correct', 'misclassified'],
        brushExtent: brush,
        onSelect: (ids, extent) => {
          brush = extent;
          showSelection(ids);
        },
        onPick: (id) => void loadDigit(id, selection),
        describePoint: (p) => `digit ${p.id}: spread ${p.x.toFixed(3)}, confidence ${(100 * (1 - 10 ** -p.y)).toFixed(4)} %`,
        width: 440,
        height: 330,
      },
    );
  };

  const draw = () => {
    if (!data) return;
    const { rows, summary: s } = data;
    source.textContent = `${rows.length.toLocaleString('en')} test digits, ${data.note}.`;
    summary.replaceChildren(
      h(
        'ul',
        {},
        h('li', { text: `Accuracy: attention-CNN ${f3(s.accuracy.attention)}, traditional CNN ${f3(s.accuracy.traditional)}.` }),
        h('li', {
          text: `Median Pearson r: attention vs CAM ${f3(s.medians.pearsonAttentionCam)}, attention vs Grad-CAM ${f3(s.medians.pearsonAttentionGradcam)}, CAM vs Grad-CAM ${f3(s.medians.pearsonCamGradcam)}.`,
        }),
        h('li', {
          text: `Median peak distance (pixels): attention–CAM ${f3(s.medians.peakDistanceAttentionCam)}, attention–Grad-CAM ${f3(s.medians.peakDistanceAttentionGradcam)}, CAM–Grad-CAM ${f3(s.medians.peakDistanceCamGradcam)}.`,
        }),
        h('li', {
          text: `Attention spread (std of A) vs the attention-CNN's confidence (raw p): Pearson r = ${f3(s.pearsonSpreadConfidence)}.`,
        }),
      ),
    );
    renderHistogram(
      plots.agreement,
      PAIRS.map((p) => ({ label: p.label, values: rows.map((r) => r[`pearson${p.key}`]) })),
      {
        domain: [-1, 1],
        bins: 20,
        xLabel: 'Pearson r between the two 7×7 maps',
        yLabel: 'share of digits',
        normalize: 'fraction',
        label: 'Histogram of map agreement (Pearson r) for the three pairs of maps over the test set',
        markers: PAIRS.map((p, i) => ({ value: s.medians[`pearson${p.key}`] ?? 0, label: 'median', series: i })),
        describeSkipped: (n) => `${n} flat maps skipped`,
        // Two decimals: six made the three median labels long enough to collide.
        xFormat: '.2~f',
        width: 440,
        height: 330,
      },
    );
    renderHistogram(
      plots.distance,
      PAIRS.map((p) => ({ label: p.label, values: rows.map((r) => r[`peakDistance${p.key}`]) })),
      {
        domain: [0, 32],
        bins: 16,
        xLabel: 'distance between peak cells (input pixels)',
        yLabel: 'share of digits',
        normalize: 'fraction',
        label: 'Histogram of peak distances for the three pairs of maps',
        width: 440,
        height: 330,
      },
    );
    drawScatter();
    renderGroupedBars(
      plots.perClass,
      s.perClass.map((c) => String(c.digit)),
      PAIRS.map((p) => ({
        label: `median r, ${p.label}`,
        values: s.perClass.map((c) => c.medianPearson[`${p.key.charAt(0).toLowerCase()}${p.key.slice(1)}` as 'attentionCam']),
      })),
      {
        label: 'Median agreement per digit class for the three pairs of maps',
        yLabel: 'median Pearson r',
        xLabel: 'digit class',
        format: '.2f',
      },
    );
    const matrix = confusionModel.select.value as (typeof MODELS)[number];
    renderConfusionMatrix(plots.confusion.plot, s.confusion[matrix], {
      label: `Confusion matrix of the ${matrix === 'attention' ? 'attention-CNN' : 'traditional CNN'} on the test digits; select a cell to list its digits`,
      selected: cell ?? undefined,
      onCellClick: (t, p) => {
        cell = cell && cell[0] === t && cell[1] === p ? null : [t, p];
        state.set({ cell: cell ? `${cell[0]}-${cell[1]}` : null });
        draw();
      },
    });
    if (!brush) showSelection([]);
    void showGallery();
  };

  const savedCellRaw = state.get('cell');
  const savedCell = /^(\d)-(\d)$/.exec(savedCellRaw ?? '');
  if (savedCell) cell = [Number(savedCell[1]), Number(savedCell[2])];
  else if (savedCellRaw !== null)
    rejectParam(`${state.key}.cell`, savedCellRaw, 'no cell selected (a cell is written label-prediction, e.g. 4-9)');
  confusionModel.select.addEventListener('change', () => {
    state.set({ matrix: confusionModel.select.value === 'attention' ? null : confusionModel.select.value });
    cell = null;
    state.set({ cell: null });
    draw();
  });

  let controller: AbortController | null = null;
  const run = async () => {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    recompute.disabled = true;
    cancel.hidden = false;
    progress.hidden = false;
    progress.value = 0;
    try {
      frame.setStatus('Loading the 10,000 test digits…');
      const set = await loadTestSet();
      if (mine.signal.aborted) throw new DOMException('cancelled', 'AbortError');
      const version = session.version;
      const result = await runStudy(session.models, set, {
        signal: mine.signal,
        onProgress: (p) => {
          progress.value = p.done / p.total;
          frame.setStatus(`Computing on ${p.where}: ${Math.round((100 * p.done) / p.total)} %`);
        },
      });
      // Cancel (or newer weights) always wins, even over a run that has just finished.
      if (mine.signal.aborted) throw new DOMException('cancelled', 'AbortError');
      const weights =
        session.weights.attention.kind === 'course' && session.weights.traditional.kind === 'course'
          ? 'the course weights'
          : `weights ${session.weights.attention.name} and ${session.weights.traditional.name}`;
      setStudy(
        studyData(
          result.rows,
          'live',
          `computed in this browser with ${weights} on ${result.where} in ${result.seconds.toFixed(1)} s`,
          version,
        ),
      );
      frame.setStatus(`Study finished in ${result.seconds.toFixed(1)} s.`);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') {
        // A run replaced by a newer one (new weights) leaves the status to that one.
        if (controller === mine) frame.setStatus('Study cancelled; the plots show the previous results.');
      } else throw error;
    } finally {
      if (controller === mine) {
        controller = null;
        recompute.disabled = false;
        cancel.hidden = true;
        progress.hidden = true;
      }
    }
  };
  recompute.addEventListener('click', () => void frame.guard(run));
  cancel.addEventListener('click', () => controller?.abort());

  onStudyChange((d) => {
    data = d;
    void frame.guard(draw);
  });
  // Back on the course weights, the build's precomputed study is the answer: no recomputation.
  let weightsChange = 0;
  onWeightsChange((s) => {
    session = s;
    const mine = ++weightsChange;
    if (s.weights.attention.kind === 'course' && s.weights.traditional.kind === 'course') {
      controller?.abort();
      void frame.guard(async () => {
        const precomputed = await loadPrecomputedStudy();
        if (mine !== weightsChange) return;
        setStudy(precomputed);
        frame.setStatus('Back to the course weights: the plots show the precomputed study.');
      });
    } else void frame.guard(run);
  });

  frame.setStatus('Loading the precomputed study…');
  const existing = currentStudy();
  if (existing) {
    data = existing;
  } else if (session.weights.attention.kind === 'course' && session.weights.traditional.kind === 'course') {
    setStudy(await loadPrecomputedStudy());
  }
  await frame.guard(draw);
  frame.ready();
  if (!data) void frame.guard(run);
  else frame.setStatus('');
}
