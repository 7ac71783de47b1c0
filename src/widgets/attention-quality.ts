// Lab 1's attention-quality table: one row per attention design, sortable by any column, and the
// trade-off it teaches drawn as a scatter (accuracy against selectivity). The numbers come from
// the build's study (generated/attention-quality.json), except for a model running on the
// reader's own weights: its row is recomputed in the workers (src/runtime/quality-store.ts) and
// shows no numbers until then.
import type { QualityEntry } from '../lib/artifacts/attention-quality';
import { comparableSelectivity } from '../lib/report/attention-quality';
import { renderScatter } from '../plots/scatter';
import type { ModelId } from '../lib/models/registry';
import { cancelRecompute, recompute, watchQuality, type RowState } from '../runtime/quality-store';
import { button, h, uid } from './dom';
import { WidgetFrame } from './frame';
import { WidgetState } from './widget-state';

interface Column {
  key: string;
  title: string;
  value: (e: QualityEntry) => number | null;
  format: (v: number) => string;
  /** Which way is "better", for the header's hint. */
  better: 'higher' | 'lower' | 'neither';
}

const pct = (v: number) => `${(100 * v).toFixed(2)} %`;
const f3 = (v: number) => v.toFixed(3);

export const QUALITY_COLUMNS: readonly Column[] = [
  { key: 'accuracy', title: 'test accuracy', value: (e) => e.accuracy, format: pct, better: 'higher' },
  { key: 'selectivity', title: 'median share of cells with A > 0.5', value: comparableSelectivity, format: pct, better: 'neither' },
  { key: 'ink', title: 'attention mass on ink ÷ uniform', value: (e) => e.medianInkMassRatio, format: f3, better: 'higher' },
  { key: 'pearson', title: 'median Pearson r (A, CAM)', value: (e) => e.medianPearsonAttentionCam, format: f3, better: 'neither' },
  { key: 'deletion', title: 'deletion AUC of the CAM', value: (e) => e.meanDeletionAuc, format: f3, better: 'lower' },
  { key: 'pointing', title: 'pointing game', value: (e) => e.pointingGame, format: pct, better: 'higher' },
];
const SORT_KEYS = ['model', ...QUALITY_COLUMNS.map((c) => c.key)] as const;

