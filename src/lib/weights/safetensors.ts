// Reader and writer for the safetensors format (https://github.com/huggingface/safetensors):
//   8 bytes   little-endian u64 N, the header length
//   N bytes   UTF-8 JSON: { "__metadata__": {string: string}, "<name>": { dtype, shape, data_offsets } }
//   the rest  the data buffer; data_offsets [begin, end) are relative to its start
// Only F32 is supported: both models are float32 and a file in another dtype is a mistake
// worth reporting rather than silently converting. The reader validates like the reference
// implementation (tensors must tile the data buffer exactly: no gaps, overlaps or trailing
// bytes) and additionally rejects NaN/Infinity. Browser-safe: no Node modules.

export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
}

/** The reference implementation refuses headers above 100 MB; so do we. */
export const MAX_HEADER_BYTES = 100_000_000;

/** Tensor input to the writer: C-order float32 values. */
export interface Float32Tensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export interface SafetensorsTensor {
  dtype: 'F32';
  shape: number[];
  /** A fresh, 4-byte-aligned copy owned by the caller. */
  data: Float32Array;
}

export interface SafetensorsContents {
  metadata: Record<string, string>;
  tensors: Record<string, SafetensorsTensor>;
}

export interface ReadSafetensorsOptions {
  /** Refuse files larger than this many bytes (no limit by default). */
  maxBytes?: number;
}

const METADATA_KEY = '__metadata__';
const F32_BYTES = 4;
/** All dtypes the format defines, to tell "not supported here" from "not a dtype at all". */
const KNOWN_DTYPES = new Set([
  'BOOL',
  'U8',
  'I8',
  'F8_E5M2',
  'F8_E4M3',
  'I16',
  'U16',
  'F16',
  'BF16',
  'I32',
  'U32',
  'F32',
  'F64',
  'I64',
  'U64',
]);
const LITTLE_ENDIAN_PLATFORM = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isDimension = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const elementCount = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);
const show = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/** A header value as JSON for an error message. JSON.stringify recurses, and a header can nest
 *  arrays thousands deep (JSON.parse does not mind): that must be a SafetensorsError, not a RangeError. */
function showJson(value: unknown): string {
  try {
    return String(JSON.stringify(value));
  } catch {
    return Array.isArray(value) ? 'an array nested too deeply to show' : 'an object nested too deeply to show';
  }
}

/** The first non-finite value of `data`, as its flat index, or -1. */
function firstNonFinite(data: Float32Array): number {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return i;
  return -1;
}

/** Flat C-order index → per-dimension index, for error messages. */
function unravel(index: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    out[d] = index % shape[d];
    index = Math.floor(index / shape[d]);
  }
  return out;
}

function nonFiniteMessage(name: string, data: Float32Array, shape: readonly number[], at: number): string {
  return `tensor "${name}" has a non-finite value ${data[at]} at index ${at} (element ${show(unravel(at, shape))})`;
}

// ---------------------------------------------------------------------------------------------
// Writer

/**
 * Serialises float32 tensors. Names are sorted and the data laid out contiguously in that
 * order; the header is padded with spaces so the data starts 8-byte aligned, as the reference
 * writer does. `__metadata__` always gets `format: "pt"` so PyTorch's loader accepts the file.
 */
