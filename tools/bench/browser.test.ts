import { describe, expect, it } from 'vitest';
import { resourceKind, totals, type ResourceRecord } from './browser';

describe('bench resource accounting', () => {
  it('sorts responses into JS, WebAssembly and fetched data', () => {
    expect(resourceKind('http://h/_astro/frame.abc.js', 'script', 'text/javascript')).toBe('js');
    expect(resourceKind('http://h/theme-init.js', 'other', '')).toBe('js');
    expect(resourceKind('http://h/tfjs-wasm/tfjs-backend-wasm-simd.wasm', 'fetch', 'application/wasm')).toBe('wasm');
    expect(resourceKind('http://h/pretrained/attention-cnn.safetensors', 'fetch', 'application/octet-stream')).toBe('data');
    expect(resourceKind('http://h/lessons/grad-cam/', 'document', 'text/html')).toBeNull();
    expect(resourceKind('http://h/_astro/x.css', 'stylesheet', 'text/css')).toBeNull();
  });

  it('adds up bytes per kind and phase', () => {
    const records: ResourceRecord[] = [
      { url: 'http://h/a.js', kind: 'js', phase: 'before', raw: 100, gzip: 40 },
      { url: 'http://h/b.js', kind: 'js', phase: 'after', raw: 1000, gzip: 300 },
      { url: 'http://h/c.wasm', kind: 'wasm', phase: 'after', raw: 5000, gzip: 2000 },
    ];
    expect(totals(records, 'js', ['before'])).toEqual({ files: 1, raw: 100, gzip: 40, names: ['a.js'] });
    expect(totals(records, 'js', ['before', 'after'])).toMatchObject({ files: 2, raw: 1100, gzip: 340 });
    expect(totals(records, 'data', ['after'])).toEqual({ files: 0, raw: 0, gzip: 0, names: [] });
  });
});
