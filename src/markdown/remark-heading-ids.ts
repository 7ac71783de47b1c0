// Instructors link to sections, so heading ids are written by hand in the lesson source
// ("## Title [#stable-id]") instead of being derived from the text: editing a heading's wording
// or adding a heading above it never breaks a link. Headings h2–h4 without an id fail the build.
import type { Heading, Root, Text } from 'mdast';
import { visit } from 'unist-util-visit';

const ID_SUFFIX = /\s*\[#([a-z][a-z0-9-]*)\]\s*$/;

export interface HeadingIdOptions {
  /** Deepest heading level that must carry an explicit id. */
  maxDepth?: number;
}

export function remarkHeadingIds(options: HeadingIdOptions = {}) {
  const maxDepth = options.maxDepth ?? 4;
  return (tree: Root, file: { path?: string }) => {
    const seen = new Set<string>();
    visit(tree, 'heading', (heading: Heading) => {
      const last = heading.children[heading.children.length - 1];
      const match = last && last.type === 'text' ? ID_SUFFIX.exec((last as Text).value) : null;
      if (!match) {
        if (heading.depth >= 2 && heading.depth <= maxDepth) {
          const where = file.path ?? 'a lesson';
          const line = heading.position?.start.line ?? '?';
          throw new Error(`${where}:${line}: heading needs an explicit id, e.g. "## Title [#title]"`);
        }
        return;
      }
      const id = match[1];
      if (seen.has(id)) throw new Error(`${file.path ?? 'a lesson'}: heading id "${id}" is used twice`);
      seen.add(id);
      (last as Text).value = (last as Text).value.slice(0, match.index);
      heading.data = { ...heading.data, hProperties: { ...(heading.data?.hProperties ?? {}), id } };
    });
  };
}