export function writeSafetensors(
  tensors: Readonly<Record<string, Float32Tensor>>,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') throw new SafetensorsError(`cannot write metadata "${key}": values must be strings`);
  }
  if (metadata.format !== undefined && metadata.format !== 'pt') {
    throw new SafetensorsError(`cannot write metadata format "${metadata.format}": these files are always format "pt"`);
  }
  const names = Object.keys(tensors).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const header: Record<string, unknown> = {
    [METADATA_KEY]: Object.fromEntries(Object.entries({ ...metadata, format: 'pt' }).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
  let offset = 0;
  for (const name of names) {
    const { shape, data } = tensors[name];
    if (name === METADATA_KEY) throw new SafetensorsError(`cannot write a tensor named "${METADATA_KEY}"`);
    if (!shape.every(isDimension)) {
      throw new SafetensorsError(`cannot write tensor "${name}": shape ${show(shape)} must be non-negative integers`);
    }
    if (data.length !== elementCount(shape)) {
      throw new SafetensorsError(
        `cannot write tensor "${name}": shape ${show(shape)} needs ${elementCount(shape)} values, got ${data.length}`,
      );
    }
    const bad = firstNonFinite(data);
    if (bad >= 0) throw new SafetensorsError(`cannot write: ${nonFiniteMessage(name, data, shape, bad)}`);
    const end = offset + data.length * F32_BYTES;
    header[name] = { dtype: 'F32', shape: [...shape], data_offsets: [offset, end] };
    offset = end;
  }

  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLength, true); // u64 low word; the high word stays 0
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);

  let position = 8 + headerLength;
  for (const name of names) {
    const { data } = tensors[name];
    if (LITTLE_ENDIAN_PLATFORM) {
      out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), position);
    } else {
      data.forEach((v, i) => view.setFloat32(position + i * F32_BYTES, v, true));
    }
    position += data.byteLength;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reader

interface HeaderEntry {
  name: string;
  shape: number[];
  begin: number;
  end: number;
}

function parseEntry(name: string, value: unknown): HeaderEntry {
  function fail(problem: string): never {
    throw new SafetensorsError(`tensor "${name}": ${problem}`);
  }
  if (!isPlainObject(value)) fail('entry must be an object with dtype, shape and data_offsets');
  const { dtype, shape, data_offsets: offsets } = value;
  if (dtype === undefined) fail('missing "dtype"');
  if (shape === undefined) fail('missing "shape"');
  if (offsets === undefined) fail('missing "data_offsets"');
  if (typeof dtype !== 'string') fail(`"dtype" must be a string, got ${showJson(dtype)}`);
  if (!Array.isArray(shape)) fail(`"shape" must be an array, got ${showJson(shape)}`);
  if (!(shape as unknown[]).every(isDimension)) {
    fail(`shape ${showJson(shape)} must contain only non-negative integers`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isDimension)) {
    fail(`"data_offsets" must be [begin, end] with non-negative integers, got ${showJson(offsets)}`);
  }
  if (dtype !== 'F32') {
    fail(KNOWN_DTYPES.has(dtype as string) ? `dtype ${dtype} is not supported: expected F32` : `unknown dtype ${showJson(dtype)}`);
  }
  const [begin, end] = offsets as number[];
  if (end < begin) fail(`data_offsets [${begin}, ${end}] end before they begin`);
  const dims = shape as number[];
  const needed = elementCount(dims) * F32_BYTES;
  if (end - begin !== needed) {
    fail(`data_offsets [${begin}, ${end}] span ${end - begin} bytes, but shape ${show(dims)} of F32 needs ${needed}`);
  }
  return { name, shape: [...dims], begin, end };
}

function parseMetadata(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!isPlainObject(value)) throw new SafetensorsError(`"${METADATA_KEY}" must be an object of strings`);
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') {
      throw new SafetensorsError(`"${METADATA_KEY}" must map strings to strings: "${key}" is ${showJson(v)}`);
    }
  }
  return { ...(value as Record<string, string>) };
}

/** Checks that the tensors tile [0, dataBytes) exactly, as the reference reader requires. */
function checkLayout(entries: HeaderEntry[], dataBytes: number): void {
  const range = (e: HeaderEntry) => `"${e.name}" [${e.begin}, ${e.end}]`;
  for (const e of entries) {
    if (e.end > dataBytes) {
      throw new SafetensorsError(`the file is truncated or damaged: tensor ${range(e)} goes beyond the data buffer of ${dataBytes} bytes`);
    }
  }
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: HeaderEntry | undefined;
  for (const e of sorted) {
    if (previous && e.begin < covered) {
      throw new SafetensorsError(`tensors ${range(previous)} and ${range(e)} overlap`);
    }
    if (e.begin > covered) {
      const where = previous ? `between ${range(previous)} and ${range(e)}` : `before ${range(e)}`;
      throw new SafetensorsError(`the data buffer has a gap of ${e.begin - covered} bytes ${where}`);
    }
    covered = e.end;
    previous = e;
  }
  if (covered !== dataBytes) {
    throw new SafetensorsError(
      `the data buffer has ${dataBytes - covered} trailing bytes after the last tensor (${dataBytes} bytes, tensors cover ${covered})`,
    );
  }
}

