// The committed artefacts satisfy their schemas, and the schemas say where a value is wrong.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODEL_IDS } from '../models/registry';
import { modelCardSchema } from './model-card';
import { array, nullable, number, object, oneOf, optional, record, refine, SchemaError, string } from './schema';

describe('schemas', () => {
  it('pretrained/model-card.json is a valid model card with an entry per registry model', () => {
    const card = modelCardSchema.parse(JSON.parse(readFileSync(path.resolve('pretrained/model-card.json'), 'utf8')));
    expect(Object.keys(card.models).sort()).toEqual([...MODEL_IDS].sort());
    for (const id of MODEL_IDS) expect(card.models[id].test.confusion).toHaveLength(10);
    // Lab 1's sparse model records the λ it was trained with; the Fashion model its dataset.
    expect(card.models['attention-sparse'].training.attentionPenalty).toBeGreaterThan(0);
    expect(card.models['fashion-attention'].dataset).toBeDefined();
  });

  it('name the path and the expectation of the first problem', () => {
    const s = object({
      a: object({ b: array(number({ integer: true, min: 0 }), 2) }),
      c: optional(string()),
      d: nullable(oneOf(['x', 'y'])),
    });
    expect(s.parse({ a: { b: [1, 2] }, d: null, extra: true })).toEqual({ a: { b: [1, 2] }, d: null, extra: true });
    expect(() => s.parse({ a: { b: [1, -2] }, d: 'x' })).toThrow(new SchemaError('a.b[1] is -2, expected an integer ≥ 0'));
    expect(() => s.parse({ a: { b: [1] }, d: 'x' })).toThrow(/a.b is \[1\], expected a list of 2/);
    expect(() => s.parse({ a: { b: [1, 2] } })).toThrow(/d is missing, expected one of x, y or null/);
    expect(() => s.parse({ a: { b: [1, 2] }, d: 'z' })).toThrow(/d is "z", expected one of x, y or null/);
    expect(() => record(number(), /^\d$/).parse({ 12: 1 })).toThrow(/a key matching/);
    expect(() => object({ a: number() }, { strict: true }).parse({ a: 1, b: 2 })).toThrow(/unknown key\(s\) b/);
    expect(() => refine(array(number()), (v) => (v.length ? null : 'empty')).parse([])).toThrow(/empty/);
    expect(() => number().parse(Number.NaN)).toThrow(/expected a finite number/);
  });
});
