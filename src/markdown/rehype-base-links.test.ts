import type { Root } from 'hast';
import { describe, expect, it } from 'vitest';
import { rehypeBaseLinks, withBase } from './rehype-base-links';

describe('withBase', () => {
  it('prefixes root-relative URLs only', () => {
    expect(withBase('/lessons/grad-cam/#x', '/course/')).toBe('/course/lessons/grad-cam/#x');
    expect(withBase('/', '/course/')).toBe('/course/');
    expect(withBase('/course/search/', '/course/')).toBe('/course/search/');
    expect(withBase('//other-origin.example/x', '/course/')).toBe('//other-origin.example/x');
    expect(withBase('#math', '/course/')).toBe('#math');
    expect(withBase('https://pytorch.org/', '/course/')).toBe('https://pytorch.org/');
    expect(withBase('/lessons/x/', '/')).toBe('/lessons/x/');
  });

  it('rewrites links and images in a tree', () => {
    const tree: Root = {
      type: 'root',
      children: [
        { type: 'element', tagName: 'a', properties: { href: '/lessons/attention-cam/' }, children: [] },
        { type: 'element', tagName: 'img', properties: { src: '/generated/x.png' }, children: [] },
      ],
    };
    rehypeBaseLinks({ base: '/course/' })(tree);
    expect(tree.children.map((c) => (c.type === 'element' ? c.properties : null))).toEqual([
      { href: '/course/lessons/attention-cam/' },
      { src: '/course/generated/x.png' },
    ]);
  });
});
