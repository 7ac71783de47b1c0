// Lab 1's attention-quality rows as the page should show them: the build's study, except for a
// model the reader gave their own weights (a lab model here, or the course attention-CNN on any
// lesson of the tab), whose row is recomputed on those weights in the workers (started as soon as
// the file is in use; a newer file or going back cancels it). Until then that row is marked stale,
// never shown as if it were the reader's.
import type { AttentionQuality, QualityEntry } from '../lib/artifacts/attention-quality';
import { getModel, LAB_MODEL_IDS, type ModelId } from '../lib/models/registry';
import { labModel, labWeightsSource, loadAttentionQuality, loadFashionTestSet, onLabWeightsChange } from './lab-models';
import { runQualityStudy } from './quality-runner';
import { currentSession, getSession, onWeightsChange, type WeightsSource } from './session';
import { loadTestSet } from './test-set';

/** The course attention-CNN lives in the page's session (the course weights loader); lab models here. */
const COURSE_MODEL: ModelId = 'attention';

function customSource(id: ModelId): WeightsSource | null {
  if (id !== COURSE_MODEL) return labWeightsSource(id);
  const own = currentSession()?.weights.attention;
  return own?.kind === 'custom' ? own : null;
}

async function paramsInUse(id: ModelId) {
  return id === COURSE_MODEL ? (await getSession()).models.attention : labModel(id);
}

export type RowState =
  | { kind: 'committed' }
  | { kind: 'running'; file: string; done: number; total: number; where: string }
  | { kind: 'custom'; file: string; seconds: number; where: string }
  | { kind: 'failed'; file: string; message: string };

export interface QualityView {
  study: AttentionQuality;
  /** One entry per model, in the build's order: recomputed ones replace the build's. */
  entries: QualityEntry[];
  state: Partial<Record<ModelId, RowState>>;
}

const events = new EventTarget();
const recomputed = new Map<ModelId, QualityEntry>();
const states = new Map<ModelId, RowState>();
const runs = new Map<ModelId, AbortController>();
let study: AttentionQuality | null = null;
let listening = false;

function view(): QualityView {
  if (!study) throw new Error('the attention-quality study is not loaded yet');
  return {
    study,
    entries: study.models.map((e) => recomputed.get(e.id as ModelId) ?? e),
    state: Object.fromEntries(study.models.map((e) => [e.id, states.get(e.id as ModelId) ?? { kind: 'committed' }])),
  };
}

function changed(): void {
  events.dispatchEvent(new Event('change'));
}

/** Recomputes `id`'s row on its current weights (the reader's file), cancelling any earlier run. */
export async function recompute(id: ModelId): Promise<void> {
  runs.get(id)?.abort();
  recomputed.delete(id);
  const source = customSource(id);
  if (!source) {
    states.delete(id);
    changed();
    return;
  }
  const run = new AbortController();
  runs.set(id, run);
  states.set(id, { kind: 'running', file: source.name, done: 0, total: 0, where: 'loading the test set' });
  changed();
  try {
    const [params, set] = await Promise.all([
      paramsInUse(id),
      getModel(id).dataset === 'fashion-mnist' ? loadFashionTestSet() : loadTestSet(),
    ]);
    const result = await runQualityStudy(id, params, source.sha256, set, {
      signal: run.signal,
      onProgress: (p) => {
        if (run.signal.aborted) return;
        states.set(id, { kind: 'running', file: source.name, ...p });
        changed();
      },
    });
    if (run.signal.aborted) return;
    recomputed.set(id, result.entry);
    states.set(id, { kind: 'custom', file: source.name, seconds: result.seconds, where: result.where });
  } catch (error) {
    if (run.signal.aborted) return; // a newer run or the committed weights took over
    states.set(id, { kind: 'failed', file: source.name, message: error instanceof Error ? error.message : String(error) });
  } finally {
    if (runs.get(id) === run) runs.delete(id);
  }
  changed();
}

/** Stops `id`'s run; its row stays marked as not matching the reader's weights. */
export function cancelRecompute(id: ModelId): void {
  const run = runs.get(id);
  if (!run) return;
  run.abort();
  runs.delete(id);
  const source = customSource(id);
  if (source) states.set(id, { kind: 'failed', file: source.name, message: 'cancelled' });
  changed();
}

export interface QualityWatch {
  /** The rows as they are now. */
  now(): QualityView;
  /** Calls `listener` after every change (a file in use, progress, a finished row). */
  onChange(listener: () => void): void;
}

/**
 * Loads the build's study (once per page) and, the first time, starts recomputing every model
 * that already runs on the reader's weights and every one that will.
 */
export async function watchQuality(): Promise<QualityWatch> {
  study ??= await loadAttentionQuality();
  if (!listening) {
    listening = true;
    onLabWeightsChange((id) => void recompute(id));
    // The course model's row follows the page's session; a change of the traditional CNN's
    // weights also lands here and leaves that row as it is.
    let courseSha = customSource(COURSE_MODEL)?.sha256 ?? null;
    onWeightsChange(() => {
      const sha = customSource(COURSE_MODEL)?.sha256 ?? null;
      if (sha === courseSha) return;
      courseSha = sha;
      void recompute(COURSE_MODEL);
    });
    for (const id of [COURSE_MODEL, ...LAB_MODEL_IDS]) if (customSource(id)) void recompute(id);
  }
  return { now: view, onChange: (listener) => events.addEventListener('change', () => listener()) };
}
