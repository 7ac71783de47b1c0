// What every explaining widget can export: the CLI's JSON for the current digit (the same
// explanationReport the `explain` command prints) and the panels as one PNG.
import { explanationReport, type ExtraMethod, type ModelSet } from '../lib/report/explanation-report';
import { reportInput, type DigitInput } from '../runtime/input-store';
import { download, h } from './dom';
import type { MapView } from './map-view';

export async function exportReport(models: ModelSet, input: DigitInput, classes: 'predicted' | number[], methods: ExtraMethod[], name: string): Promise<void> {
  const report = await explanationReport(models, input.pixels, { classes, methods: new Set(methods), input: reportInput(input) });
  download(`${name}.json`, new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' }));
}

/** Lays the panels' canvases side by side, scaled up without smoothing, titles above. */
export function exportPanels(views: readonly MapView[], name: string, scale = 8): Promise<void> {
  const cell = 28 * scale;
  const gap = 16;
  const titleHeight = 28;
  const canvas = h('canvas', { width: views.length * cell + (views.length + 1) * gap, height: cell + titleHeight + 2 * gap });
  const ctx = canvas.getContext('2d');
  if (!ctx) return Promise.reject(new Error('this browser cannot draw a PNG (no 2D canvas)'));
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.imageSmoothingEnabled = false;
  ctx.fillStyle = '#1a1a1a';
  ctx.font = '14px sans-serif';
  views.forEach((view, i) => {
    const x = gap + i * (cell + gap);
    ctx.fillText(view.element.querySelector('figcaption')?.textContent ?? '', x, gap + 14, cell);
    ctx.drawImage(view.canvas, x, gap + titleHeight, cell, cell);
  });
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => {
      if (!blob) return reject(new Error('the PNG could not be encoded'));
      download(`${name}.png`, blob);
      resolve();
    }, 'image/png'),
  );
}

/** A file-name-safe slug for the current input, e.g. "mnist-test-12". */
export function inputSlug(input: DigitInput): string {
  return input.source.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').slice(0, 60) || 'digit';
}
