// Lessons link to each other with root-relative URLs ("/lessons/grad-cam/#x"), which would leave
// the site when it is served under a base path (BASE_PATH=/course/). This prefixes the base to
// every root-relative href and src in Markdown, so the lesson sources stay host-independent.
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

export function withBase(url: string, base: string): string {
  if (base === '/' || !url.startsWith('/') || url.startsWith('//') || url.startsWith(base)) return url;
  return base + url.slice(1);
}

export function rehypeBaseLinks({ base = '/' }: { base?: string } = {}) {
  return (tree: Root) => {
    if (base === '/') return;
    visit(tree, 'element', (node: Element) => {
      for (const attribute of ['href', 'src']) {
        const value = node.properties?.[attribute];
        if (typeof value === 'string') node.properties[attribute] = withBase(value, base);
      }
    });
  };
}
