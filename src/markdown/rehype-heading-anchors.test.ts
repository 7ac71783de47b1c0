import type { Element, Root } from 'hast';
import { describe, expect, it } from 'vitest';
import { headingText, rehypeHeadingAnchors } from './rehype-heading-anchors';
import { rehypeTableScroll } from './rehype-table-scroll';

const text = (value: string) => ({ type: 'text' as const, value });
const el = (tagName: string, properties: Element['properties'], children: Element['children'] = []): Element => ({
  type: 'element',
  tagName,
  properties,
  children,
});

describe('rehypeHeadingAnchors', () => {
  it('wraps h2–h4 with an id and adds a named "#" link beside (not inside) the heading', () => {
    const h2 = el('h2', { id: 'grad-cam' }, [text('Grad-CAM '), el('code', {}, [text('hooks')])]);
    const tree: Root = { type: 'root', children: [h2, el('h3', { id: 'sub' }, [text('Sub')])] };
    rehypeHeadingAnchors()(tree);

    const [first, second] = tree.children as Element[];
    expect(first.tagName).toBe('div');
    expect(first.properties.className).toEqual(['heading-wrapper', 'level-h2']);
    expect(first.children[0]).toBe(h2); // heading untouched, id untouched
    expect(h2.properties.id).toBe('grad-cam');
    const anchor = first.children[2] as Element;
    expect(anchor.properties.href).toBe('#grad-cam');
    expect(headingText(anchor.children[1] as Element)).toBe('Link to section: Grad-CAM hooks');
    expect((anchor.children[0] as Element).properties.ariaHidden).toBe('true');
    expect((second.children[0] as Element).tagName).toBe('h3');
  });

  it('leaves h1, h5 and headings without an id alone', () => {
    const tree: Root = {
      type: 'root',
      children: [el('h1', { id: 'a' }, [text('A')]), el('h5', { id: 'b' }, [text('B')]), el('h2', {}, [text('C')])],
    };
    rehypeHeadingAnchors()(tree);
    expect((tree.children as Element[]).map((c) => c.tagName)).toEqual(['h1', 'h5', 'h2']);
  });

  it("names math headings by their MathML text, not KaTeX's hidden HTML twin or the TeX source", () => {
    const math = el('span', { className: ['katex'] }, [
      el('span', { className: ['katex-mathml'] }, [
        el('math', {}, [el('semantics', {}, [el('mi', {}, [text('α')]), el('annotation', {}, [text('\\alpha')])])]),
      ]),
      el('span', { className: ['katex-html'], ariaHidden: 'true' }, [text('α')]),
    ]);
    expect(headingText(el('h2', { id: 'w' }, [text('Weights '), math]))).toBe('Weights α');
  });
});

describe('rehypeTableScroll', () => {
  it('wraps each table once in a .table-scroll box', () => {
    const table = el('table', {}, []);
    const tree: Root = { type: 'root', children: [table] };
    rehypeTableScroll()(tree);
    rehypeTableScroll()(tree);
    const wrapper = tree.children[0] as Element;
    expect(wrapper.properties.className).toEqual(['table-scroll']);
    expect(wrapper.children).toEqual([table]);
  });
});
