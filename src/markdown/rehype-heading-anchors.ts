// Gives every h2–h4 that carries an id a visible "#" link to itself, at build time, so readers
// can copy a link to any section without JavaScript. The link sits *beside* the heading (both
// wrapped in a div) rather than inside it: the heading's text, and so the table of contents that
// Astro derives from it, stays exactly what the author wrote, and screen readers don't hear a
// link inside every heading. The ids themselves come from remark-heading-ids and are never
// touched here.
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { SKIP, visit } from 'unist-util-visit';

const LEVELS = new Set(['h2', 'h3', 'h4']);

/** Readable text of a heading: skips aria-hidden parts (KaTeX's HTML twin) and TeX annotations. */
export function headingText(node: Element | ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type !== 'element') return '';
  const hidden = node.properties?.ariaHidden;
  if (hidden === true || hidden === 'true' || node.tagName === 'annotation') return '';
  return node.children.map(headingText).join('');
}

export function rehypeHeadingAnchors() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (!parent || index === undefined || !LEVELS.has(node.tagName)) return;
      const id = node.properties?.id;
      if (typeof id !== 'string' || id === '') return;
      const label = headingText(node).replace(/\s+/g, ' ').trim();
      const anchor: Element = {
        type: 'element',
        tagName: 'a',
        properties: { className: ['heading-anchor'], href: `#${id}` },
        children: [
          { type: 'element', tagName: 'span', properties: { ariaHidden: 'true' }, children: [{ type: 'text', value: '#' }] },
          {
            type: 'element',
            tagName: 'span',
            properties: { className: ['sr-only'] },
            children: [{ type: 'text', value: `Link to section: ${label}` }],
          },
        ],
      };
      const wrapper: Element = {
        type: 'element',
        tagName: 'div',
        properties: { className: ['heading-wrapper', `level-${node.tagName}`] },
        children: [node, { type: 'text', value: ' ' }, anchor],
      };
      (parent.children as RootContent[])[index] = wrapper;
      return [SKIP, index + 1];
    });
  };
}
