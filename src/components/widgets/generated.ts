// Reads the build-time outputs of tools/build-assets.ts (public/generated/) for the widgets'
// static fallbacks. Fails the build with the fix when they are missing.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface GeneratedFigure {
  file: string;
  width: number;
  height: number;
  alt: string;
}

export interface GeneratedData {
  sample: { source: string; index: number; label: number };
  figures: Record<'input' | 'fourPanel' | 'comparison' | 'activations' | 'attack', GeneratedFigure>;
  summary: {
    count: number;
    accuracy: { attention: number | null; traditional: number | null };
    medians: Record<string, number | null>;
    pearsonSpreadConfidence: number | null;
    perClass: Array<{
      digit: number;
      count: number;
      accuracyAttention: number | null;
      accuracyTraditional: number | null;
      medianPearson: Record<string, number | null>;
    }>;
  };
}

let cached: GeneratedData | null = null;

export function generatedData(): GeneratedData {
  if (cached) return cached;
  const file = path.resolve('public/generated/figures.json');
  if (!existsSync(file)) throw new Error('public/generated/figures.json is missing: run `npm run assets` (npm run build does it first)');
  cached = JSON.parse(readFileSync(file, 'utf8')) as GeneratedData;
  return cached;
}
