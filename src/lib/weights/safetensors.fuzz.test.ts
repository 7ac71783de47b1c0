// Fuzz tests for the weights-file parsers: seeded random mutations of valid files (the shipped
// pretrained files and small hand-made ones). Every mutation must either parse into a
// self-consistent result or be refused with the parser's own error and a message: never a
// TypeError/RangeError from inside, a hang or a huge allocation. Reproducible: a failure names
// the seed file, the case index and the mutation; rerun with the same SEED.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getModel, MODEL_REGISTRY as M, type ModelName } from '../models/registry';
import { createRng, randomInt } from '../rng';
import { DEEP_ARRAY, jsonText, mutateBytes, mutateJson, outcomeOf, pick, Tally, writeUint, type Rng } from '../testing/mutate';
import { tfjsShape } from './layout';
import { loadModelWeights, ModelWeightsError } from './model-weights';
import { MAX_HEADER_BYTES, readSafetensors, SafetensorsError, writeSafetensors, type SafetensorsContents } from './safetensors';

const SEED = 20240601;
// Generous: the 2-core CI machine may be busy with other suites.
const TIMEOUT_MS = 60_000;

const ATTENTION_FILE = new Uint8Array(readFileSync('pretrained/attention-cnn.safetensors'));
const TRADITIONAL_FILE = new Uint8Array(readFileSync('pretrained/traditional-cnn.safetensors'));

const product = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);
const values = (length: number, seed: number) => {
  const rng = createRng(seed);
  return Float32Array.from({ length }, () => rng() - 0.5);
};

/** A file with a hand-written header text (not padded, any key order) and the given data bytes. */
function rawFile(header: string, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const SMALL_FILES: readonly Uint8Array[] = [
  writeSafetensors(
    {
      'b.weight': { shape: [2, 3], data: values(6, 1) },
      'a.bias': { shape: [2], data: values(2, 2) },
      scalar: { shape: [], data: values(1, 3) },
      empty: { shape: [0, 3], data: new Float32Array(0) },
    },
    { model: 'demo' },
  ),
  writeSafetensors({ 'conv.weight': { shape: [2, 1, 3, 3], data: values(18, 4) }, 'conv.bias': { shape: [2], data: values(2, 5) } }),
  // Another writer's style: no metadata, no padding, data in a different order than the keys.
  rawFile(
    '{"y":{"dtype":"F32","shape":[3],"data_offsets":[8,20]},"x":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]}}',
    new Uint8Array(values(5, 6).buffer),
  ),
  writeSafetensors({}),
];

/** The attention model's small tensors only (no conv2/conv3): 21 KB, valid safetensors, never a valid model. */
const PARTIAL_ATTENTION = writeSafetensors(
  Object.fromEntries(
    getModel('attention')
      .params.filter((s) => s.key !== 'conv2.weight' && s.key !== 'conv3.weight')
      .map((s, i) => [s.key, { shape: [...s.shape], data: values(product(s.shape), 10 + i) }]),
  ),
  { source: 'fuzz' },
);

// ---------------------------------------------------------------------------------------------
// The mutator

interface Parts {
  header: Record<string, unknown>;
  headerLength: number;
  data: Uint8Array;
}

/** Splits a valid seed file. */
function split(bytes: Uint8Array): Parts {
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  const text = new TextDecoder().decode(bytes.subarray(8, 8 + headerLength));
  return { header: JSON.parse(text), headerLength, data: bytes.subarray(8 + headerLength) };
}

/** Header bytes (optionally padded to 8 like the reference writer) + data, with the right length field. */
function assemble(header: Uint8Array | string, data: Uint8Array, pad: boolean): Uint8Array {
  const json = typeof header === 'string' ? new TextEncoder().encode(header) : header;
  const length = pad ? Math.ceil(json.length / 8) * 8 : json.length;
  const out = new Uint8Array(8 + length + data.length).fill(0x20, 8 + json.length, 8 + length);
  new DataView(out.buffer).setUint32(0, length, true);
  out.set(json, 8);
  out.set(data, 8 + length);
  return out;
}

type Entry = { dtype: unknown; shape: unknown; data_offsets: unknown };
const tensorNames = (header: Record<string, unknown>) => Object.keys(header).filter((k) => k !== '__metadata__');

const DTYPES = ['F16', 'BF16', 'F64', 'I32', 'I64', 'U8', 'BOOL', 'F8_E4M3', 'f32', 'F32 ', '', 'FLOAT', null, 32, ['F32']];
const INVALID_UTF8 = [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80]];
const NON_OBJECTS = ['[]', 'null', '1', '"x"', 'true', '[{}]', '', ' ', '{', '{}}', '{"a":1,}', "{'a':1}"];

