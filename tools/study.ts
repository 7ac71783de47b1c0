// npm run study [-- --out FILE --limit N]
// Runs the test-set study (src/lib/report/test-set-study.ts) over the MNIST test digits in Node and
// prints the medians the lessons quote; --out writes every row as JSON.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { summarizeStudy } from '../src/lib/report/study-summary';
import { intOption, parseArgs, stringOption } from './lib/cli-args';
import { loadMnistSplit } from './lib/mnist-node';
import { runStudyInWorkers } from './lib/study-workers';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['out', 'limit']);
  const test = loadMnistSplit('test');
  const count = Math.min(intOption(args, 'limit', 1) ?? test.images.count, test.images.count);
  const started = performance.now();
  // The same workers, protocol and loop as the build and the browser.
  const { rows } = await runStudyInWorkers(path.resolve('pretrained'), test.images.pixels, test.labels, count);
  const seconds = (performance.now() - started) / 1000;
  const { medians: m, accuracy, pearsonSpreadConfidence } = summarizeStudy(rows);
  const fmt = (v: number | null, d = 3) => (v === null ? 'n/a' : v.toFixed(d));
  const pct = (v: number | null) => (v === null ? 'n/a' : `${(100 * v).toFixed(2)} %`);
  console.log(`${rows.length} test digits in ${seconds.toFixed(1)} s (two wasm worker threads, Node)`);
  console.log(`accuracy: attention-CNN ${pct(accuracy.attention)}, traditional CNN ${pct(accuracy.traditional)}`);
  console.log(`median Pearson: attention~CAM ${fmt(m.pearsonAttentionCam)}, attention~Grad-CAM ${fmt(m.pearsonAttentionGradcam)}, CAM~Grad-CAM ${fmt(m.pearsonCamGradcam)}`);
  console.log(`median peak distance (px): attention~CAM ${fmt(m.peakDistanceAttentionCam, 1)}, attention~Grad-CAM ${fmt(m.peakDistanceAttentionGradcam, 1)}, CAM~Grad-CAM ${fmt(m.peakDistanceCamGradcam, 1)}`);
  console.log(`attention: median std ${fmt(m.attentionStd)}, median effective area ${fmt(m.attentionEffectiveAreaFraction)} of the 49 cells`);
  console.log(`Pearson(attention std, attention-CNN confidence) = ${fmt(pearsonSpreadConfidence)}`);
  const out = stringOption(args, 'out');
  if (out) writeFileSync(out, JSON.stringify(rows));
}

main().catch((error: unknown) => {
  console.error(`study: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
