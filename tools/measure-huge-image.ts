// npx tsx tools/measure-huge-image.ts [side=10000]
// Issue 13's budget for huge inputs: a side×side PNG (a few hundred KB of deflated zeros) must
// finish or fail within 20 s and 1.5 GB in `explain`. Writes the PNG to a temporary folder, runs
// the CLI on it and prints wall time, peak memory (the child's max RSS) and its one-line answer.
// A measurement, not a unit test: timings belong in scripts, never in timed tests.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { handPng } from './lib/png-chunks';

const side = Number(process.argv[2] ?? 10000);
if (!Number.isInteger(side) || side < 1) throw new Error(`side must be a positive whole number, got ${process.argv[2]}`);

/** An 8-bit gray side×side PNG, black with a white bar (so it is not blank if it were decoded). */
function hugePng(): Buffer {
  const raw = Buffer.alloc((side + 1) * side); // filter byte 0 + samples per row
  const barX = Math.floor(side / 2);
  const barWidth = Math.max(1, Math.floor(side / 20));
  for (let y = Math.floor(side / 4); y < Math.floor((3 * side) / 4); y++)
    raw.fill(255, y * (side + 1) + 1 + barX, y * (side + 1) + 1 + barX + barWidth);
  return handPng(side, side, 8, 0, raw);
}

const dir = mkdtempSync(path.join(tmpdir(), 'huge-image-'));
try {
  const file = path.join(dir, `huge-${side}.png`);
  const png = hugePng();
  writeFileSync(file, png);
  const tsx = path.join('node_modules', '.bin', 'tsx');
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', tsx, 'tools/explain.ts', file, '--json'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  const lines = run.stderr
    .trim()
    .split('\n')
    .filter((line) => !line.startsWith('Command exited'));
  const maxRssMb = Number(lines.pop()) / 1024;
  const answer = lines.join(' ').trim() || (run.stdout ? `JSON of ${run.stdout.length} bytes` : '(no output)');
  const pass = seconds <= 20 && maxRssMb <= 1536;
  console.log(
    `${pass ? 'PASS' : 'MISS'} ${side}×${side} PNG (${(png.length / 1024).toFixed(0)} KB): exit ${run.status}, ${seconds.toFixed(1)} s, peak ${maxRssMb.toFixed(0)} MB (budget 20 s, 1536 MB)`,
  );
  console.log(`  answer: ${answer}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
