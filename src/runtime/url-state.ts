// Widget state in the page URL (?sample=…&viewer.class=…), so an instructor can link to a widget
// in a given state. Written with history.replaceState: poking a widget adds no history entries.
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function readParam(name: string, search: string = location.search): string | null {
  return new URLSearchParams(search).get(name);
}

/** Sets (or, for null, removes) query parameters, keeping the rest of the URL and its #hash. */
export function writeParams(updates: Readonly<Record<string, string | null>>): void {
  const url = new URL(location.href);
  for (const [key, value] of Object.entries(updates)) {
    if (value === null) url.searchParams.delete(key);
    else url.searchParams.set(key, value);
  }
  history.replaceState(history.state, '', url);
}

/** The current URL with its state, pointing at `#id`. */
export function linkTo(id: string, href: string = location.href): string {
  const url = new URL(href);
  url.hash = id;
  return url.toString();
}

export function encodeBytes(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Inverse of encodeBytes; null for text that is not base64url or not `length` bytes long. */
export function decodeBytes(text: string, length: number): Uint8Array | null {
  if (!BASE64URL.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    if (binary.length !== length) return null;
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** An integer parameter in [min, max], or null when absent or invalid. */
export function intParam(value: string | null, min: number, max: number): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

/** One of `choices`, or null. */
export function choiceParam<T extends string>(value: string | null, choices: readonly T[]): T | null {
  return value !== null && (choices as readonly string[]).includes(value) ? (value as T) : null;
}

/** A URL value the page could not use: what it was, and what the page used instead. */
export interface UrlNotice {
  param: string;
  value: string;
  usedInstead: string;
}

const notices: UrlNotice[] = [];
const noticeListeners = new Set<(notice: UrlNotice) => void>();

/**
 * Drops an unusable parameter from the URL (so Copy link is clean) and tells the page, which
 * shows a short notice instead of falling back silently.
 */
export function rejectParam(param: string, value: string, usedInstead: string): void {
  writeParams({ [param]: null });
  const notice = { param, value, usedInstead };
  notices.push(notice);
  for (const listener of noticeListeners) listener(notice);
}

/** Calls `listener` for every rejected parameter, those already rejected first. */
export function onUrlNotice(listener: (notice: UrlNotice) => void): void {
  for (const n of notices) listener(n);
  noticeListeners.add(listener);
}
