// The Node side of the study's worker protocol end to end: two worker threads (tsx loaded in each,
// tfjs wasm) over a few test digits give the rows the same loop gives on this thread.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMnistSplit } from './mnist-node';
import { runStudyInWorkers } from './study-workers';

describe('runStudyInWorkers', () => {
  it('splits the digits over two threads and returns every row once, in order', async () => {
    const test = loadMnistSplit('test');
    const run = await runStudyInWorkers(path.resolve('pretrained'), test.images.pixels, test.labels, 9, 4);
    expect(run.rows.map((r) => r.index)).toEqual(Array.from({ length: 9 }, (_, i) => i));
    expect(run.rows.map((r) => r.label)).toEqual(Array.from(test.labels.subarray(0, 9)));
    expect(run.timings).toHaveLength(2);
    expect(run.timings.map((t) => t.batchMs.length)).toEqual([2, 1]); // 5 digits in batches of 4 + 1, then 4
    for (const r of run.rows) expect(r.attentionPredicted).toBe(r.label); // the first 9 digits are easy
  }, 120_000);
});
