// npm run study [-- --out FILE --limit N]
// Runs the test-set study (src/lib/report/test-set-study.ts) over the MNIST test digits in Node and
// prints the medians the lessons quote; --out writes every row as JSON.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { summarizeStudy } from '../src/lib/report/study-summary';
import { intOption, parseArgs, runCli, stringOption, UsageError } from './lib/cli-args';
import { loadMnistSplit } from './lib/mnist-node';
import { runStudyInWorkers } from './lib/study-workers';

const USAGE = `
usage: npm run study [-- options]
  --limit N     study only the first N test digits (default all 10,000)
  --out FILE    also write every row as JSON
  --help        this text
Runs the test-set study with the pretrained/ models (two wasm worker threads) and prints the medians the lessons quote.
`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['out', 'limit']);
  if (args.positional.length > 0) throw new UsageError(`unexpected argument "${args.positional[0]}" (see --help)`);
  const limit = intOption(args, 'limit', 1);
  const test = loadMnistSplit('test');
  const count = Math.min(limit ?? test.images.count, test.images.count);
  const started = performance.now();
  // The same workers, protocol and loop as the build and the browser.
  const { rows } = await runStudyInWorkers(path.resolve('pretrained'), test.images.pixels, test.labels, count);
  const seconds = (performance.now() - started) / 1000;
  const { medians: m, accuracy, pearsonSpreadConfidence } = summarizeStudy(rows);
  const fmt = (v: number | null, d = 3) => (v === null ? 'n/a' : v.toFixed(d));
  const pct = (v: number | null) => (v === null ? 'n/a' : `${(100 * v).toFixed(2)} %`);
  console.log(`${rows.length} test digits in ${seconds.toFixed(1)} s (two wasm worker threads, Node)`);
  console.log(`accuracy: attention-CNN ${pct(accuracy.attention)}, traditional CNN ${pct(accuracy.traditional)}`);
  console.log(
    `median Pearson: attention~CAM ${fmt(m.pearsonAttentionCam)}, attention~Grad-CAM ${fmt(m.pearsonAttentionGradcam)}, CAM~Grad-CAM ${fmt(m.pearsonCamGradcam)}`,
  );
  console.log(
    `median peak distance (px): attention~CAM ${fmt(m.peakDistanceAttentionCam, 1)}, attention~Grad-CAM ${fmt(m.peakDistanceAttentionGradcam, 1)}, CAM~Grad-CAM ${fmt(m.peakDistanceCamGradcam, 1)}`,
  );
  console.log(
    `attention: median std ${fmt(m.attentionStd)}, median effective area ${fmt(m.attentionEffectiveAreaFraction)} of the 49 cells`,
  );
  console.log(`Pearson(attention std, attention-CNN confidence) = ${fmt(pearsonSpreadConfidence)}`);
  const out = stringOption(args, 'out');
  if (out) writeFileSync(out, JSON.stringify(rows));
}

runCli('study', USAGE, main);
