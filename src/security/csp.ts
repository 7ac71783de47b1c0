// The site's Content-Security-Policy and response headers: the one source for both the <meta>
// tag every page carries (BaseLayout.astro) and dist/_headers for static hosts (Netlify,
// Cloudflare Pages), which src/integrations/security-headers.ts writes at build.
//
// Only this origin, for everything. The two additions to a plain 'self' policy, and why:
// - script-src 'wasm-unsafe-eval': compiling WebAssembly (tfjs-backend-wasm, Pagefind's search
//   index) is gated behind it; it does not allow eval() or new Function() in JavaScript.
// - style-src-attr 'unsafe-inline': the build-time HTML carries inline style *attributes* that the
//   page cannot render without — KaTeX positions every glyph with style="height:…;top:…", and
//   Shiki's dual-theme code colours are style="color:…;--shiki-dark:…" (about 5,000 attributes,
//   218 distinct values across the lessons). Only attributes: <style> elements and style sheets
//   stay 'self'. Scripts change styles through the CSSOM (element.style, d3's .style()), which
//   CSP does not restrict.
// img-src allows data: and blob: for canvas/uploaded-image previews; downloads are <a download>
// navigations to blob: URLs, which no fetch directive governs.

export type Directives = Readonly<Record<string, readonly string[]>>;

export const CSP_DIRECTIVES: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'"],
  'style-src-attr': ["'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** Directives a <meta> policy may not carry (browsers ignore them there, with a console error). */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'report-to', 'sandbox']);

export function serializeCsp(directives: Directives, { meta = false } = {}): string {
  return Object.entries(directives)
    .filter(([name]) => !(meta && HEADER_ONLY.has(name)))
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/** The full policy, as an HTTP response header. */
export const CSP_HEADER = serializeCsp(CSP_DIRECTIVES);
/** The same policy less its header-only directives, for <meta http-equiv="Content-Security-Policy">. */
export const CSP_META = serializeCsp(CSP_DIRECTIVES, { meta: true });

/** Headers every response gets. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CSP_HEADER,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Path rules of the _headers file: the site-wide security headers, then per-path extras. */
export const HEADER_RULES: ReadonlyArray<{ path: string; headers: Readonly<Record<string, string>> }> = [
  { path: '/*', headers: SECURITY_HEADERS },
  // Streaming WebAssembly compilation needs the right type; only .wasm files are published there.
  { path: '/tfjs-wasm/*', headers: { 'Content-Type': 'application/wasm' } },
  // Content-hashed file names: never change, cache for a year.
  { path: '/_astro/*', headers: { 'Cache-Control': 'public, max-age=31536000, immutable' } },
  // The service worker carries the precache list: always revalidate, so a deploy is seen at once.
  { path: '/sw.js', headers: { 'Cache-Control': 'no-cache' } },
];

/**
 * The _headers file (Netlify / Cloudflare Pages format; tools/serve-static.ts applies it too).
 * Paths carry the site's base path ("/course/*" for base "/course/").
 */
export function headersFile(rules = HEADER_RULES, base = '/'): string {
  const lines = ['# Written by src/integrations/security-headers.ts from src/security/csp.ts; do not edit.'];
  for (const rule of rules) {
    lines.push(base + rule.path.slice(1));
    for (const [name, value] of Object.entries(rule.headers)) lines.push(`  ${name}: ${value}`);
  }
  return `${lines.join('\n')}\n`;
}
