// Wraps each Markdown table in <div class="table-scroll"> so a wide table scrolls inside its own
// box on a narrow screen instead of widening the page. (The site script makes a box that really
// overflows keyboard-focusable.)
import type { Element, Root, RootContent } from 'hast';
import { SKIP, visit } from 'unist-util-visit';

export function rehypeTableScroll() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (!parent || index === undefined || node.tagName !== 'table') return;
      if (parent.type === 'element' && (parent.properties?.className as string[] | undefined)?.includes('table-scroll')) return SKIP;
      const wrapper: Element = {
        type: 'element',
        tagName: 'div',
        properties: { className: ['table-scroll'] },
        children: [node],
      };
      (parent.children as RootContent[])[index] = wrapper;
      return SKIP;
    });
  };
}
