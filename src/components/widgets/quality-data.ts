// Reads lab 1's attention-quality study (public/generated/attention-quality.json, written by
// tools/build-assets.ts) for the table's static fallback and the lesson's numbers.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { attentionQualitySchema, type AttentionQuality } from '../../lib/artifacts/attention-quality';
import { GENERATED_DIR, QUALITY_FILE } from '../../lib/report/defaults';

let cached: AttentionQuality | null = null;

export function attentionQualityData(): AttentionQuality {
  if (cached) return cached;
  const file = path.resolve('public', GENERATED_DIR, QUALITY_FILE);
  if (!existsSync(file))
    throw new Error(`${path.relative(process.cwd(), file)} is missing: run \`npm run assets\` (npm run build does it first)`);
  cached = attentionQualitySchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return cached;
}
