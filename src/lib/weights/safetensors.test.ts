import { describe, expect, it } from 'vitest';
import { MAX_HEADER_BYTES, readSafetensors, SafetensorsError, writeSafetensors } from './safetensors';

/** A safetensors file with the given header (object or raw text) and data bytes. */
function file(header: object | string, data: Uint8Array | number = 0, headerLength?: number): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const dataBytes = typeof data === 'number' ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + json.length + dataBytes.length);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerLength ?? json.length), true);
  out.set(json, 8);
  out.set(dataBytes, 8 + json.length);
  return out;
}

const f32Bytes = (...values: number[]) => new Uint8Array(new Float32Array(values).buffer);
const entry = (shape: number[], begin: number, end: number, dtype = 'F32') => ({ dtype, shape, data_offsets: [begin, end] });

const expectError = (bytes: Uint8Array, message: string | RegExp) => {
  expect(() => readSafetensors(bytes)).toThrow(SafetensorsError);
  expect(() => readSafetensors(bytes)).toThrow(message);
};

describe('writeSafetensors / readSafetensors', () => {
  const tensors = {
    'b.weight': { shape: [2, 3], data: new Float32Array([1, -2, 3.5, 1e-30, -0, 6]) },
    'a.bias': { shape: [2], data: new Float32Array([0.25, -7]) },
    scalar: { shape: [], data: new Float32Array([42]) },
  };

  it('round-trips tensors and metadata', () => {
    const read = readSafetensors(writeSafetensors(tensors, { model: 'demo' }));
    expect(read.metadata).toEqual({ format: 'pt', model: 'demo' });
    expect(Object.keys(read.tensors).sort()).toEqual(['a.bias', 'b.weight', 'scalar']);
    for (const [name, t] of Object.entries(tensors)) {
      expect(read.tensors[name]).toEqual({ dtype: 'F32', shape: t.shape, data: t.data });
    }
  });

  it('writes the layout the reference implementation writes', () => {
    const bytes = writeSafetensors({ 'attn.0': { shape: [1, 2, 3], data: new Float32Array([0, 1, 2, 3, 4, 5]) } });
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + headerLength) % 8).toBe(0);
    const header = new TextDecoder().decode(bytes.subarray(8, 8 + headerLength));
    expect(header.trimEnd()).toBe('{"__metadata__":{"format":"pt"},"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}');
    expect(header.slice(header.trimEnd().length)).toMatch(/^ *$/);
    expect(Array.from(bytes.subarray(8 + headerLength))).toEqual(Array.from(f32Bytes(0, 1, 2, 3, 4, 5)));
  });

  it('lays tensors out contiguously in sorted name order and is deterministic', () => {
    const bytes = writeSafetensors(tensors);
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    expect(header['a.bias'].data_offsets).toEqual([0, 8]);
    expect(header['b.weight'].data_offsets).toEqual([8, 32]);
    expect(header.scalar.data_offsets).toEqual([32, 36]);
    expect(writeSafetensors({ scalar: tensors.scalar, 'a.bias': tensors['a.bias'], 'b.weight': tensors['b.weight'] })).toEqual(bytes);
  });

  it('writes an empty file the reference way', () => {
    const bytes = writeSafetensors({});
    expect(readSafetensors(bytes)).toEqual({ metadata: { format: 'pt' }, tensors: {} });
  });

  it('reads a file whose data starts unaligned inside a larger buffer, into aligned copies', () => {
    const bytes = writeSafetensors(tensors);
    const host = new Uint8Array(bytes.length + 3);
    host.set(bytes, 3);
    const read = readSafetensors(host.subarray(3));
    expect(read.tensors['b.weight'].data).toEqual(tensors['b.weight'].data);
    expect(read.tensors['b.weight'].data.byteOffset % 4).toBe(0);
    read.tensors['b.weight'].data[0] = 99;
    expect(readSafetensors(host.subarray(3)).tensors['b.weight'].data[0]).toBe(1);
  });

  it('does not modify its inputs', () => {
    const data = new Float32Array([1, 2, 3]);
    const metadata = { note: 'x' };
    const bytes = writeSafetensors({ t: { shape: [3], data } }, metadata);
    expect(data).toEqual(new Float32Array([1, 2, 3]));
    expect(metadata).toEqual({ note: 'x' });
    const before = bytes.slice();
    readSafetensors(bytes);
    expect(bytes).toEqual(before);
  });

  it('reads tensors laid out in any order, as other writers may do', () => {
    const read = readSafetensors(file({ a: entry([1], 4, 8), b: entry([1], 0, 4) }, f32Bytes(2, 1)));
    expect(read.tensors.a.data[0]).toBe(1);
    expect(read.tensors.b.data[0]).toBe(2);
  });

  it('reads a zero-element tensor', () => {
    const read = readSafetensors(file({ empty: entry([0, 3], 0, 0), t: entry([1], 0, 4) }, f32Bytes(5)));
    expect(read.tensors.empty.data).toHaveLength(0);
    expect(read.tensors.t.data[0]).toBe(5);
  });
});

