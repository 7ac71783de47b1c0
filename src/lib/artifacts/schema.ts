// A small schema toolkit for the JSON files the build writes and the browser reads: one schema per
// file, its TypeScript type inferred from it (Infer<typeof schema>), and parse() that says exactly
// where a value is wrong. Plain code, no dependency, so the browser bundle stays small.

export class SchemaError extends Error {
  override name = 'SchemaError';
}

export interface Schema<T> {
  /** Checks `value` and returns it typed; throws SchemaError naming the path of the first problem. */
  parse(value: unknown, path?: string): T;
  /** For messages: what the schema expects. */
  readonly expected: string;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

const show = (v: unknown) => {
  const text = JSON.stringify(v);
  return text === undefined ? String(v) : text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

function fail(path: string, expected: string, value: unknown): never {
  throw new SchemaError(`${path || 'the document'} is ${show(value)}, expected ${expected}`);
}

function schema<T>(expected: string, check: (value: unknown, path: string) => T): Schema<T> {
  return { expected, parse: (value, path = '') => check(value, path) };
}

export const number = (options: { integer?: boolean; min?: number; max?: number } = {}): Schema<number> => {
  const parts = [
    options.integer ? 'an integer' : 'a finite number',
    options.min !== undefined ? `≥ ${options.min}` : '',
    options.max !== undefined ? `≤ ${options.max}` : '',
  ];
  const expected = parts.filter(Boolean).join(' ');
  return schema(expected, (v, path) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, expected, v);
    if (options.integer && !Number.isInteger(v)) fail(path, expected, v);
    if ((options.min !== undefined && v < options.min) || (options.max !== undefined && v > options.max)) fail(path, expected, v);
    return v;
  });
};

export const string = (pattern?: RegExp): Schema<string> => {
  const expected = pattern ? `text matching ${pattern}` : 'text';
  return schema(expected, (v, path) => {
    if (typeof v !== 'string' || (pattern && !pattern.test(v))) fail(path, expected, v);
    return v;
  });
};

export const boolean = (): Schema<boolean> =>
  schema('true or false', (v, path) => {
    if (typeof v !== 'boolean') fail(path, 'true or false', v);
    return v;
  });

export const literal = <const L extends string | number>(value: L): Schema<L> =>
  schema(show(value), (v, path) => {
    if (v !== value) fail(path, show(value), v);
    return v as L;
  });

export const oneOf = <const L extends string>(values: readonly L[]): Schema<L> => {
  const expected = `one of ${values.join(', ')}`;
  return schema(expected, (v, path) => {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) fail(path, expected, v);
    return v as L;
  });
};

export const nullable = <T>(inner: Schema<T>): Schema<T | null> =>
  schema(`${inner.expected} or null`, (v, path) => {
    if (v === null) return null;
    try {
      return inner.parse(v, path);
    } catch (error) {
      // A wrong value right here (not deeper inside it): say that null would do too.
      if (error instanceof SchemaError && error.message.startsWith(`${path || 'the document'} is `))
        fail(path, `${inner.expected} or null`, v);
      throw error;
    }
  });

/** A value that matches the first schema or, failing that, the second. */
export const either = <A, B>(first: Schema<A>, second: Schema<B>): Schema<A | B> =>
  schema(`${first.expected} or ${second.expected}`, (v, path) => {
    try {
      return first.parse(v, path);
    } catch (error) {
      if (!(error instanceof SchemaError)) throw error;
      try {
        return second.parse(v, path);
      } catch (inner) {
        if (!(inner instanceof SchemaError)) throw inner;
        return fail(path, `${first.expected} or ${second.expected}`, v);
      }
    }
  });

export const array = <T>(item: Schema<T>, length?: number): Schema<T[]> => {
  const expected = length === undefined ? `a list of ${item.expected}` : `a list of ${length} × ${item.expected}`;
  return schema(expected, (v, path) => {
    if (!Array.isArray(v) || (length !== undefined && v.length !== length)) fail(path, expected, v);
    return v.map((x, i) => item.parse(x, `${path}[${i}]`));
  });
};

/** A map from any key to values of one schema (e.g. { "7": map }). */
export const record = <T>(value: Schema<T>, key?: RegExp): Schema<Record<string, T>> =>
  schema(`an object of ${value.expected}`, (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'an object', v);
    const out: Record<string, T> = {};
    for (const [k, x] of Object.entries(v)) {
      if (key && !key.test(k)) fail(`${path}.${k}`, `a key matching ${key}`, k);
      out[k] = value.parse(x, path ? `${path}.${k}` : k);
    }
    return out;
  });

type Shape = Record<string, Schema<unknown>>;
type Optional<S> = S & { readonly optional: true };
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { optional: true } ? K : never }[keyof S];
type ObjectOf<S extends Shape> = { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> };

/** A key that may be absent. */
export const optional = <T>(inner: Schema<T>): Optional<Schema<T>> => ({ ...inner, optional: true as const });

/**
 * An object with these keys; other keys are kept as they are (additions are allowed in every
 * format), unless `strict`.
 */
export const object = <S extends Shape>(shape: S, options: { strict?: boolean } = {}): Schema<ObjectOf<S>> =>
  schema('an object', (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'an object', v);
    const input = v as Record<string, unknown>;
    const out: Record<string, unknown> = options.strict ? {} : { ...input };
    for (const [key, s] of Object.entries(shape)) {
      const at = path ? `${path}.${key}` : key;
      if (!(key in input) || input[key] === undefined) {
        if ((s as { optional?: boolean }).optional) continue;
        throw new SchemaError(`${at} is missing, expected ${s.expected}`);
      }
      out[key] = s.parse(input[key], at);
    }
    if (options.strict) {
      const extra = Object.keys(input).filter((k) => !(k in shape));
      if (extra.length) throw new SchemaError(`${path || 'the document'} has unknown key(s) ${extra.join(', ')}`);
    }
    return out as ObjectOf<S>;
  });

/** Runs a further check on a parsed value (cross-field rules). */
export const refine = <T>(inner: Schema<T>, check: (value: T) => string | null): Schema<T> =>
  schema(inner.expected, (v, path) => {
    const value = inner.parse(v, path);
    const problem = check(value);
    if (problem) throw new SchemaError(`${path || 'the document'}: ${problem}`);
    return value;
  });
