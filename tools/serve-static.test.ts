// The static server: _headers parsing and matching, MIME types, base path, 404 page, redirects
// and path traversal, against a small site in a temporary folder.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headersFile } from '../src/security/csp';
import { createStaticServer, headersFor, mimeType, parseHeadersFile } from './serve-static';

describe('_headers', () => {
  it('parses the file the build writes and applies every matching rule, later ones winning', () => {
    const rules = parseHeadersFile(headersFile(undefined, '/course/'));
    const page = headersFor(rules, '/course/lessons/grad-cam/');
    expect(page['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page['x-content-type-options']).toBe('nosniff');
    expect(page['referrer-policy']).toBe('no-referrer');
    expect(page['cross-origin-opener-policy']).toBe('same-origin');
    expect(headersFor(rules, '/course/tfjs-wasm/x.wasm')['content-type']).toBe('application/wasm');
    expect(headersFor(rules, '/course/sw.js')['cache-control']).toBe('no-cache');
    expect(headersFor(rules, '/course/sw.js.map')['cache-control']).toBeUndefined();
    expect(headersFor(rules, '/elsewhere/')).toEqual({});
  });

  it('rejects a malformed file with the line number', () => {
    expect(() => parseHeadersFile('/*\n  no colon here\n')).toThrow(/line 2/);
    expect(() => parseHeadersFile('  X-A: b\n')).toThrow(/line 1/);
  });

  it('knows the MIME types the site needs', () => {
    expect(mimeType('a/b.wasm')).toBe('application/wasm');
    expect(mimeType('x.woff2')).toBe('font/woff2');
    expect(mimeType('index.html')).toMatch(/^text\/html/);
    expect(mimeType('pagefind/fragment/en_1.pf_fragment')).toBe('application/octet-stream');
  });
});

describe('createStaticServer', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'serve-static-'));
  let origin = '';
  const server = (() => {
    mkdirSync(path.join(dir, 'lessons', 'a'), { recursive: true });
    mkdirSync(path.join(dir, 'tfjs-wasm'));
    writeFileSync(path.join(dir, 'index.html'), '<h1>home</h1>');
    writeFileSync(path.join(dir, '404.html'), '<h1>Page not found</h1>');
    writeFileSync(path.join(dir, 'lessons', 'a', 'index.html'), '<h1>lesson a</h1>');
    writeFileSync(path.join(dir, 'tfjs-wasm', 'b.wasm'), Buffer.from([0, 97, 115, 109]));
    writeFileSync(path.join(dir, '_headers'), headersFile(undefined, '/course/'));
    return createStaticServer({ dir, base: '/course/' });
  })();
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const get = (p: string) => fetch(origin + p, { redirect: 'manual' });

  it('serves pages under the base path with the security headers', async () => {
    const response = await get('/course/lessons/a/');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<h1>lesson a</h1>');
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers a revalidation of an unchanged file with 304, by its content tag', async () => {
    const first = await get('/course/lessons/a/');
    expect(first.headers.get('last-modified')).toMatch(/GMT$/);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{40}"$/);
    const again = await fetch(origin + '/course/lessons/a/', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    // A date alone never makes a 304: a deploy within the same second must not serve the old page.
    const byDate = await fetch(origin + '/course/lessons/a/', { headers: { 'if-modified-since': first.headers.get('last-modified')! } });
    expect(byDate.status).toBe(200);
    const stale = await fetch(origin + '/course/lessons/a/', { headers: { 'if-none-match': '"0000"' } });
    expect(stale.status).toBe(200);
  });

  it('sends WebAssembly as application/wasm', async () => {
    const response = await get('/course/tfjs-wasm/b.wasm');
    expect(response.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([0, 97, 115, 109]));
  });

  it('redirects folders to their trailing slash and the root to the base', async () => {
    expect((await get('/course/lessons/a')).headers.get('location')).toBe('/course/lessons/a/');
    expect((await get('/')).headers.get('location')).toBe('/course/');
    expect((await get('/course')).status).toBe(301);
  });

  it('answers unknown URLs, URLs outside the base and traversal attempts with the 404 page', async () => {
    for (const p of ['/course/nope/', '/lessons/a/', '/course/../index.html', '/course/%2e%2e/%2e%2e/etc/passwd', '/course/%E0%A4%A']) {
      const response = await get(p);
      expect(response.status, p).toBe(404);
      expect(await response.text(), p).toContain('Page not found');
    }
    expect((await fetch(origin + '/course/', { method: 'POST' })).status).toBe(405);
  });
});
