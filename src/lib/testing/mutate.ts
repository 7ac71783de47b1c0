// Seeded mutators for the parsers' fuzz tests: byte-level edits of binary files and structural
// edits of JSON values, all driven by the project's one PRNG (createRng) so a failing case is
// reproducible from its seed and index. Every mutator returns a fresh value and never modifies
// its input. Test-only: nothing in the site imports this.
import { randomInt } from '../rng';

export type Rng = () => number;

/** Byte values that tend to sit on boundaries: zero, all ones, signed max and min. */
export const INTERESTING_BYTES: readonly number[] = [0x00, 0xff, 0x7f, 0x80];

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[randomInt(rng, items.length)];

/** A position in [start, end) of `bytes`, or of the whole array. */
function position(rng: Rng, bytes: Uint8Array, range?: readonly [number, number]): number {
  const start = Math.min(range?.[0] ?? 0, bytes.length);
  const end = Math.min(range?.[1] ?? bytes.length, bytes.length);
  return start + randomInt(rng, Math.max(1, end - start));
}

/** Flips 1–3 random bits (within `range` when given). */
export function flipBits(bytes: Uint8Array, rng: Rng, range?: readonly [number, number]): Uint8Array {
  const out = bytes.slice();
  if (out.length === 0) return out;
  for (let n = 1 + randomInt(rng, 3); n > 0; n--) out[position(rng, out, range)] ^= 1 << randomInt(rng, 8);
  return out;
}

/** Overwrites 1–4 random bytes with interesting values (within `range` when given). */
export function overwriteBytes(bytes: Uint8Array, rng: Rng, range?: readonly [number, number]): Uint8Array {
  const out = bytes.slice();
  if (out.length === 0) return out;
  for (let n = 1 + randomInt(rng, 4); n > 0; n--) out[position(rng, out, range)] = pick(rng, INTERESTING_BYTES);
  return out;
}

/** Cuts the array at a random point: the result is strictly shorter (empty for an empty input). */
export function truncate(bytes: Uint8Array, rng: Rng): Uint8Array {
  return bytes.slice(0, randomInt(rng, bytes.length));
}

/** Appends 1–`maxExtra` random junk bytes. */
export function extend(bytes: Uint8Array, rng: Rng, maxExtra = 64): Uint8Array {
  const out = new Uint8Array(bytes.length + 1 + randomInt(rng, maxExtra));
  out.set(bytes);
  for (let i = bytes.length; i < out.length; i++) out[i] = randomInt(rng, 256);
  return out;
}

/** Writes an unsigned integer of 4 or 8 bytes at `offset` (mod 2^32 or 2^64), growing the array if needed. */
export function writeUint(bytes: Uint8Array, offset: number, width: 4 | 8, value: number | bigint, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(Math.max(bytes.length, offset + width));
  out.set(bytes);
  const view = new DataView(out.buffer);
  if (width === 4) view.setUint32(offset, Number(BigInt.asUintN(32, BigInt(value))), littleEndian);
  else view.setBigUint64(offset, BigInt.asUintN(64, BigInt(value)), littleEndian);
  return out;
}

export type ByteMutationKind = 'flip' | 'overwrite' | 'truncate' | 'extend';

/** One of the generic byte mutations, chosen at random; flips and overwrites stay within `range` when given. */
export function mutateBytes(bytes: Uint8Array, rng: Rng, range?: readonly [number, number]): { kind: ByteMutationKind; bytes: Uint8Array } {
  const kind = pick<ByteMutationKind>(rng, ['flip', 'overwrite', 'truncate', 'extend']);
  const out =
    kind === 'flip'
      ? flipBits(bytes, rng, range)
      : kind === 'overwrite'
        ? overwriteBytes(bytes, rng, range)
        : kind === 'truncate'
          ? truncate(bytes, rng)
          : extend(bytes, rng);
  return { kind, bytes: out };
}

// ---------------------------------------------------------------------------------------------
// JSON values

/** Deep enough that recursing over it (JSON.stringify, naive walkers) overflows the stack. */
export const DEEP_NESTING = 10_000;

function nestedArray(depth: number): unknown[] {
  let value: unknown[] = [];
  for (let i = 1; i < depth; i++) value = [value];
  return value;
}

