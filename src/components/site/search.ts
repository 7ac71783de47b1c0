// The /search/ page: a small accessible UI over Pagefind. The index and pagefind.js only exist
// after `pagefind` ran over the build output, so they are imported at runtime from this site's
// own /pagefind/ folder (never from another origin).
import { sitePath } from './site-path';
interface PagefindSubResult {
  title: string;
  url: string;
  excerpt: string;
}
interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: { title?: string };
  sub_results?: PagefindSubResult[];
}
interface PagefindResult {
  id: string;
  data: () => Promise<PagefindResultData>;
}
interface Pagefind {
  options?: (options: Record<string, unknown>) => Promise<void>;
  init?: () => Promise<void>;
  search: (term: string) => Promise<{ results: PagefindResult[] } | null>;
  debouncedSearch?: unknown;
}

const MAX_RESULTS = 10;
const MAX_SECTIONS = 3;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

let pagefindPromise: Promise<Pagefind> | null = null;

function loadPagefind(): Promise<Pagefind> {
  pagefindPromise ??= (async () => {
    const url = sitePath('/pagefind/pagefind.js');
    const pagefind = (await import(/* @vite-ignore */ url)) as Pagefind;
    // Pagefind's URLs are relative to the folder it indexed; baseUrl puts them under the base path.
    await pagefind.options?.({ excerptLength: 24, baseUrl: sitePath('/') });
    await pagefind.init?.();
    return pagefind;
  })();
  return pagefindPromise;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
    }
    return ENTITIES[code.toLowerCase()] ?? whole;
  });
}

/**
 * Pagefind excerpts are escaped text with <mark> around the hits. Rebuild them from text nodes
 * and <mark> elements only: nothing from the index is ever parsed as HTML.
 */
export function excerptNodes(excerpt: string): Node[] {
  const nodes: Node[] = [];
  let marked = false;
  for (const part of excerpt.split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) {
      const text = decodeEntities(part.replace(/<[^>]*>/g, ''));
      if (marked) {
        const mark = document.createElement('mark');
        mark.textContent = text;
        nodes.push(mark);
      } else nodes.push(document.createTextNode(text));
    }
  }
  return nodes;
}

function sameSitePath(url: string): string {
  // Pagefind URLs are site-relative; keep them that way whatever the index holds.
  const parsed = new URL(url, location.origin);
  return parsed.origin === location.origin ? parsed.pathname + parsed.search + parsed.hash : sitePath('/');
}

function renderResult(data: PagefindResultData): HTMLLIElement {
  const item = document.createElement('li');
  const heading = document.createElement('h2');
  const link = document.createElement('a');
  link.href = sameSitePath(data.url);
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  const excerpt = document.createElement('p');
  excerpt.append(...excerptNodes(data.excerpt));
  item.append(heading, excerpt);

  const sections = (data.sub_results ?? []).filter((sub) => sub.url.includes('#')).slice(0, MAX_SECTIONS);
  if (sections.length > 0) {
    const list = document.createElement('ul');
    list.className = 'result-sections';
    list.setAttribute('aria-label', `Matching sections in ${data.meta.title ?? 'this page'}`);
    for (const sub of sections) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = sameSitePath(sub.url);
      a.textContent = sub.title;
      li.append(a);
      list.append(li);
    }
    item.append(list);
  }
  return item;
}

export function initSearch(): void {
  const form = document.querySelector<HTMLFormElement>('[data-search-form]');
  const input = form?.querySelector<HTMLInputElement>('input[name="q"]');
  const status = document.querySelector<HTMLElement>('[data-search-status]');
  const results = document.querySelector<HTMLOListElement>('[data-search-results]');
  const fallback = document.querySelector<HTMLElement>('[data-search-fallback]');
  if (!form || !input || !status || !results) return;
  fallback?.setAttribute('hidden', '');

  let generation = 0;
  let timer = 0;

  async function run(term: string): Promise<void> {
    const mine = ++generation;
    const query = term.trim();
    const url = new URL(location.href);
    if (query) url.searchParams.set('q', query);
    else url.searchParams.delete('q');
    history.replaceState(null, '', url);
    results!.replaceChildren();
    if (!query) {
      status!.textContent = '';
      return;
    }
    status!.textContent = 'Searching…';
    try {
      const pagefind = await loadPagefind();
      const search = await pagefind.search(query);
      if (mine !== generation) return;
      const found = search?.results ?? [];
      const data = await Promise.all(found.slice(0, MAX_RESULTS).map((result) => result.data()));
      if (mine !== generation) return;
      results!.replaceChildren(...data.map(renderResult));
      const count = found.length;
      const shown = count > MAX_RESULTS ? ` (showing the first ${MAX_RESULTS})` : '';
      status!.textContent =
        count === 0
          ? `No results for “${query}”. Try a shorter or different term.`
          : `${count} ${count === 1 ? 'page matches' : 'pages match'} “${query}”${shown}.`;
    } catch {
      if (mine !== generation) return;
      status!.textContent = 'Search is not available right now (the search index is built with the site).';
      fallback?.removeAttribute('hidden');
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    window.clearTimeout(timer);
    void run(input.value);
  });
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void run(input.value), 300);
  });

  const initial = new URLSearchParams(location.search).get('q') ?? '';
  if (initial) {
    input.value = initial;
    const header = document.querySelector<HTMLInputElement>('#header-search-q');
    if (header) header.value = initial;
    void run(initial);
  }
}
