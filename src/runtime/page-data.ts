// The build-time data the widgets start from (public/generated/figures.json, written by
// tools/build-assets.ts with the same engine): the self-test digit and logits from the model
// card, the default sample, and the test-set study summary.
import { figuresSchema, selfTestEntrySchema, type FiguresManifest, type SelfTestEntry } from '../lib/artifacts/figures';
import { PIXELS_PER_IMAGE } from '../lib/contract/constants';
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

function pixels(value: string, where: string): Uint8Array {
  const bytes = decodeBase64(value);
  if (!bytes || bytes.length !== PIXELS_PER_IMAGE)
    throw new Error(`generated/figures.json is malformed: ${where} is not ${PIXELS_PER_IMAGE} bytes of base64`);
  return bytes;
}

/** Validates figures.json with its schema (the one the build writes it with). */
export function parsePageData(json: unknown): PageData {
  let root: FiguresManifest;
  try {
    root = figuresSchema.parse(json);
  } catch (error) {
    throw new Error(`generated/figures.json is malformed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const selfPixels = pixels(root.selfTest.pixelsBase64, 'selfTest.pixelsBase64');
  const entries = root.selfTest as unknown as Record<string, unknown>;
  const entry = (model: ModelName): SelfTestCase => {
    let m: SelfTestEntry;
    try {
      m = selfTestEntrySchema.parse(entries[model], `selfTest.${model}`);
    } catch (error) {
      throw new Error(`generated/figures.json is malformed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { input: m.input, pixels: selfPixels, logits: m.logits };
  };
  return {
    selfTest: Object.fromEntries(MODEL_NAMES.map((m) => [m, entry(m)])) as Record<ModelName, SelfTestCase>,
    sample: { source: root.sample.source, label: root.sample.label, pixels: pixels(root.sample.pixelsBase64, 'sample.pixelsBase64') },
    raw: root as unknown as Record<string, unknown>,
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
