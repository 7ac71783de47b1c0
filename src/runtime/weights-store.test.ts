import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeBase64, decodeBase64 } from './base64';
import { forgetWeights, keepWeights, MAX_FOLLOW_BYTES, storedWeights } from './weights-store';

/** sessionStorage as browsers have it, with a quota in characters (~5 million per site). */
class QuotaStorage {
  readonly items = new Map<string, string>();
  constructor(readonly quota: number) {}
  get length() {
    return this.items.size;
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    const used = [...this.items].reduce((n, [k, v]) => n + (k === key ? 0 : k.length + v.length), 0);
    if (used + key.length + value.length > this.quota) throw new DOMException('quota', 'QuotaExceededError');
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);
let store: QuotaStorage;

beforeEach(() => {
  store = new QuotaStorage(5_000_000);
  (globalThis as { sessionStorage?: unknown }).sessionStorage = store;
});
afterEach(() => {
  delete (globalThis as { sessionStorage?: unknown }).sessionStorage;
});

describe('weights kept for the tab', () => {
  it('round-trips the course-sized files of both networks byte for byte', () => {
    const attention = bytes(250_000);
    const traditional = bytes(1_800_000, 7);
    expect(keepWeights('attention', 'a.safetensors', attention)).toBeNull();
    expect(keepWeights('traditional', 't.safetensors', traditional)).toBeNull();
    // Buffer.equals: a deep toEqual over 1.8 million elements takes half a minute.
    const same = (a: Uint8Array | undefined, b: Uint8Array) => a !== undefined && Buffer.from(a).equals(Buffer.from(b));
    expect(storedWeights('attention')?.name).toBe('a.safetensors');
    expect(same(storedWeights('attention')?.bytes, attention)).toBe(true);
    expect(storedWeights('traditional')?.name).toBe('t.safetensors');
    expect(same(storedWeights('traditional')?.bytes, traditional)).toBe(true);
  });

  it('refuses files over the limit together, says why, and keeps no older file of that network', () => {
    expect(keepWeights('attention', 'old.safetensors', bytes(1000))).toBeNull();
    expect(keepWeights('traditional', 't.safetensors', bytes(2_000_000))).toBeNull();
    const why = keepWeights('attention', 'big.safetensors', bytes(MAX_FOLLOW_BYTES - 2_000_000 + 1));
    expect(why).toMatch(/may total 3 MB/);
    expect(storedWeights('attention')).toBeNull();
    expect(storedWeights('traditional')?.name).toBe('t.safetensors');
  });

  it('says so when the browser has no room, and when it keeps nothing for the tab', () => {
    store = new QuotaStorage(1000);
    (globalThis as { sessionStorage?: unknown }).sessionStorage = store;
    expect(keepWeights('attention', 'a.safetensors', bytes(10_000))).toMatch(/no room/);
    expect(storedWeights('attention')).toBeNull();
    delete (globalThis as { sessionStorage?: unknown }).sessionStorage;
    expect(keepWeights('attention', 'a.safetensors', bytes(10))).toMatch(/does not let the page keep data/);
  });

  it('drops an entry it cannot read, and forgets every network at once', () => {
    store.setItem('/:own-weights:attention', '{"name":"x","data":"not base64!"}');
    expect(storedWeights('attention')).toBeNull();
    expect(store.length).toBe(0);
    keepWeights('attention', 'a', bytes(10));
    keepWeights('traditional', 't', bytes(10));
    forgetWeights();
    expect(store.length).toBe(0);
  });
});

describe('base64', () => {
  it('encodes what decodes, across the 32 KB slices', () => {
    const data = bytes(100_003, 3);
    expect(Buffer.from(decodeBase64(encodeBase64(data))!).equals(Buffer.from(data))).toBe(true);
    expect(encodeBase64(Uint8Array.of(0, 255, 1))).toBe('AP8B');
  });
});
