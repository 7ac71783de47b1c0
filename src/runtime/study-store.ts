// The page's test-set study: the precomputed one shipped with the site for the course weights
// (instant plots), replaced by a live run in this browser when the reader asks or brings their
// own weights. Widgets read it and listen for changes.
import { studyFromColumns, summarizeStudy, type StudySummary } from '../lib/report/study-summary';
import type { StudyRow } from '../lib/report/test-set-study';
import { fetchOk } from './fetch-ok';

export interface StudyData {
  rows: StudyRow[];
  summary: StudySummary;
  /** 'precomputed' = built with the site for the course weights; 'live' = computed here. */
  source: 'precomputed' | 'live';
  /** what produced it, for the caption */
  note: string;
  /** the session's weights version it belongs to */
  weightsVersion: number;
}

const events = new EventTarget();
let current: StudyData | null = null;
let precomputed: Promise<StudyData> | null = null;

export function currentStudy(): StudyData | null {
  return current;
}

export function setStudy(data: StudyData): void {
  current = data;
  events.dispatchEvent(new CustomEvent('change', { detail: data }));
}

export function onStudyChange(listener: (data: StudyData) => void): () => void {
  const handler = (event: Event) => listener((event as CustomEvent<StudyData>).detail);
  events.addEventListener('change', handler);
  return () => events.removeEventListener('change', handler);
}

export function studyData(rows: StudyRow[], source: StudyData['source'], note: string, weightsVersion: number): StudyData {
  return { rows, summary: summarizeStudy(rows), source, note, weightsVersion };
}

/** The study shipped with the site (course weights), fetched and validated once. */
export function loadPrecomputedStudy(): Promise<StudyData> {
  precomputed ??= fetchOk(`${import.meta.env.BASE_URL}generated/study.json`, 'the precomputed study (generated/study.json)')
    .then((response) => response.json() as Promise<unknown>)
    .then((json) => {
      const parsed = studyFromColumns(json);
      return studyData(
        parsed.rows,
        'precomputed',
        `precomputed at build time with the course weights (sha256 ${parsed.weights.attention.slice(0, 8)}…, ${parsed.weights.traditional.slice(0, 8)}…)`,
        0,
      );
    })
    .catch((error: unknown) => {
      precomputed = null;
      throw error;
    });
  return precomputed;
}

/** Test digits either network gets wrong, from the current study (else the precomputed one). */
export async function misclassifiedIndices(): Promise<number[]> {
  const data = current ?? (await loadPrecomputedStudy());
  return data.rows.filter((r) => r.attentionPredicted !== r.label || r.traditionalPredicted !== r.label).map((r) => r.index);
}