/** One shared [[[…]]] of DEEP_NESTING levels: jsonText writes it without recursing into it. */
export const DEEP_ARRAY: readonly unknown[] = nestedArray(DEEP_NESTING);
const DEEP_MARK = '\u0000deep-array\u0000';
const DEEP_TEXT = '['.repeat(DEEP_NESTING) + ']'.repeat(DEEP_NESTING);

/** JSON.stringify that can also write values containing DEEP_ARRAY. */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (v === DEEP_ARRAY ? DEEP_MARK : v));
  return text.replaceAll(JSON.stringify(DEEP_MARK), DEEP_TEXT);
}

/** Values a JSON document can hold that tend to break validators: wrong types, edge numbers, odd strings. */
export const INTERESTING_JSON_VALUES: readonly unknown[] = [
  0,
  -0,
  1,
  -1,
  1.5,
  -0.5,
  255,
  256,
  2 ** 31,
  2 ** 32,
  2 ** 32 + 1,
  2 ** 53 - 1,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 64,
  1e21,
  1e308,
  -1e308,
  5e-324,
  '',
  '0',
  '1',
  '-1',
  '1e3',
  'F32',
  'null',
  '__proto__',
  '\u0000',
  '\ud800',
  'é',
  'x'.repeat(1000),
  null,
  true,
  false,
  [],
  [0],
  [-1],
  [1, 2, 3],
  [[1]],
  ['1'],
  [null],
  {},
  { a: 1 },
  JSON.parse('{"__proto__": 1}'),
  DEEP_ARRAY,
];

export type JsonPath = readonly (string | number)[];

const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => typeof v === 'object' && v !== null;

