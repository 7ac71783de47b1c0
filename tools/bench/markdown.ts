// Markdown output of `npm run bench`: tables, and the generated section of docs/benchmarks.md,
// which lives between two markers so the hand-written sections around it stay as they are.

export const START_MARKER = '<!-- bench:start -->';
export const END_MARKER = '<!-- bench:end -->';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [`| ${header.map(cell).join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of rows) {
    if (row.length !== header.length) throw new Error(`a row has ${row.length} cells, the header ${header.length}`);
    lines.push(`| ${row.map(cell).join(' | ')} |`);
  }
  return lines.join('\n');
}

/**
 * Puts `section` between the markers: replaces what is there, or — when the document has no
 * markers yet — inserts them before its first "## " heading (at the end if it has none).
 * Everything outside the markers is kept byte for byte.
 */
export function replaceSection(doc: string, section: string): string {
  const block = `${START_MARKER}\n${section.trim()}\n${END_MARKER}`;
  const start = doc.indexOf(START_MARKER);
  const end = doc.indexOf(END_MARKER);
  if (start >= 0 || end >= 0) {
    if (start < 0 || end < 0 || end < start)
      throw new Error(
        `docs/benchmarks.md has ${start < 0 ? `no ${START_MARKER}` : end < 0 ? `no ${END_MARKER}` : 'its bench markers in the wrong order'}; fix the markers by hand`,
      );
    if (doc.indexOf(START_MARKER, start + 1) >= 0 || doc.indexOf(END_MARKER, end + 1) >= 0)
      throw new Error('docs/benchmarks.md has more than one pair of bench markers');
    return doc.slice(0, start) + block + doc.slice(end + END_MARKER.length);
  }
  const heading = /^## /m.exec(doc);
  if (!heading) return `${doc.replace(/\s*$/, '')}\n\n${block}\n`;
  return `${doc.slice(0, heading.index)}${block}\n\n${doc.slice(heading.index)}`;
}