/** Edits one tensor entry (or the metadata) of a parsed header in place. Returns the edit's name. */
function editLayout(header: Record<string, unknown>, dataLength: number, rng: Rng): string {
  const names = tensorNames(header);
  if (names.length === 0) {
    Object.defineProperty(header, pick(rng, ['t', '__proto__', '']), {
      value: { dtype: 'F32', shape: [pick(rng, [0, 1, 2])], data_offsets: [0, pick(rng, [0, 4, 8])] },
      enumerable: true,
      writable: true,
      configurable: true,
    });
    return 'add-tensor';
  }
  const name = pick(rng, names);
  const entry = header[name] as Entry;
  const [begin, end] = entry.data_offsets as number[];
  const other = header[pick(rng, names)] as Entry;
  const edit = pick(rng, [
    'dtype',
    'shape-dim',
    'flatten',
    'add-dim',
    'drop-dim',
    'huge-shape',
    'overlap',
    'swap-offsets',
    'out-of-range',
    'negative',
    'non-integer',
    'shift',
    'unsafe-offset',
    'remove-field',
    'remove-tensor',
    'rename',
    'metadata',
  ]);
  const shape = entry.shape as number[];
  switch (edit) {
    case 'dtype':
      entry.dtype = pick(rng, DTYPES);
      break;
    case 'shape-dim':
      if (shape.length > 0)
        (shape as unknown[])[randomInt(rng, shape.length)] = pick(rng, [0, 1, -1, 1.5, 2 ** 32, 2 ** 53, '2', null, shape[0] + 1]);
      else entry.shape = [pick(rng, [0, 1, 2])];
      break;
    case 'flatten': // same element count: valid for the reader, wrong for a model
      entry.shape = rng() < 0.5 ? [product(shape)] : [1, ...shape, 1];
      break;
    case 'add-dim':
      shape.push(pick(rng, [0, 1, 2, 2 ** 30]));
      break;
    case 'drop-dim':
      shape.pop();
      break;
    case 'huge-shape': // the element count overflows 2^53 (or is huge but zero through a 0 dimension)
      entry.shape = pick(rng, [
        [2 ** 26, 2 ** 26, 2 ** 26],
        [2 ** 53 - 1, 2 ** 53 - 1],
        [2 ** 40, 0, 2 ** 40],
        [2 ** 31, 2 ** 31],
      ]);
      break;
    case 'overlap':
      entry.data_offsets = [...(other.data_offsets as number[])];
      break;
    case 'swap-offsets': // valid when both tensors have the same byte size
      [entry.data_offsets, other.data_offsets] = [other.data_offsets, entry.data_offsets];
      break;
    case 'out-of-range': {
      const k = pick(rng, [0, 4, 8, 2 ** 32, 2 ** 52]);
      entry.data_offsets = [dataLength + k - (end - begin), dataLength + k];
      break;
    }
    case 'negative':
      entry.data_offsets = pick(rng, [
        [-4, end - 4],
        [begin, -end],
        [-(end - begin), 0],
      ]);
      break;
    case 'non-integer':
      entry.data_offsets = pick(rng, [[begin + 0.5, end + 0.5], [begin, end + 1e-9], [String(begin), end], [begin], [begin, end, end], {}]);
      break;
    case 'shift': {
      const by = pick(rng, [-4, 4, -1, 1]);
      entry.data_offsets = [begin + by, end + by];
      break;
    }
    case 'unsafe-offset':
      entry.data_offsets = pick(rng, [
        [2 ** 53, 2 ** 53 + 4],
        [begin, 2 ** 64],
        [1e308, 1e308],
      ]);
      break;
    case 'remove-field':
      delete (entry as Partial<Entry>)[pick(rng, ['dtype', 'shape', 'data_offsets'] as const)];
      break;
    case 'remove-tensor':
      delete header[name];
      break;
    case 'rename': {
      delete header[name];
      Object.defineProperty(header, pick(rng, ['__proto__', 'constructor', '', 'é', name.toUpperCase()]), {
        value: entry,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      break;
    }
    case 'metadata':
      header.__metadata__ = pick(rng, [undefined, {}, { format: 'pt', n: 1 }, { format: null }, [], 'pt', null, { a: DEEP_ARRAY }]);
      break;
  }
  return edit;
}

/** Writes a float32 NaN, ±Infinity or a harmless value into the data region. */
function writeFloat(bytes: Uint8Array, dataStart: number, rng: Rng): Uint8Array {
  const out = bytes.slice();
  const slots = Math.floor((out.length - dataStart) / 4);
  if (slots === 0) return out;
  const at = dataStart + 4 * randomInt(rng, slots);
  new DataView(out.buffer).setUint32(at, pick(rng, [0x7fc00000, 0x7f800000, 0xff800000, 0x7f800001, 0xffffffff, 0x3f800000]), true);
  return out;
}

/** One seeded mutation of a valid safetensors file. */
function mutateSafetensors(seed: Uint8Array, rng: Rng): { kind: string; bytes: Uint8Array } {
  const { header, headerLength, data } = split(seed);
  const headerRange = [8, 8 + headerLength] as const;
  const kind = pick(rng, [
    'bytes',
    'bytes',
    'header-bytes',
    'header-bytes',
    'header-length',
    'header-length',
    'json',
    'json',
    'layout',
    'layout',
    'layout',
    'duplicate-key',
    'non-object',
    'invalid-utf8',
    'whitespace',
    'float',
  ]);
  switch (kind) {
    case 'bytes': {
      const m = mutateBytes(seed, rng);
      return { kind: m.kind, bytes: m.bytes };
    }
    case 'header-bytes': {
      const m = mutateBytes(seed, rng, headerRange);
      return { kind: `header-${m.kind}`, bytes: m.bytes };
    }
    case 'header-length': {
      const value = pick<number | bigint>(rng, [
        0,
        1,
        2,
        7,
        headerLength - 1,
        headerLength + 1,
        headerLength + 8,
        seed.length - 8,
        seed.length - 7,
        seed.length,
        2 ** 31,
        2 ** 32,
        2 ** 32 + headerLength,
        2 ** 53,
        2n ** 53n + 1n,
        2n ** 64n - 1n,
        MAX_HEADER_BYTES,
        MAX_HEADER_BYTES + 1,
        randomInt(rng, 2 ** 32),
      ]);
      return { kind, bytes: writeUint(seed, 0, 8, value, true) };
    }
    case 'json': {
      const m = mutateJson(header, rng);
      return { kind: `json-${m.kind}`, bytes: assemble(jsonText(m.value), data, rng() < 0.5) };
    }
    case 'layout': {
      const edit = editLayout(header, data.length, rng);
      return { kind: `layout-${edit}`, bytes: assemble(jsonText(header), data, rng() < 0.5) };
    }
    case 'duplicate-key': {
      // JSON.parse keeps the last of duplicate keys; the reference parser refuses them. Either is fine, as long as the result is consistent.
      const names = Object.keys(header);
      const text = jsonText(header);
      const key = names.length > 0 ? pick(rng, names) : 'x';
      const value = names.length > 0 ? jsonText(header[pick(rng, names)]) : '{}';
      return { kind, bytes: assemble(`${text.slice(0, -1)}${names.length > 0 ? ',' : ''}"${key}":${value}}`, data, true) };
    }
    case 'non-object':
      return { kind, bytes: assemble(pick(rng, NON_OBJECTS), data, rng() < 0.5) };
    case 'invalid-utf8': {
      const json = new TextEncoder().encode(jsonText(header));
      const at = randomInt(rng, json.length + 1);
      const bad = pick(rng, INVALID_UTF8);
      const out = new Uint8Array(json.length + bad.length);
      out.set(json.subarray(0, at));
      out.set(bad, at);
      out.set(json.subarray(at), at + bad.length);
      return { kind, bytes: assemble(out, data, rng() < 0.5) };
    }
    case 'whitespace': // valid: JSON whitespace and padding around the header
      return {
        kind,
        bytes: assemble(`${pick(rng, [' ', '\n', '\t', '\r\n'])}${jsonText(header)}${pick(rng, ['', '  ', '\n'])}`, data, rng() < 0.5),
      };
    default:
      return { kind, bytes: writeFloat(seed, 8 + headerLength, rng) };
  }
}

/** Mutates `seed` once, or twice (a second byte-level mutation on top) one time in five. */
function mutate(seed: Uint8Array, rng: Rng): { kind: string; bytes: Uint8Array } {
  const first = mutateSafetensors(seed, rng);
  if (rng() >= 0.2) return first;
  const second = mutateBytes(first.bytes, rng);
  return { kind: `${first.kind}+${second.kind}`, bytes: second.bytes };
}

// ---------------------------------------------------------------------------------------------
// Properties of accepted results

function fail(label: string, problem: string): never {
  throw new Error(`${label}: accepted, but ${problem}`);
}

function checkContents(label: string, bytes: Uint8Array, contents: SafetensorsContents): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true) * 2 ** 32 + view.getUint32(0, true);
  if (8 + headerLength > bytes.length) fail(label, `header length ${headerLength} goes beyond the file`);
  for (const [key, value] of Object.entries(contents.metadata)) {
    if (typeof value !== 'string') fail(label, `metadata "${key}" is a ${typeof value}`);
  }
  let dataBytes = 0;
  for (const [name, t] of Object.entries(contents.tensors)) {
    if (t.dtype !== 'F32') fail(label, `tensor "${name}" has dtype ${String(t.dtype)}`);
    if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && d >= 0))
      fail(label, `tensor "${name}" has a bad shape`);
    if (!(t.data instanceof Float32Array)) fail(label, `tensor "${name}" data is not a Float32Array`);
    if (t.data.length !== product(t.shape)) fail(label, `tensor "${name}" has ${t.data.length} values for shape [${t.shape}]`);
    if (t.data.buffer === bytes.buffer) fail(label, `tensor "${name}" is a view into the input, not a copy`);
    for (let i = 0; i < t.data.length; i++) if (!Number.isFinite(t.data[i])) fail(label, `tensor "${name}" has a non-finite value`);
    dataBytes += t.data.byteLength;
  }
  if (dataBytes !== bytes.length - 8 - headerLength) {
    fail(label, `tensors hold ${dataBytes} bytes, the data buffer has ${bytes.length - 8 - headerLength}`);
  }
}