/** Paths to every node of `value` down to `maxDepth` levels (the root is []); never enters DEEP_ARRAY. */
export function jsonPaths(value: unknown, maxDepth = 8): JsonPath[] {
  const paths: JsonPath[] = [];
  const stack: [unknown, JsonPath][] = [[value, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    paths.push(path);
    if (node === DEEP_ARRAY || !isContainer(node) || path.length >= maxDepth) continue;
    for (const key of Array.isArray(node) ? node.keys() : Object.keys(node)) {
      stack.push([(node as Record<string | number, unknown>)[key], [...path, key]]);
    }
  }
  return paths;
}

/** A copy of `value` that keeps DEEP_ARRAY by reference (structuredClone would recurse into it) and own "__proto__" keys. */
export function cloneJson<T>(value: T): T {
  if (value === DEEP_ARRAY || !isContainer(value)) return value;
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as T;
  const out = {};
  for (const [key, v] of Object.entries(value)) defineOwn(out, key, cloneJson(v));
  return out as T;
}

/** Sets an own, enumerable property, also for the key "__proto__". */
function defineOwn(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function getAt(root: unknown, path: JsonPath): unknown {
  let node = root;
  for (const key of path) node = (node as Record<string | number, unknown>)[key];
  return node;
}

/** A value near `value`: off by one, scaled, negated, stringified, wrapped… */
function tweak(value: unknown, rng: Rng): unknown {
  if (value === DEEP_ARRAY) return pick(rng, INTERESTING_JSON_VALUES);
  if (typeof value === 'number') {
    return pick(rng, [value + 1, value - 1, -value, value * 2, value / 2, value + 0.5, value * 2 ** 32, String(value), [value]]);
  }
  if (typeof value === 'string') return pick(rng, ['', value + 'x', value.slice(1), value.toUpperCase(), Number(value), [value]]);
  if (Array.isArray(value)) {
    return pick(rng, [
      [...value, pick(rng, INTERESTING_JSON_VALUES)],
      value.slice(0, -1),
      value.slice(1),
      [...value].reverse(),
      [...value, ...value],
      [value],
      value.length > 0 ? value[0] : null,
    ]);
  }
  if (isContainer(value)) return pick(rng, [[value], Object.values(value), {}]);
  return pick(rng, INTERESTING_JSON_VALUES);
}

export type JsonMutationKind = 'replace' | 'tweak' | 'delete' | 'add-key' | 'rename-key' | 'swap' | 'root';

/**
 * One structural edit of a copy of `value` at a random node: replace it with an interesting
 * value, tweak it, delete it, add or rename a key, swap two nodes, or replace the whole document.
 */
export function mutateJson(value: unknown, rng: Rng): { kind: JsonMutationKind; value: unknown } {
  const root = cloneJson(value);
  const paths = jsonPaths(root);
  const path = pick(rng, paths);
  let kind = pick<JsonMutationKind>(rng, ['replace', 'replace', 'tweak', 'tweak', 'delete', 'add-key', 'rename-key', 'swap', 'root']);
  if (path.length === 0 && kind !== 'add-key') kind = 'root';
  if (kind === 'root') {
    return { kind, value: rng() < 0.5 ? pick(rng, INTERESTING_JSON_VALUES) : tweak(root, rng) };
  }
  if (kind === 'add-key') {
    const target = getAt(root, path);
    if (!isContainer(target) || target === DEEP_ARRAY)
      return { kind: 'replace', value: setAt(root, path, pick(rng, INTERESTING_JSON_VALUES)) };
    const name = pick(rng, ['extra', '', '__proto__', 'constructor', ...Object.keys(target)]);
    const added = Array.isArray(target) ? [...target, pick(rng, INTERESTING_JSON_VALUES)] : { ...target };
    if (!Array.isArray(added)) defineOwn(added, name, pick(rng, INTERESTING_JSON_VALUES));
    return { kind, value: path.length === 0 ? added : setAt(root, path, added) };
  }
  const parentPath = path.slice(0, -1);
  const key = path[path.length - 1];
  const parent = getAt(root, parentPath) as Record<string | number, unknown>;
  if (kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
    return { kind, value: root };
  }
  if (kind === 'rename-key' && !Array.isArray(parent)) {
    const moved = parent[key];
    delete parent[key];
    const name = pick(rng, [String(key).toUpperCase(), `${String(key)} `, '', '__proto__', ...Object.keys(parent)]);
    defineOwn(parent, name, moved);
    return { kind, value: root };
  }
  if (kind === 'swap') {
    const other = pick(
      rng,
      paths.filter((p) => p.length > 0),
    );
    return { kind, value: setAt(root, path, cloneJson(getAt(root, other))) };
  }
  const replacement = kind === 'tweak' ? tweak(parent[key], rng) : pick(rng, INTERESTING_JSON_VALUES);
  return { kind: kind === 'rename-key' ? 'replace' : kind, value: setAt(root, path, replacement) };
}

function setAt(root: unknown, path: JsonPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
  defineOwn(parent, path[path.length - 1], value);
  return root;
}

// ---------------------------------------------------------------------------------------------
// Running cases

export type Outcome = 'accepted' | 'rejected';

type ErrorClass = abstract new (...args: never[]) => Error;

function checkRejection(error: unknown, errorClass: ErrorClass, label: string): void {
  if (!(error instanceof errorClass) || typeof error.message !== 'string' || error.message === '') {
    const what = error instanceof Error ? `${error.name}: ${error.message}` : `a non-Error ${String(error)}`;
    throw new Error(`${label}: expected a ${errorClass.name} with a message, got ${what}`, { cause: error });
  }
}

/**
 * Runs one fuzz case: `call` either returns (then `check` must accept the result) or throws an
 * `errorClass` with a non-empty message. Anything else fails, labelled so the case can be rerun.
 */
export function outcomeOf<T>(label: string, call: () => T, errorClass: ErrorClass, check: (result: T) => void): Outcome {
  let result: T;
  try {
    result = call();
  } catch (error) {
    checkRejection(error, errorClass, label);
    return 'rejected';
  }
  check(result);
  return 'accepted';
}

/** outcomeOf for async parsers. */
export async function outcomeOfAsync<T>(
  label: string,
  call: () => Promise<T>,
  errorClass: ErrorClass,
  check: (result: T) => void,
): Promise<Outcome> {
  let result: T;
  try {
    result = await call();
  } catch (error) {
    checkRejection(error, errorClass, label);
    return 'rejected';
  }
  check(result);
  return 'accepted';
}

/** Accepted/rejected counts, overall and per mutation kind. */
export class Tally {
  accepted = 0;
  rejected = 0;
  readonly byKind = new Map<string, { accepted: number; rejected: number }>();

  get total(): number {
    return this.accepted + this.rejected;
  }

  record(kind: string, outcome: Outcome): void {
    this[outcome]++;
    const counts = this.byKind.get(kind) ?? { accepted: 0, rejected: 0 };
    counts[outcome]++;
    this.byKind.set(kind, counts);
  }
}
