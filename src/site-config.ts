// Where the site lives, from the environment, for astro.config.mjs, the static server
// (tools/serve-static.ts) and the e2e specs:
//   SITE_URL   the public origin, used for canonical links and the sitemap
//              (default http://127.0.0.1:4321, the local server: set it for a real deployment);
//   BASE_PATH  the folder the site is served from, e.g. /course/ for GitHub project pages
//              (default /).
export const DEFAULT_SITE_URL = 'http://127.0.0.1:4321';
export const DEFAULT_BASE_PATH = '/';

type Env = Readonly<Record<string, string | undefined>>;

/** "/course" → "/course/", "course/" → "/course/", "" → "/"; rejects anything but a plain path. */
export function normalizeBasePath(raw: string): string {
  const trimmed = raw.trim().replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '/';
  if (!/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(trimmed) || trimmed.split('/').some((s) => s === '.' || s === '..')) {
    throw new Error(`BASE_PATH must be a plain path like /course/, got "${raw}"`);
  }
  return `/${trimmed}/`;
}

export function basePath(env: Env = process.env): string {
  return normalizeBasePath(env.BASE_PATH ?? DEFAULT_BASE_PATH);
}

export function siteUrl(env: Env = process.env): string {
  const raw = env.SITE_URL ?? DEFAULT_SITE_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`SITE_URL must be an absolute http(s) URL like https://example.org, got "${raw}"`);
  }
  if (!/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search || url.hash) {
    throw new Error(`SITE_URL must be an origin like https://example.org (put the folder in BASE_PATH), got "${raw}"`);
  }
  return url.origin;
}