function checkModelWeights(label: string, model: ModelName, loaded: ReturnType<typeof loadModelWeights>): void {
  const specs = getModel(model).params;
  const keys = Object.keys(loaded.params);
  if (keys.length !== specs.length || !specs.every((s) => keys.includes(s.key))) fail(label, `parameters are [${keys.join(', ')}]`);
  for (const spec of specs) {
    const { shape, data } = loaded.params[spec.key];
    const expected = tfjsShape(spec);
    if (shape.length !== expected.length || !shape.every((d, i) => d === expected[i])) fail(label, `${spec.key} has shape [${shape}]`);
    if (data.length !== product(expected)) fail(label, `${spec.key} has ${data.length} values`);
    for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) fail(label, `${spec.key} has a non-finite value`);
  }
  for (const [key, value] of Object.entries(loaded.metadata)) {
    if (typeof value !== 'string') fail(label, `metadata "${key}" is a ${typeof value}`);
  }
}

// ---------------------------------------------------------------------------------------------

function fuzzReader(tally: Tally, name: string, seed: Uint8Array, cases: number, seedNumber: number): void {
  const rng = createRng(seedNumber);
  for (let i = 0; i < cases; i++) {
    const { kind, bytes } = mutate(seed, rng);
    const label = `readSafetensors(${name}, seed ${seedNumber}, case ${i}, ${kind})`;
    tally.record(
      kind,
      outcomeOf(
        label,
        () => readSafetensors(bytes),
        SafetensorsError,
        (c) => checkContents(label, bytes, c),
      ),
    );
  }
}

