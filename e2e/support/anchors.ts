// Permanent ids of a built lesson page: h2–h4 inside the lesson body (the ids authors write as
// "## Title [#id]") and deep dives (<DeepDive id="…">, a <details class="deep-dive">), in
// document order. Instructors link both.
export function headingIds(html: string): string[] {
  const start = html.indexOf('class="lesson-body');
  const end = html.indexOf('</article>', start);
  if (start < 0 || end < 0) return [];
  const body = html.slice(start, end);
  return [...body.matchAll(/<(?:h[2-4]\b[^>]*?|details class="deep-dive"[^>]*?)\sid="([^"]+)"/g)].map((m) => m[1]);
}
