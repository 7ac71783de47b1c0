// Serves a snapshot of dist/ with `astro preview` on a free port. The snapshot (a copy in a temp
// directory) keeps a long benchmark run safe from a `npm run build` that rewrites dist/ meanwhile.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PreviewServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/** A TCP port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * Throws with the fix when there is no dist/ at all. (A dist/ that lacks pages may be a build in
 * progress: snapshotDist waits for it.)
 */
export function checkDist(root: string): void {
  if (!existsSync(path.join(root, 'dist')))
    throw new Error('dist/ is missing: run `npm run build` first (the benchmark builds nothing itself).');
}

/** What is wrong with a copied site (pages or the scripts they load missing), or null. */
function incomplete(dist: string, pages: readonly string[]): string | null {
  for (const page of pages) {
    const file = path.join(dist, page, 'index.html');
    if (!existsSync(file)) return `${page}index.html is missing`;
    const html = readFileSync(file, 'utf8');
    for (const [, src] of html.matchAll(/<script\b[^>]*\ssrc="([^"]+)"/g)) {
      if (!existsSync(path.join(dist, src))) return `${page}index.html loads ${src}, which is missing`;
    }
  }
  return null;
}

/**
 * Copies dist/ to a temp directory with a minimal Astro config (same trailingSlash rule as the
 * site). A build that is half-way through when we copy leaves pages or chunks missing: then wait
 * and copy again, a few times.
 */
export async function snapshotDist(root: string, pages: readonly string[], attempts = 4, waitMs = 20_000): Promise<string> {
  let problem = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-site-'));
    try {
      cpSync(path.join(root, 'dist'), path.join(dir, 'dist'), { recursive: true });
      problem = incomplete(path.join(dir, 'dist'), pages) ?? '';
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    if (!problem) {
      mkdirSync(path.join(dir, 'src', 'pages'), { recursive: true }); // silences "Missing pages directory"
      writeFileSync(
        path.join(dir, 'astro.config.mjs'),
        "export default { site: 'https://course.example.org', trailingSlash: 'always' };\n",
      );
      return dir;
    }
    rmSync(dir, { recursive: true, force: true });
    if (attempt < attempts) {
      console.error(`bench: dist/ looks half-built (${problem}); a build is probably running, retrying in ${waitMs / 1000} s`);
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }
  throw new Error(`dist/ is incomplete (${problem}): wait for the running build to finish, or run \`npm run build\`, then retry.`);
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`astro preview exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`astro preview did not answer ${url} within ${timeoutMs / 1000} s`);
}

/** Starts `astro preview` (this repository's Astro) over `siteDir` on a free port. */
export async function startPreview(root: string, siteDir: string): Promise<PreviewServer> {
  const port = await freePort();
  const astro = path.join(root, 'node_modules', '.bin', 'astro');
  const child = spawn(astro, ['preview', '--root', siteDir, '--host', '127.0.0.1', '--port', String(port)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: false,
  });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${baseUrl}/`, child, 30_000);
  } catch (error) {
    child.kill('SIGTERM');
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${log.trim()}`);
  }
  return {
    baseUrl,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
