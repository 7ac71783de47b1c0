// The one place that turns a site path ("/search/", "/pagefind/pagefind.js") into the URL it has
// under the configured base path (BASE_PATH=/course/ → "/course/search/"). Components, pages and
// client scripts use it instead of root-relative literals, so the site works at any base.
export function sitePath(path: string): string {
  const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;
  return base + path.replace(/^\//, '');
}