function fuzzLoader(tally: Tally, name: string, model: ModelName, seed: Uint8Array, cases: number, seedNumber: number): void {
  const rng = createRng(seedNumber);
  for (let i = 0; i < cases; i++) {
    const { kind, bytes } = mutate(seed, rng);
    // Now and then ask for the other model, whose file this is not.
    const asked: ModelName = rng() < 0.1 ? (model === 'attention' ? 'traditional' : 'attention') : model;
    const label = `loadModelWeights(${asked}, ${name}, seed ${seedNumber}, case ${i}, ${kind})`;
    tally.record(
      kind,
      outcomeOf(
        label,
        () => loadModelWeights(M[asked], bytes),
        ModelWeightsError,
        (w) => checkModelWeights(label, asked, w),
      ),
    );
  }
}

function expectBothOutcomes(tally: Tally, minimum: number): void {
  expect(tally.total).toBeGreaterThanOrEqual(minimum);
  expect(tally.accepted).toBeGreaterThan(0);
  expect(tally.rejected).toBeGreaterThan(0);
}

describe('fuzz: readSafetensors', () => {
  it(
    'parses or refuses with a SafetensorsError every mutation of small files and the pretrained ones',
    () => {
      const tally = new Tally();
      SMALL_FILES.forEach((file, i) => fuzzReader(tally, `small file ${i}`, file, 2_500, SEED + i));
      fuzzReader(tally, 'attention-cnn.safetensors', ATTENTION_FILE, 2_000, SEED + 10);
      fuzzReader(tally, 'traditional-cnn.safetensors', TRADITIONAL_FILE, 100, SEED + 11);
      expectBothOutcomes(tally, 10_000);
      // The mutator reaches every family of edits, and the valid-by-construction ones are accepted.
      for (const kind of ['header-length', 'json-replace', 'layout-overlap', 'duplicate-key', 'non-object', 'invalid-utf8', 'float']) {
        expect(tally.byKind.get(kind)?.rejected, kind).toBeGreaterThan(0);
      }
      expect(tally.byKind.get('whitespace')?.accepted).toBeGreaterThan(0);
      expect(tally.byKind.get('layout-flatten')?.accepted).toBeGreaterThan(0);
    },
    TIMEOUT_MS,
  );
});

describe('fuzz: loadModelWeights', () => {
  it(
    'loads or refuses with a ModelWeightsError every mutation of model files and small files',
    () => {
      const tally = new Tally();
      // The smallest valid model file is the 243 KB attention one: a few thousand of those, the rest on
      // small files that can only be refused (missing tensors, wrong shapes) but mutate 30× faster.
      fuzzLoader(tally, 'attention-cnn.safetensors', 'attention', ATTENTION_FILE, 4_000, SEED + 20);
      fuzzLoader(tally, 'traditional-cnn.safetensors', 'traditional', TRADITIONAL_FILE, 150, SEED + 21);
      fuzzLoader(tally, 'partial attention file', 'attention', PARTIAL_ATTENTION, 3_000, SEED + 22);
      SMALL_FILES.slice(0, 3).forEach((file, i) => fuzzLoader(tally, `small file ${i}`, 'attention', file, 1_000, SEED + 23 + i));
      expectBothOutcomes(tally, 10_000);
    },
    TIMEOUT_MS,
  );
});