export async function mount(host: HTMLElement): Promise<void> {
  const frame = new WidgetFrame(host, { label: 'Attention-quality table' });
  const state = new WidgetState(host.dataset.key ?? 'quality');
  frame.setStatus('Loading the study…');
  const quality = await watchQuality();
  const now = quality.now;
  const study = now().study;
  frame.setStatus('');
  let sortKey: (typeof SORT_KEYS)[number] = state.choice('sort', SORT_KEYS, 'model');
  // "model" sorts by the registry's order, ascending unless asked; a number column starts descending.
  const defaultOrder = (key: (typeof SORT_KEYS)[number]) => (key === 'model' ? 'asc' : 'desc');
  let descending = state.choice('order', ['asc', 'desc'] as const, defaultOrder(sortKey)) === 'desc';

  const tbody = h('tbody');
  const headRow = h('tr');
  // The description sits above the scrolling box, not in a <caption>: a caption is as wide as the
  // table, so on a phone it scrolled out of view mid-sentence.
  const about = h('p', {
    id: uid('quality-about'),
    class: 'table-about',
    text: `Over each model's 10,000 test images (deletion AUC: ${study.deletionSubset}). Sort by a column with its button.`,
  });
  const table = h('table', { class: 'quality-table', 'aria-labelledby': about.id }, h('thead', {}, headRow), tbody);
  const chart = h('div', { class: 'plot' });
  frame.body.append(
    about,
    h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Attention-quality table' }, table),
    chart,
  );

  const sortButton = (key: (typeof SORT_KEYS)[number], title: string, better: string) => {
    const b = button(title, { class: 'sort-button', 'aria-label': `Sort by ${title}` });
    b.addEventListener('click', () => {
      descending = sortKey === key ? !descending : defaultOrder(key) === 'desc';
      sortKey = key;
      const order = descending ? 'desc' : 'asc';
      state.set({ sort: key === 'model' ? null : key, order: order === defaultOrder(key) ? null : order });
      draw();
    });
    const th = h('th', { scope: 'col' }, b, better === 'neither' ? '' : h('span', { class: 'sr-only', text: ` (${better} is better)` }));
    headRow.append(th);
    return th;
  };
  const headers = [sortButton('model', 'model', 'neither'), ...QUALITY_COLUMNS.map((c) => sortButton(c.key, c.title, c.better))];

  /** The row header: the model, and whose weights its numbers describe. */
  const rowHeader = (e: QualityEntry, rowState: RowState) => {
    const th = h('th', { scope: 'row', text: `${e.label}${e.dataset === 'fashion-mnist' ? ' (Fashion-MNIST test set)' : ''}` });
    const note = (text: string) => th.append(h('span', { class: 'quality-weights', text }));
    if (rowState.kind === 'custom')
      note(` your file ${rowState.file} (recomputed in ${rowState.seconds.toFixed(1)} s on ${rowState.where})`);
    else if (rowState.kind === 'running') {
      note(
        rowState.total > 0
          ? ` your file ${rowState.file}: recomputing, ${rowState.done.toLocaleString('en')} / ${rowState.total.toLocaleString('en')} images on ${rowState.where}`
          : ` your file ${rowState.file}: ${rowState.where}…`,
      );
      const stop = button('Cancel', { class: 'button button--small', 'aria-label': `Cancel recomputing the ${e.label} row` });
      stop.addEventListener('click', () => cancelRecompute(e.id as ModelId));
      th.append(' ', stop);
    } else if (rowState.kind === 'failed') {
      note(` your file ${rowState.file}: not recomputed (${rowState.message})`);
      const again = button('Recompute', { class: 'button button--small', 'aria-label': `Recompute the ${e.label} row for your file` });
      again.addEventListener('click', () => void frame.guard(() => recompute(e.id as ModelId)));
      th.append(' ', again);
    }
    return th;
  };
  /** Numbers only for rows that describe the weights in use. */
  const describesWeightsInUse = (rowState: RowState) => rowState.kind === 'committed' || rowState.kind === 'custom';

  const draw = () => {
    const column = QUALITY_COLUMNS.find((c) => c.key === sortKey);
    const rows = [...now().entries];
    if (column) {
      rows.sort((a, b) => {
        const va = column.value(a);
        const vb = column.value(b);
        if (va === null || vb === null) return va === null ? 1 : -1; // n/a last either way
        return descending ? vb - va : va - vb;
      });
    } else if (descending) rows.reverse();
    headers.forEach((th, i) => th.setAttribute('aria-sort', SORT_KEYS[i] === sortKey ? (descending ? 'descending' : 'ascending') : 'none'));
    tbody.replaceChildren(
      ...rows.map((e) => {
        const rowState = now().state[e.id as ModelId] ?? { kind: 'committed' };
        return h(
          'tr',
          { 'data-model': e.id, 'data-weights': rowState.kind },
          rowHeader(e, rowState),
          ...QUALITY_COLUMNS.map((c) => {
            const v = c.value(e);
            if (!describesWeightsInUse(rowState)) return h('td', { text: '…', 'aria-label': 'not computed for your weights yet' });
            return h('td', { text: v === null ? 'n/a' : c.format(v) });
          }),
        );
      }),
    );
    frame.showing({ sort: sortKey, order: descending ? 'desc' : 'asc', first: rows[0]?.id ?? null });
  };
  draw();

  const plot = () => {
    const points = now()
      .entries.map((e, id) => ({ e, id }))
      .filter(
        ({ e }) =>
          comparableSelectivity(e) !== null &&
          e.dataset === 'mnist' &&
          describesWeightsInUse(now().state[e.id as ModelId] ?? { kind: 'committed' }),
      )
      .map(({ e, id }) => ({ x: comparableSelectivity(e) as number, y: e.accuracy, id, group: id }));
    renderScatter(chart, points, {
      label: 'Accuracy against selectivity of the attention, one point per MNIST model with a sigmoid spatial gate',
      xLabel: 'median share of cells with A > 0.5',
      yLabel: 'test accuracy',
      xDomain: [0, 1],
      groupLabels: now().entries.map((e) => e.label),
      describePoint: (p) => `${now().entries[p.id].label}: ${pct(p.x)} of cells open, accuracy ${pct(p.y)}`,
      xFormat: '.0%',
      yFormat: '.1%',
      height: 280,
    });
  };
  plot();
  quality.onChange(() => {
    draw();
    plot();
  });
  frame.ready();
}
