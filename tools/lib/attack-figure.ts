// The attack CLI's PNG figure (tools/attack.ts --png): clean image, perturbation (diverging,
// centred at 0, ±ε) and adversarial image, then each network's maps before and after the attack
// on one shared scale per map. Engine output in, figure rows out; tools/lib/figure-png.ts draws them.
import type { Heatmap } from '../../src/lib/contract/heatmap';
import { heatmap } from '../../src/lib/contract/heatmap';
import { applyColormap, applyDiverging } from '../../src/lib/explain/colormap';
import { normalizeWithRange, sharedRange } from '../../src/lib/explain/normalize';
import { upsampleNearest } from '../../src/lib/explain/upsample';
import type { AttackOutcome } from '../../src/lib/attack/attack-report';
import { ATTACK_REPORT_MAPS } from '../../src/lib/attack/attack-report';
import { findMethod } from '../../src/lib/explain/methods';
import { getModel, MODEL_NAMES } from '../../src/lib/models/registry';
import type { FigurePanel, FigureRow } from './figure-png';
import { grayRgba } from './explain-figures';

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(2));
const pixels28 = (p: Float32Array) => grayRgba(Array.from(p, (v) => Math.round(255 * v)));

/** Before and after of one map on one scale: diverging around 0 for signed maps. */
function mapPair(title: string, before: Heatmap, after: Heatmap, signed: boolean, labels: [string, string]): FigurePanel[] {
  const big = (m: Heatmap) => upsampleNearest(m, 28, 28);
  if (signed) {
    const limit = Math.max(...[...before.data, ...after.data].map(Math.abs)) || 1;
    return [before, after].map((m, k) => ({
      caption: `${title} ${labels[k]}`,
      width: 28,
      height: 28,
      rgba: applyDiverging(big(m), limit),
      colorbar: { colormap: 'diverging', minLabel: fmt(-limit), maxLabel: fmt(limit) },
    }));
  }
  const range = sharedRange([before, after]);
  return [before, after].map((m, k) => ({
    caption: `${title} ${labels[k]}`,
    width: 28,
    height: 28,
    rgba: applyColormap(normalizeWithRange(big(m), range), 'jet'),
    colorbar: { colormap: 'jet', minLabel: fmt(range.min), maxLabel: fmt(range.max) },
  }));
}

export function attackFigureRows(outcome: AttackOutcome, title: string): FigureRow[] {
  const { report, example } = outcome;
  const eps = report.attack.eps;
  const perturbation = heatmap(28, 28, example.perturbation);
  const rows: FigureRow[] = [
    {
      title: `${title}: ${report.attack.method.toUpperCase()} eps=${eps} on the ${getModel(report.attack.model).label}${report.attack.target === null ? '' : `, target ${report.attack.target}`}`,
      panels: [
        { caption: 'clean', width: 28, height: 28, rgba: pixels28(outcome.clean) },
        {
          caption: 'perturbation',
          width: 28,
          height: 28,
          rgba: applyDiverging(perturbation, eps > 0 ? eps : 1),
          colorbar: { colormap: 'diverging', minLabel: `-${eps}`, maxLabel: `+${eps}` },
        },
        { caption: 'adversarial', width: 28, height: 28, rgba: pixels28(example.pixels) },
      ],
    },
  ];
  for (const id of MODEL_NAMES) {
    const side = report[getModel(id).reportKey as 'attention_cnn' | 'traditional_cnn'];
    const labels: [string, string] = [`(${side.before.predicted})`, `(${side.after.predicted})`];
    rows.push({
      title: `${getModel(id).label}: ${side.before.predicted} before, ${side.after.predicted} after`,
      panels: ATTACK_REPORT_MAPS[id].flatMap((method) => {
        const entry = findMethod(method);
        const pair = outcome.maps[id][method];
        return mapPair(entry.reportKey, pair.before, pair.after, entry.signed, labels);
      }),
    });
  }
  return rows;
}
