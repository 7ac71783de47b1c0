import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import {
  cloneJson,
  DEEP_ARRAY,
  DEEP_NESTING,
  extend,
  flipBits,
  jsonPaths,
  jsonText,
  mutateBytes,
  mutateJson,
  outcomeOf,
  overwriteBytes,
  Tally,
  truncate,
  writeUint,
} from './mutate';

const seed = () => Uint8Array.from({ length: 32 }, (_, i) => i * 7);
const differences = (a: Uint8Array, b: Uint8Array) => a.reduce((n, v, i) => n + (v !== b[i] ? 1 : 0), 0);

describe('byte mutators', () => {
  it('leave the input alone and are reproducible from the seed', () => {
    const input = seed();
    const run = (s: number) => {
      const rng = createRng(s);
      return Array.from({ length: 50 }, () => mutateBytes(input, rng));
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
    expect(input).toEqual(seed());
  });

  it('flip bits and overwrite bytes in place, within the range when given', () => {
    const rng = createRng(1);
    for (let i = 0; i < 200; i++) {
      const flipped = flipBits(seed(), rng, [8, 16]);
      expect(flipped.length).toBe(32);
      expect(differences(flipped, seed())).toBeLessThanOrEqual(3);
      expect(differences(flipped.subarray(0, 8), seed().subarray(0, 8)) + differences(flipped.subarray(16), seed().subarray(16))).toBe(0);
      const written = overwriteBytes(seed(), rng);
      for (let j = 0; j < 32; j++) if (written[j] !== seed()[j]) expect([0, 0xff, 0x7f, 0x80]).toContain(written[j]);
    }
  });

  it('truncate to a strictly shorter prefix and extend with junk', () => {
    const rng = createRng(2);
    for (let i = 0; i < 100; i++) {
      const cut = truncate(seed(), rng);
      expect(cut.length).toBeLessThan(32);
      expect(cut).toEqual(seed().subarray(0, cut.length));
      const longer = extend(seed(), rng, 8);
      expect(longer.length).toBeGreaterThan(32);
      expect(longer.length).toBeLessThanOrEqual(40);
      expect(longer.subarray(0, 32)).toEqual(seed());
    }
  });

  it('writeUint writes little- and big-endian fields, wrapping and growing as needed', () => {
    expect(Array.from(writeUint(new Uint8Array(4), 0, 4, 0x01020304, false))).toEqual([1, 2, 3, 4]);
    expect(Array.from(writeUint(new Uint8Array(2), 0, 4, -1, true))).toEqual([255, 255, 255, 255]);
    expect(new DataView(writeUint(new Uint8Array(8), 0, 8, 2 ** 53, true).buffer).getBigUint64(0, true)).toBe(2n ** 53n);
  });
});

describe('JSON mutators', () => {
  const doc = { a: 1, b: [1, 2, { c: 'x' }], d: { e: null } };

  it('jsonText writes DEEP_ARRAY without overflowing the stack, and it parses back that deep', () => {
    const text = jsonText({ x: DEEP_ARRAY });
    expect(text.length).toBe(6 + 2 * DEEP_NESTING);
    expect(() => JSON.stringify({ x: DEEP_ARRAY })).toThrow(RangeError); // why the helper exists
    let node: unknown = (JSON.parse(text) as { x: unknown }).x;
    let depth = 0;
    for (; Array.isArray(node) && node.length > 0; node = node[0]) depth++;
    expect(depth + 1).toBe(DEEP_NESTING);
  });

  it('jsonPaths lists every node; cloneJson copies deeply but keeps DEEP_ARRAY and own __proto__ keys', () => {
    expect(jsonPaths(doc)).toHaveLength(9); // root, a, b, b[0..2], b[2].c, d, d.e
    const withProto = JSON.parse('{"__proto__": {"k": 1}, "deep": 0}');
    withProto.deep = DEEP_ARRAY;
    const copy = cloneJson(withProto);
    expect(Object.keys(copy)).toEqual(['__proto__', 'deep']);
    expect(copy.deep).toBe(DEEP_ARRAY);
    expect(cloneJson(doc)).toEqual(doc);
    expect(cloneJson(doc).b).not.toBe(doc.b);
  });

  it('mutateJson changes a copy, reproducibly, and uses every kind of edit', () => {
    const original = cloneJson(doc);
    const run = (s: number) => {
      const rng = createRng(s);
      return Array.from({ length: 300 }, () => mutateJson(doc, rng));
    };
    const results = run(5);
    expect(results.map((r) => jsonText(r.value))).toEqual(run(5).map((r) => jsonText(r.value)));
    expect(doc).toEqual(original);
    expect(new Set(results.map((r) => r.kind))).toEqual(new Set(['replace', 'tweak', 'delete', 'add-key', 'rename-key', 'swap', 'root']));
    expect(results.filter((r) => jsonText(r.value) !== jsonText(doc)).length).toBeGreaterThan(250);
  });
});

describe('outcomeOf and Tally', () => {
  class ParseError extends Error {}

  it('counts returns and expected errors, and fails on anything else', () => {
    const tally = new Tally();
    tally.record(
      'a',
      outcomeOf(
        'case 1',
        () => 1,
        ParseError,
        (v) => expect(v).toBe(1),
      ),
    );
    tally.record(
      'a',
      outcomeOf(
        'case 2',
        () => {
          throw new ParseError('bad');
        },
        ParseError,
        () => {},
      ),
    );
    tally.record(
      'b',
      outcomeOf(
        'case 3',
        () => {
          throw new ParseError('worse');
        },
        ParseError,
        () => {},
      ),
    );
    expect([tally.accepted, tally.rejected, tally.total]).toEqual([1, 2, 3]);
    expect(tally.byKind.get('a')).toEqual({ accepted: 1, rejected: 1 });
    expect(() =>
      outcomeOf(
        'case 4',
        () => {
          throw new TypeError('deep');
        },
        ParseError,
        () => {},
      ),
    ).toThrow('case 4: expected a ParseError with a message, got TypeError: deep');
    expect(() =>
      outcomeOf(
        'case 5',
        () => {
          throw new ParseError('');
        },
        ParseError,
        () => {},
      ),
    ).toThrow('case 5');
    expect(() =>
      outcomeOf(
        'case 6',
        () => 2,
        ParseError,
        (v) => expect(v).toBe(1),
      ),
    ).toThrow();
  });
});
