// npm run serve [-- --dir dist --port 4321 --host 127.0.0.1 --base /course/]
// A small dependency-free static server for the built site that behaves like the hosts we
// document: it applies dist/_headers (Netlify / Cloudflare Pages format: the CSP with
// frame-ancestors, nosniff, Referrer-Policy, COOP, cache rules), sends the right MIME types
// (application/wasm for streaming compilation), redirects folders to their trailing slash, answers
// unknown URLs with the site's 404 page, and serves the site under a base path. `astro preview`
// ignores _headers, so it cannot show what readers get.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { basePath, normalizeBasePath } from '../src/site-config';
import { intOption, parseArgs, parseInteger, runCli, stringOption, UsageError } from './lib/cli-args';

export interface HeaderRule {
  /** URL pattern: an exact path, or a prefix ending in "*" */
  pattern: string;
  headers: Array<[string, string]>;
}

/** Parses a _headers file: a path line, then indented "Name: value" lines; # comments. */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      if (!line.startsWith('/')) throw new Error(`_headers line ${i + 1}: a rule must start with a path, got "${line}"`);
      rules.push({ pattern: line.trim(), headers: [] });
      continue;
    }
    const match = /^\s+([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
    if (!match || rules.length === 0) throw new Error(`_headers line ${i + 1}: expected "  Name: value", got "${line}"`);
    rules[rules.length - 1].headers.push([match[1], match[2].trim()]);
  }
  return rules;
}

export function matchesPattern(pattern: string, urlPath: string): boolean {
  return pattern.endsWith('*') ? urlPath.startsWith(pattern.slice(0, -1)) : urlPath === pattern;
}

/** Headers for a URL path: every matching rule in file order, a later rule replacing a header. */
export function headersFor(rules: readonly HeaderRule[], urlPath: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rule of rules) {
    if (!matchesPattern(rule.pattern, urlPath)) continue;
    for (const [name, value] of rule.headers) out[name.toLowerCase()] = value;
  }
  return out;
}

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export function mimeType(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export interface StaticSite {
  /** the built site, e.g. dist/ */
  dir: string;
  /** e.g. "/" or "/course/" */
  base: string;
}

type Resolved = { kind: 'file'; file: string; status: number } | { kind: 'redirect'; location: string };

/** Maps a request path to a file of the site, a redirect, or the 404 page. */
export function resolveRequest(site: StaticSite, rawPath: string): Resolved {
  const notFound = (): Resolved => ({ kind: 'file', file: path.join(site.dir, '404.html'), status: 404 });
  let urlPath: string;
  try {
    urlPath = decodeURIComponent(rawPath);
  } catch {
    return notFound();
  }
  if (urlPath.includes('\0')) return notFound();
  if (site.base !== '/' && (urlPath === '/' || urlPath === site.base.slice(0, -1))) return { kind: 'redirect', location: site.base };
  if (!urlPath.startsWith(site.base)) return notFound();
  const relative = urlPath.slice(site.base.length);
  const file = path.join(site.dir, relative);
  if (file !== site.dir && !file.startsWith(site.dir + path.sep)) return notFound();
  if (!existsSync(file)) return notFound();
  const stat = statSync(file);
  if (stat.isDirectory()) {
    if (!urlPath.endsWith('/')) return { kind: 'redirect', location: `${encodeURI(urlPath)}/` };
    const index = path.join(file, 'index.html');
    return existsSync(index) ? { kind: 'file', file: index, status: 200 } : notFound();
  }
  return stat.isFile() ? { kind: 'file', file, status: 200 } : notFound();
}

/**
 * The server. `site.dir` is read on every request, so a test can switch the served folder (a
 * "deploy") under a running server; the _headers rules are read once, from the first folder.
 */
const tags = new Map<string, { key: string; tag: string }>();

/** A strong ETag from the file's sha1, cached while its mtime and size stay the same. */
function contentTag(file: string, mtimeMs: number, size: number): string {
  const key = `${mtimeMs}:${size}`;
  const cached = tags.get(file);
  if (cached?.key === key) return cached.tag;
  const tag = `"${createHash('sha1').update(readFileSync(file)).digest('hex')}"`;
  tags.set(file, { key, tag });
  return tag;
}

export function createStaticServer(site: StaticSite): http.Server {
  const first = path.resolve(site.dir);
  const headersFile = path.join(first, '_headers');
  if (!existsSync(path.join(first, 'index.html')))
    throw new UsageError(`${first} holds no built site (index.html): run npm run build first`);
  if (!existsSync(headersFile))
    throw new UsageError(`${headersFile} is missing: the build writes it (src/integrations/security-headers.ts)`);
  const rules = parseHeadersFile(readFileSync(headersFile, 'utf8'));
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const headers = headersFor(rules, url.pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, allow: 'GET, HEAD' }).end();
      return;
    }
    const target = resolveRequest({ dir: path.resolve(site.dir), base: site.base }, url.pathname);
    if (target.kind === 'redirect') {
      res.writeHead(301, { ...headers, location: target.location + url.search }).end();
      return;
    }
    if (!existsSync(target.file)) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('404 Not Found\n');
      return;
    }
    const stat = statSync(target.file);
    // The 404 page is HTML whatever the URL's extension; a _headers Content-Type (wasm) only fits real files.
    const type = target.status === 404 ? mimeType(target.file) : (headers['content-type'] ?? mimeType(target.file));
    // Revalidation like a static host, by content: an ETag of the file's bytes, 304 when it matches.
    // (Last-Modified alone has 1 s resolution: a deploy within the same second served the old page.)
    const modified = new Date(Math.floor(stat.mtimeMs / 1000) * 1000);
    const etag = contentTag(target.file, stat.mtimeMs, stat.size);
    if (target.status === 200 && req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ...headers, etag, 'last-modified': modified.toUTCString() }).end();
      return;
    }
    res.writeHead(target.status, {
      ...headers,
      'content-type': type,
      'content-length': stat.size,
      etag,
      'last-modified': modified.toUTCString(),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(target.file).pipe(res);
  });
}

const USAGE = `
usage: npm run serve [-- options]     (tools/serve.sh builds first, then runs this)
  --dir DIR      the built site (default dist)
  --port N       port (default $PORT or 4321)
  --host H       address to listen on (default 127.0.0.1)
  --base PATH    base path the site was built for (default $BASE_PATH or /)
  --help         this text
Serves DIR with the headers of DIR/_headers, the site's 404 page and correct MIME types.
`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['dir', 'port', 'host', 'base']);
  if (args.positional.length > 0) throw new UsageError(`unexpected argument "${args.positional[0]}" (see --help)`);
  const base = args.options.has('base') ? normalizeBasePath(stringOption(args, 'base') ?? '') : basePath();
  const port = intOption(args, 'port', 1, 65535) ?? (process.env.PORT ? parseInteger(process.env.PORT, 'PORT', 1, 65535) : 4321);
  const host = stringOption(args, 'host') ?? '127.0.0.1';
  const server = createStaticServer({ dir: stringOption(args, 'dir') ?? 'dist', base });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  console.log(`serving ${stringOption(args, 'dir') ?? 'dist'} at http://${host}:${port}${base}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runCli('serve', USAGE, main);