describe('writeSafetensors rejects what it cannot write faithfully', () => {
  it('wrong data length, bad shape, non-finite values, a foreign format, the reserved name', () => {
    expect(() => writeSafetensors({ t: { shape: [2, 2], data: new Float32Array(3) } })).toThrow(
      'cannot write tensor "t": shape [2, 2] needs 4 values, got 3',
    );
    expect(() => writeSafetensors({ t: { shape: [-1], data: new Float32Array(0) } })).toThrow(/must be non-negative integers/);
    expect(() => writeSafetensors({ t: { shape: [2], data: new Float32Array([1, Number.NaN]) } })).toThrow(
      'cannot write: tensor "t" has a non-finite value NaN at index 1 (element [1])',
    );
    expect(() => writeSafetensors({}, { format: 'np' })).toThrow(/always format "pt"/);
    expect(() => writeSafetensors({ __metadata__: { shape: [0], data: new Float32Array(0) } })).toThrow(/named "__metadata__"/);
  });
});

describe('readSafetensors rejects broken files', () => {
  it('a file larger than maxBytes', () => {
    const bytes = writeSafetensors({ t: { shape: [4], data: new Float32Array(4) } });
    expect(() => readSafetensors(bytes, { maxBytes: 20 })).toThrow(`file is ${bytes.length} bytes, more than the limit of 20`);
    expect(() => readSafetensors(bytes, { maxBytes: bytes.length })).not.toThrow();
  });

  it('a file shorter than 8 bytes', () => {
    expectError(new Uint8Array(5), 'file is 5 bytes, too short for the 8-byte header length');
  });

  it('a header length beyond the end of the file', () => {
    expectError(file('{}', 0, 100), 'header length 100 goes beyond the end of the file (10 bytes, so at most 2)');
  });

  it('an absurdly large header length', () => {
    expectError(file('{}', 0, MAX_HEADER_BYTES + 1), /^not a safetensors file: its first 8 bytes announce a header of 100000001 bytes/);
    expectError(file('{}', 0, 2 ** 40), /^not a safetensors file: .* header of 1099511627776 bytes/);
  });

  it('a header that is not UTF-8', () => {
    const bytes = file('{"a":1}');
    bytes[10] = 0xff;
    expectError(bytes, 'header is not valid UTF-8');
  });

  it('a header that is not JSON', () => {
    expectError(file('{"a": '), /^not a safetensors file: header is not valid JSON: /);
  });

  it('a header that is not an object', () => {
    expectError(file('[1, 2]'), 'header is not a JSON object');
    expectError(file('null'), 'header is not a JSON object');
  });

  it('metadata that is not a map of strings', () => {
    expectError(file({ __metadata__: { epochs: 3 } }), '"__metadata__" must map strings to strings: "epochs" is 3');
    expectError(file({ __metadata__: 'pt' }), /"__metadata__" must be an object/);
  });

  it('entries with missing or mistyped fields', () => {
    expectError(file({ t: 5 }), 'tensor "t": entry must be an object with dtype, shape and data_offsets');
    expectError(file({ t: { shape: [1], data_offsets: [0, 4] } }, 4), 'tensor "t": missing "dtype"');
    expectError(file({ t: { dtype: 'F32', data_offsets: [0, 4] } }, 4), 'tensor "t": missing "shape"');
    expectError(file({ t: { dtype: 'F32', shape: [1] } }, 4), 'tensor "t": missing "data_offsets"');
    expectError(file({ t: entry([1], 0, 4, 7 as unknown as string) }, 4), 'tensor "t": "dtype" must be a string, got 7');
    expectError(file({ t: { dtype: 'F32', shape: 4, data_offsets: [0, 4] } }, 4), 'tensor "t": "shape" must be an array, got 4');
    expectError(file({ t: { dtype: 'F32', shape: [1], data_offsets: [0] } }, 4), /"data_offsets" must be \[begin, end\]/);
    expectError(file({ t: { dtype: 'F32', shape: [1], data_offsets: [0, '4'] } }, 4), /"data_offsets" must be \[begin, end\]/);
  });

  it('values nested too deeply for JSON.stringify, found by fuzzing (was a RangeError)', () => {
    // JSON.parse accepts [[[…]]] 10,000 deep; JSON.stringify of it overflows the stack.
    const nested = '['.repeat(10_000) + ']'.repeat(10_000);
    const tooDeep = 'an array nested too deeply to show';
    expectError(file(`{"t":{"dtype":"F32","shape":${nested},"data_offsets":[0,4]}}`, 4), `tensor "t": shape ${tooDeep} must contain`);
    expectError(
      file(`{"t":{"dtype":${nested},"shape":[1],"data_offsets":[0,4]}}`, 4),
      `tensor "t": "dtype" must be a string, got ${tooDeep}`,
    );
    expectError(file(`{"t":{"dtype":"F32","shape":[1],"data_offsets":${nested}}}`, 4), `got ${tooDeep}`);
    const metadata = file(`{"__metadata__":{"a":{"b":${nested}}}}`);
    expectError(metadata, '"__metadata__" must map strings to strings: "a" is an object nested too deeply to show');
  });

  it('unsupported and unknown dtypes', () => {
    expectError(file({ t: entry([2], 0, 4, 'F16') }, 4), 'tensor "t": dtype F16 is not supported: expected F32');
    expectError(file({ t: entry([2], 0, 4, 'F17') }, 4), 'tensor "t": unknown dtype "F17"');
  });

  it('negative and non-integer dimensions', () => {
    expectError(file({ t: entry([-1, 2], 0, 4) }, 4), 'tensor "t": shape [-1,2] must contain only non-negative integers');
    expectError(file({ t: entry([1.5], 0, 4) }, 4), /shape \[1\.5\] must contain only non-negative integers/);
  });

  it('a byte range that does not match the shape', () => {
    expectError(file({ t: entry([2, 3], 0, 20) }, 20), 'tensor "t": data_offsets [0, 20] span 20 bytes, but shape [2, 3] of F32 needs 24');
    expectError(file({ t: entry([1], 8, 4) }, 8), 'tensor "t": data_offsets [8, 4] end before they begin');
  });

  it('a range beyond the data buffer', () => {
    expectError(file({ t: entry([2], 0, 8) }, 4), 'tensor "t" [0, 8] goes beyond the data buffer of 4 bytes');
  });

  it('overlapping ranges', () => {
    expectError(file({ a: entry([2], 0, 8), b: entry([2], 4, 12) }, 12), 'tensors "a" [0, 8] and "b" [4, 12] overlap');
  });

  it('gaps in the data buffer', () => {
    expectError(
      file({ a: entry([1], 0, 4), b: entry([1], 8, 12) }, 12),
      'the data buffer has a gap of 4 bytes between "a" [0, 4] and "b" [8, 12]',
    );
    expectError(file({ a: entry([1], 4, 8) }, 8), 'the data buffer has a gap of 4 bytes before "a" [4, 8]');
  });

  it('trailing bytes not covered by any tensor', () => {
    expectError(file({ a: entry([1], 0, 4) }, 6), 'the data buffer has 2 trailing bytes after the last tensor (6 bytes, tensors cover 4)');
  });

  it('NaN and Infinity, naming the tensor and the first bad index', () => {
    const data = f32Bytes(1, 2, 3, 4, Number.POSITIVE_INFINITY, Number.NaN);
    expectError(file({ w: entry([2, 3], 0, 24) }, data), 'tensor "w" has a non-finite value Infinity at index 4 (element [1, 1])');
  });
});

describe('files that are not safetensors', () => {
  it('recognise a torch.save zip archive and say to use save_file', () => {
    const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0x08, 0, 0, 0]);
    expect(() => readSafetensors(zip)).toThrow(/looks like a torch\.save file \(a zip archive\).*save_file/);
  });

  it('recognise a legacy torch.save pickle', () => {
    const pickle = Uint8Array.from([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8]);
    expect(() => readSafetensors(pickle)).toThrow(/torch\.save file \(a pickle, protocol 2\).*save_file/);
  });

  it('still read a real file whose header length starts like a pickle', () => {
    // A 640-byte header: its u64 length is 80 02 00 … like a pickle's first bytes, but byte 8 is "{".
    const json = JSON.stringify({ x: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }).padEnd(640, ' ');
    const bytes = new Uint8Array(8 + 640 + 4);
    new DataView(bytes.buffer).setUint32(0, 640, true);
    bytes.set(new TextEncoder().encode(json), 8);
    new DataView(bytes.buffer).setFloat32(8 + 640, 1.5, true);
    expect([bytes[0], bytes[1]]).toEqual([0x80, 0x02]);
    expect(Array.from(readSafetensors(bytes).tensors.x.data)).toEqual([1.5]);
  });
});
