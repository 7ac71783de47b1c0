// A plot that keeps its minimum width (the confusion matrix: ten columns of counts at 11 px) and
// scrolls sideways inside its own focusable box where the column is narrower. Phones hide
// scrollbars, so a line under it says so, shown by a container query only while it overflows.
import { h } from './dom';

export function sidewaysPlot(label: string): { cell: HTMLElement; plot: HTMLElement } {
  const plot = h('div', { class: 'plot plot--square', tabindex: 0, role: 'region', 'aria-label': label });
  const hint = h('p', { class: 'scroll-hint', 'aria-hidden': 'true', text: 'Scroll sideways to see every column.' });
  return { cell: h('div', { class: 'plot-square-cell' }, plot, hint), plot };
}
