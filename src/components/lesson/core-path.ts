// A lesson's core path, measured from its MDX source: the words a learner reads outside deep
// dives, answers and activities (at WORDS_PER_MINUTE for technical prose, code and math included),
// plus the minutes each <Activity minutes={n}> states. The lesson layout prints it in the header
// and refuses to build a lesson whose core path is longer than its slot.

export const WORDS_PER_MINUTE = 200;

export interface CorePath {
  words: number;
  readingMinutes: number;
  activityMinutes: number;
  totalMinutes: number;
  activities: number;
}

/** Removes every <Tag …>…</Tag> block (outermost first; the tags used here do not nest in themselves). */
function removeBlocks(source: string, tag: string, onBlock?: (open: string) => void): string {
  const pattern = new RegExp(`<${tag}\\b([^>]*)>[\\s\\S]*?</${tag}>`, 'g');
  return source.replace(pattern, (_whole, attrs: string) => {
    onBlock?.(attrs);
    return ' ';
  });
}

export function measureCorePath(mdx: string): CorePath {
  let text = mdx.replace(/^---\n[\s\S]*?\n---\n/, ''); // frontmatter
  text = text.replace(/^(import|export) .*$/gm, '');
  text = removeBlocks(text, 'DeepDive');
  text = removeBlocks(text, 'Answer');
  let activityMinutes = 0;
  let activities = 0;
  text = removeBlocks(text, 'Activity', (attrs) => {
    const minutes = /minutes=\{(\d+)\}/.exec(attrs);
    if (!minutes) throw new Error(`core-path: an <Activity> without minutes={n}: <Activity${attrs}>`);
    activityMinutes += Number(minutes[1]);
    activities += 1;
  });
  text = text.replace(/<[A-Za-z][^>]*\/>/g, ' '); // self-closing components
  text = text.replace(/<\/?[A-Za-z][^>]*>/g, ' '); // remaining tags, keeping their text
  text = text.replace(/\[#[a-z0-9-]+\]/g, ' '); // heading ids
  text = text.replace(/\]\([^)]*\)/g, ']'); // link targets
  const words = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  const readingMinutes = Math.ceil(words / WORDS_PER_MINUTE);
  return { words, readingMinutes, activityMinutes, activities, totalMinutes: readingMinutes + activityMinutes };
}
