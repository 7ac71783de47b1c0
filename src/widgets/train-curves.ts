// Lab 2's live curves: loss and accuracy against the training step, for the training batches
// (averaged between film frames) and the held-out validation images. Points arrive from the
// worker as it trains; the two charts are redrawn at most every REDRAW_MS, so the page stays
// responsive however fast the points come.
import type { CurvePoint, ValidationPoint } from '../lib/train/lab-training-run';
import { renderLineChart } from '../plots/line-chart';
import { h } from './dom';

const REDRAW_MS = 400;
const EMPTY = 'The curves appear here once a run has taken its first steps.';

export class LiveCurves {
  readonly element: HTMLElement;
  readonly training: CurvePoint[] = [];
  readonly validation: ValidationPoint[] = [];
  readonly #loss = h('div', { class: 'plot' });
  readonly #accuracy = h('div', { class: 'plot' });
  readonly #empty = h('p', { class: 'widget-summary', text: EMPTY });
  #timer: ReturnType<typeof setTimeout> | null = null;
  #last = 0;
  /** The plots' widths as ResizeObserver last saw them: redraws never read layout themselves. */
  readonly #widths = new Map<Element, number>();

  constructor() {
    this.element = h(
      'section',
      { class: 'train-curves', 'aria-label': 'Live training curves' },
      h('h3', { class: 'widget-subtitle', text: 'Loss and accuracy as it trains' }),
      this.#empty,
      h('div', { class: 'plot-row' }, this.#loss, this.#accuracy),
    );
    if (typeof ResizeObserver !== 'undefined') {
      const observer = new ResizeObserver((entries) => {
        for (const e of entries) this.#widths.set(e.target, e.contentRect.width);
      });
      observer.observe(this.#loss);
      observer.observe(this.#accuracy);
    }
  }

  /** Bumped by reset(): a chart drawn after it would show the previous run. */
  #generation = 0;

  reset(): void {
    this.#generation++;
    this.training.length = 0;
    this.validation.length = 0;
    this.#cancel();
    this.#loss.replaceChildren();
    this.#accuracy.replaceChildren();
    this.#empty.textContent = EMPTY;
  }

  addTraining(point: CurvePoint): void {
    this.training.push(point);
    this.#schedule();
  }

  addValidation(point: ValidationPoint): void {
    this.validation.push(point);
    this.#schedule();
  }

  /** Draws now (the run ended: its last points must show). */
  flush(): void {
    this.#cancel();
    this.#draw();
  }

  #cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #schedule(): void {
    if (this.#timer) return;
    const wait = Math.max(0, this.#last + REDRAW_MS - performance.now());
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#draw();
    }, wait);
  }

  #draw(): void {
    this.#last = performance.now();
    if (this.training.length === 0 && this.validation.length === 0) return;
    // Text changes, the box does not: nothing below the widget moves while it trains.
    this.#empty.textContent = 'Solid: training batches (mean since the last point); dashed: the held-out 1,000.';
    const chart = (
      target: HTMLElement,
      what: 'loss' | 'accuracy',
      train: (p: CurvePoint) => number,
      held: (p: ValidationPoint) => number,
      axis: { yLabel: string; format?: string },
    ) =>
      renderLineChart(
        target,
        [
          { label: `training ${what} (mean since the last point)`, points: this.training.map((p) => ({ x: p.step, y: train(p) })) },
          { label: `validation ${what} (held-out 1,000)`, points: this.validation.map((p) => ({ x: p.step, y: held(p) })), dashed: true },
        ],
        {
          ...axis,
          xLabel: 'step',
          label: `${what === 'loss' ? 'Loss' : 'Accuracy'} against training step: training and validation`,
          width: 440,
          height: 280,
          containerWidth: this.#widths.get(target),
        },
      );
    chart(
      this.#loss,
      'loss',
      (p) => p.trainLoss,
      (p) => p.loss,
      { yLabel: 'cross-entropy' },
    );
    // The second chart in a task of its own: each redraw stays short (a D3 chart is ~20 ms here).
    const accuracy = () =>
      chart(
        this.#accuracy,
        'accuracy',
        (p) => p.trainAccuracy,
        (p) => p.accuracy,
        { yLabel: 'accuracy', format: '.0%' },
      );
    const generation = this.#generation;
    setTimeout(() => {
      if (generation === this.#generation) accuracy();
    }, 0);
  }
}
