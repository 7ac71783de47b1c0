// npm run study [-- --out FILE --limit N]
// Runs the test-set study (src/lib/report/test-set-study.ts) over the MNIST test digits in Node and
// prints the medians the lessons quote; --out writes every row as JSON.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { pearsonArrays } from '../src/lib/metrics/correlation';
import { median, studyBatch, type StudyRow } from '../src/lib/report/test-set-study';
import { useBackend } from './lib/backend-node';
import { intOption, parseArgs, stringOption } from './lib/cli-args';
import { loadPretrained } from './lib/load-pretrained';
import { loadMnistSplit } from './lib/mnist-node';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['out', 'limit']);
  await useBackend('wasm');
  const models = loadPretrained(path.resolve('pretrained'));
  const test = loadMnistSplit('test');
  const count = Math.min(intOption(args, 'limit', 1) ?? test.images.count, test.images.count);
  const rows: StudyRow[] = [];
  const started = performance.now();
  for (let start = 0; start < count; start += 250) {
    const n = Math.min(250, count - start);
    const images = Array.from({ length: n }, (_, i) => test.images.pixels.subarray((start + i) * 784, (start + i + 1) * 784));
    rows.push(...studyBatch(models, images, test.labels.subarray(start, start + n), start));
  }
  const seconds = (performance.now() - started) / 1000;
  const pick = (k: keyof StudyRow) => rows.map((r) => r[k] as number | null);
  const fmt = (v: number | null, d = 3) => (v === null ? 'n/a' : v.toFixed(d));
  console.log(`${rows.length} test digits in ${seconds.toFixed(1)} s (wasm, Node)`);
  console.log(`median Pearson: attention~CAM ${fmt(median(pick('pearsonAttentionCam')))}, attention~Grad-CAM ${fmt(median(pick('pearsonAttentionGradcam')))}, CAM~Grad-CAM ${fmt(median(pick('pearsonCamGradcam')))}`);
  console.log(`median peak distance (px): attention~CAM ${fmt(median(pick('peakDistanceAttentionCam')), 1)}, attention~Grad-CAM ${fmt(median(pick('peakDistanceAttentionGradcam')), 1)}, CAM~Grad-CAM ${fmt(median(pick('peakDistanceCamGradcam')), 1)}`);
  const means = rows.map((r) => r.attentionStd);
  console.log(`attention: median std ${fmt(median(means))}, median effective area ${fmt(median(pick('attentionEffectiveAreaFraction')))} of the 49 cells`);
  console.log(`Pearson(attention std, attention-CNN confidence) = ${fmt(pearsonArrays(means, pick('attentionConfidence') as number[]))}`);
  const out = stringOption(args, 'out');
  if (out) writeFileSync(out, JSON.stringify(rows));
  tf.dispose([...Object.values(models.attention), ...Object.values(models.traditional)]);
}

main().catch((error: unknown) => {
  console.error(`study: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
