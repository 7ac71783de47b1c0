// The build-time data the widgets start from (public/generated/figures.json, written by
// tools/build-assets.ts with the same engine): the self-test digit and logits from the model
// card, the default sample, and the test-set study summary.
import { MODEL_NAMES, type ModelName } from '../lib/models/registry';
import { decodeBase64 } from './base64';
import { fetchOk } from './fetch-ok';

export interface SelfTestCase {
  input: string;
  pixels: Uint8Array;
  logits: number[];
}

export interface PageData {
  selfTest: Record<ModelName, SelfTestCase>;
  sample: { source: string; label: number; pixels: Uint8Array };
  raw: Record<string, unknown>;
}

let loading: Promise<PageData> | null = null;

function fail(problem: string): never {
  throw new Error(`generated/figures.json is malformed: ${problem}`);
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${where} is not an object`);
  return value as Record<string, unknown>;
}

function pixels(value: unknown, where: string): Uint8Array {
  if (typeof value !== 'string') fail(`${where} is not base64 text`);
  const bytes = decodeBase64(value);
  if (!bytes || bytes.length !== 784) fail(`${where} is not 784 bytes of base64`);
  return bytes;
}

function logits(value: unknown, where: string): number[] {
  if (!Array.isArray(value) || value.length !== 10 || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) fail(`${where} is not 10 finite numbers`);
  return value as number[];
}

export function parsePageData(json: unknown): PageData {
  const root = record(json, 'the file');
  const selfTest = record(root.selfTest, 'selfTest');
  const selfPixels = pixels(selfTest.pixelsBase64, 'selfTest.pixelsBase64');
  const entry = (model: ModelName): SelfTestCase => {
    const m = record(selfTest[model], `selfTest.${model}`);
    return { input: String(m.input), pixels: selfPixels, logits: logits(m.logits, `selfTest.${model}.logits`) };
  };
  const sample = record(root.sample, 'sample');
  return {
    selfTest: Object.fromEntries(MODEL_NAMES.map((m) => [m, entry(m)])) as Record<ModelName, SelfTestCase>,
    sample: { source: String(sample.source), label: Number(sample.label), pixels: pixels(sample.pixelsBase64, 'sample.pixelsBase64') },
    raw: root,
  };
}

export function loadPageData(): Promise<PageData> {
  loading ??= fetchOk(`${import.meta.env.BASE_URL}generated/figures.json`, "the page's build data (generated/figures.json)")
    .then((response) => response.json() as Promise<unknown>)
    .then(parsePageData)
    .catch((error: unknown) => {
      loading = null;
      throw error;
    });
  return loading;
}
