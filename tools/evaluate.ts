// npm run evaluate [-- --backend wasm|cpu] [--dir pretrained] [--dump-logits DIR]
// Re-measures the committed weights of every registry model on its test set (MNIST's 10,000, or
// lab 1's Fashion-MNIST split) and checks them against pretrained/model-card.json: file sha256,
// test accuracy (at least the model's bar, and as recorded) and the self-test logits. Any mismatch
// is an error: the weights are a public interface.
// --dump-logits writes each model's 10,000×10 test logits (float32, little-endian) for the
// PyTorch cross-check in tools/pytorch/check_weights.py.
import path from 'node:path';
import { MODEL_IDS, type ModelId } from '../src/lib/models/registry';
import { parseBackend } from './lib/backend-node';
import { parseArgs, runCli, stringOption, UsageError } from './lib/cli-args';
import type { EvaluateResult } from './lib/evaluate-model';
import { loadMnistSplit } from './lib/mnist-node';
import { runNodeWorker } from './lib/node-worker';
import { MODEL_CARD_FILE, readModelCard } from './lib/package-model';

const USAGE = `
usage: npm run evaluate [-- options]
  --dir DIR            weights folder with model-card.json (default pretrained)
  --backend wasm|cpu   tfjs backend (default wasm)
  --dump-logits DIR    also write each model's 10,000×10 test logits (float32) into DIR
  --help               this text
Checks every model against the model card: file sha256, test accuracy (≥ 99.2 % for the course's
networks, ≥ 99 % for lab 1's MNIST variants, ≥ 90 % on Fashion-MNIST; as recorded) and the
self-test logits; exits 1 on any mismatch.
`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['backend', 'dir', 'dump-logits']);
  if (args.positional.length > 0) throw new UsageError(`unexpected argument "${args.positional[0]}" (see --help)`);
  const backend = parseBackend(stringOption(args, 'backend'));
  const dir = path.resolve(stringOption(args, 'dir') ?? 'pretrained');
  const card = readModelCard(dir);
  if (!card) throw new Error(`${path.join(dir, MODEL_CARD_FILE)} is missing`);
  const test = loadMnistSplit('test');
  for (const [name, sha] of Object.entries(card.data.files)) {
    const actual = [test.files.images, test.files.labels].find((f) => f.name === name);
    if (actual && actual.sha256 !== sha) throw new Error(`MNIST file ${name} has sha256 ${actual.sha256}, model card says ${sha}`);
  }
  const dumpDir = stringOption(args, 'dump-logits') ?? null;
  // Two worker threads (one per core), each with every other model (starting a thread costs
  // seconds); lines in registry order.
  const shares = [0, 1].map((w) => MODEL_IDS.filter((_, i) => i % 2 === w));
  const results = new Map<ModelId, EvaluateResult>();
  await Promise.all(
    shares.map(async (models, w) => {
      const requests = models.map((model) => ({ dir, model, backend, dumpDir }));
      const done = await runNodeWorker<{ type: 'done'; results: EvaluateResult[] }>(
        { kind: 'evaluate', requests, backend },
        `evaluate worker ${w} (${models.join(', ')})`,
      );
      models.forEach((model, i) => results.set(model, done.results[i]));
    }),
  );
  const failures: string[] = [];
  for (const model of MODEL_IDS) {
    const result = results.get(model)!;
    console.log(result.line);
    failures.push(...result.failures);
  }
  if (failures.length > 0) throw new Error(`evaluation failed:\n  ${failures.join('\n  ')}`);
  console.log(`evaluate: all ${MODEL_IDS.length} models match the model card and reach their accuracy targets`);
}

runCli('evaluate', USAGE, main);