/** Copies little-endian float32 bytes into a fresh aligned Float32Array. */
function copyFloat32(bytes: Uint8Array, start: number, end: number): Float32Array {
  if (LITTLE_ENDIAN_PLATFORM) return new Float32Array(bytes.slice(start, end).buffer);
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, end - start);
  return Float32Array.from({ length: (end - start) / F32_BYTES }, (_, i) => view.getFloat32(i * F32_BYTES, true));
}

/** Parses and fully validates a safetensors file. Throws SafetensorsError naming the problem. */
/**
 * torch.save writes a zip archive (PyTorch ≥ 1.6) or, in the legacy format, a pickle. Either is
 * recognised by its first bytes, and only when byte 8 is not the "{" a safetensors header starts
 * with (a real header length can begin with the same bytes as a pickle).
 */
function torchSaveFormat(bytes: Uint8Array): string | null {
  if (bytes.length > 8 && bytes[8] === 0x7b) return null;
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'a zip archive';
  if (bytes[0] === 0x80 && bytes[1] >= 2 && bytes[1] <= 5) return `a pickle, protocol ${bytes[1]}`;
  return null;
}

export function readSafetensors(bytes: Uint8Array, options: ReadSafetensorsOptions = {}): SafetensorsContents {
  const { maxBytes } = options;
  if (maxBytes !== undefined && bytes.length > maxBytes) {
    throw new SafetensorsError(`file is ${bytes.length} bytes, more than the limit of ${maxBytes}`);
  }
  if (bytes.length < 8) {
    throw new SafetensorsError(`file is ${bytes.length} bytes, too short for the 8-byte header length`);
  }
  const foreign = torchSaveFormat(bytes);
  if (foreign) {
    throw new SafetensorsError(
      `this looks like a torch.save file (${foreign}), not safetensors; save the weights with safetensors' save_file: from safetensors.torch import save_file; save_file(model.state_dict(), "model.safetensors")`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true) * 2 ** 32 + view.getUint32(0, true);
  if (headerLength > MAX_HEADER_BYTES) {
    throw new SafetensorsError(
      `not a safetensors file: its first 8 bytes announce a header of ${headerLength} bytes (a safetensors header is at most ${MAX_HEADER_BYTES})`,
    );
  }
  if (8 + headerLength > bytes.length) {
    throw new SafetensorsError(
      `not a safetensors file, or a truncated one: header length ${headerLength} goes beyond the end of the file (${bytes.length} bytes, so at most ${bytes.length - 8})`,
    );
  }

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    throw new SafetensorsError('not a safetensors file: header is not valid UTF-8');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    throw new SafetensorsError(`not a safetensors file: header is not valid JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(header)) throw new SafetensorsError('header is not a JSON object');

  const metadata = parseMetadata(header[METADATA_KEY]);
  const entries = Object.entries(header)
    .filter(([name]) => name !== METADATA_KEY)
    .map(([name, value]) => parseEntry(name, value));
  const dataStart = 8 + headerLength;
  checkLayout(entries, bytes.length - dataStart);

  const tensors: [string, SafetensorsTensor][] = entries.map(({ name, shape, begin, end }) => {
    const data = copyFloat32(bytes, dataStart + begin, dataStart + end);
    const bad = firstNonFinite(data);
    if (bad >= 0) throw new SafetensorsError(nonFiniteMessage(name, data, shape, bad));
    return [name, { dtype: 'F32', shape, data }];
  });
  return { metadata, tensors: Object.fromEntries(tensors) };
}
