// What every explaining widget can export: the CLI's JSON for the current digit (the same
// explanationReport the `explain` command prints) and the panels as one PNG.
import { explanationReport, type ExtraMethod, type ModelSet } from '../lib/report/explanation-report';
import { reportInput, type DigitInput } from '../runtime/input-store';
import type { ModelSession } from '../runtime/session';
import { labWeightsSource } from '../runtime/lab-models';
import { getModel, type ModelId } from '../lib/models/registry';
import { download, h } from './dom';
import type { MapView } from './map-view';

/** The weights behind an export: per network, course or custom, file name, size and SHA-256. */
export function weightsUsed(session: ModelSession): Record<string, { kind: string; name: string; bytes: number; sha256: string }> {
  return Object.fromEntries(
    Object.entries(session.weights).map(([model, w]) => [model, { kind: w.kind, name: w.name, bytes: w.bytes, sha256: w.sha256 }]),
  );
}

/** Which weights lab models ran with: the committed file, or the reader's (with its hash). */
export function labWeightsUsed(ids: readonly ModelId[]): Record<string, { kind: string; name: string; bytes?: number; sha256?: string }> {
  return Object.fromEntries(
    ids.map((id) => {
      const own = labWeightsSource(id);
      return [
        id,
        own
          ? { kind: own.kind, name: own.name, bytes: own.bytes, sha256: own.sha256 }
          : { kind: 'committed', name: getModel(id).weightsFile },
      ];
    }),
  );
}

/** "weights: course" or "weights: attention-CNN my.safetensors (custom)" for a figure's header. */
export function weightsLine(session: ModelSession): string {
  const custom = Object.entries(session.weights).filter(([, w]) => w.kind === 'custom');
  return custom.length === 0
    ? 'weights: the course’s pretrained weights'
    : `weights: ${custom.map(([m, w]) => `${m} ${w.name} (custom, sha256 ${w.sha256.slice(0, 12)}…)`).join('; ')}`;
}

/** The CLI's report, plus `extras` (display settings, weights used) at its top level. */
export async function exportReport(
  models: ModelSet,
  input: DigitInput,
  classes: 'predicted' | number[],
  methods: ExtraMethod[],
  name: string,
  extras?: Record<string, unknown>,
): Promise<void> {
  const report = await explanationReport(models, input.pixels, { classes, methods: new Set(methods), input: reportInput(input), extras });
  download(`${name}.json`, new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' }));
}

/**
 * A slide-ready figure: header lines (what, which network, class, prediction, digit, weights),
 * then the panels side by side, scaled up without smoothing, each with its title, its colour bar
 * and the bar's range and units.
 */
export function exportPanels(views: readonly MapView[], name: string, header: readonly string[] = [], scale = 8): Promise<void> {
  const cell = 28 * scale;
  const gap = 16;
  const line = 20;
  const top = gap + header.length * line;
  const titleHeight = 28;
  const legendHeight = 12 + 2 * 16;
  const canvas = h('canvas', {
    width: views.length * cell + (views.length + 1) * gap,
    height: top + titleHeight + cell + legendHeight + 2 * gap,
  });
  const ctx = canvas.getContext('2d');
  if (!ctx) return Promise.reject(new Error('this browser cannot draw a PNG (no 2D canvas)'));
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.imageSmoothingEnabled = false;
  ctx.fillStyle = '#1a1a1a';
  ctx.font = '15px sans-serif';
  header.forEach((text, k) => ctx.fillText(text, gap, gap + 15 + k * line, canvas.width - 2 * gap));
  views.forEach((view, i) => {
    const x = gap + i * (cell + gap);
    ctx.font = '14px sans-serif';
    ctx.fillText(view.title, x, top + 14, cell);
    ctx.drawImage(view.canvas, x, top + titleHeight, cell, cell);
    const legend = view.legend;
    if (!legend) return;
    const y = top + titleHeight + cell + 6;
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(legend.bar, x, y, cell, 10);
    ctx.imageSmoothingEnabled = false;
    ctx.font = '12px sans-serif';
    ctx.fillText(legend.range, x, y + 26, cell);
    ctx.fillText(legend.note, x, y + 42, cell);
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
  return (
    input.source
      .replace(/[^a-z0-9]+/gi, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'digit'
  );
}
