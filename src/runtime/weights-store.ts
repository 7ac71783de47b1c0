// The reader's own weights follow them from lesson to lesson in this tab: the files are kept in
// sessionStorage (a reload keeps them, closing the tab forgets them, no other tab sees them) and
// every page validates them again before use, exactly as an upload. The course's two networks
// (a weights upload, or lab 2's "Use in all widgets") and lab 1's models (lab 2's "Use in all
// widgets" for a trained variant) share the tab's budget.
import { MODEL_IDS, MODEL_NAMES, type ModelId } from '../lib/models/registry';
import { decodeBase64, encodeBase64 } from './base64';

/**
 * Both files together, as read from disk. sessionStorage holds about 5 million characters per
 * site and base64 makes 3 bytes 4 characters; the course's own files are 0.24 + 1.8 MB.
 */
export const MAX_FOLLOW_BYTES = 3 * 1024 * 1024;

export interface StoredWeights {
  name: string;
  bytes: Uint8Array;
}

const key = (model: ModelId) => `${import.meta.env.BASE_URL}:own-weights:${model}`;

/** sessionStorage, or null where the browser refuses it (some private modes, sandboxed frames). */
function storage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

function read(model: ModelId): { name: string; data: string } | null {
  const raw = storage()?.getItem(key(model));
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as { name?: unknown; data?: unknown };
    return typeof parsed.name === 'string' && typeof parsed.data === 'string' ? { name: parsed.name, data: parsed.data } : null;
  } catch {
    return null;
  }
}

/** The file kept for `model` in this tab, or null (none, or unreadable: then it is dropped). */
export function storedWeights(model: ModelId): StoredWeights | null {
  const entry = read(model);
  const bytes = entry ? decodeBase64(entry.data) : null;
  if (entry && bytes) return { name: entry.name, bytes };
  forgetWeights(model);
  return null;
}

/** Bytes the other model's kept file takes, as read from disk. */
const keptBytes = (model: ModelId) => Math.floor(((read(model)?.data.length ?? 0) * 3) / 4);

/**
 * Keeps `bytes` for the other lessons of this tab. Returns null when kept, otherwise why not (the
 * weights then stay on this page only, and no older file of this model is kept either).
 */
export function keepWeights(model: ModelId, name: string, bytes: Uint8Array): string | null {
  forgetWeights(model);
  const store = storage();
  if (!store) return 'this browser does not let the page keep data for the tab';
  const others = MODEL_IDS.filter((m) => m !== model).reduce((sum, m) => sum + keptBytes(m), 0);
  if (others + bytes.length > MAX_FOLLOW_BYTES)
    return `the files kept for this tab may total ${MAX_FOLLOW_BYTES / 1048576} MB and this one would make ${((others + bytes.length) / 1048576).toFixed(1)} MB`;
  try {
    store.setItem(key(model), JSON.stringify({ name, data: encodeBase64(bytes) }));
    return null;
  } catch {
    return 'the browser has no room left to keep it for this tab';
  }
}

/** Forgets the kept file of `models` (default: the course's two networks). */
export function forgetWeights(models: ModelId | readonly ModelId[] = MODEL_NAMES): void {
  const store = storage();
  for (const m of typeof models === 'string' ? [models] : models) store?.removeItem(key(m));
}
