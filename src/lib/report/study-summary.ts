// What the lessons quote from the test-set study (src/lib/report/test-set-study.ts), and the
// compact column-wise JSON the site ships it as (public/generated/study.json). Pure: no tfjs, so
// the browser and the Astro pages can import it.
import { median } from '../metrics/median';
import { pearsonArrays } from '../metrics/correlation';
import { STUDY_FORMAT, studyFileSchema, type StudySummary, type StudyWeights } from '../artifacts/study';
import type { StudyRow } from './test-set-study';

export { STUDY_FORMAT } from '../artifacts/study';

/** Every StudyRow key, in the order of the JSON columns. */
export const STUDY_ROW_KEYS = [
  'index',
  'label',
  'attentionPredicted',
  'traditionalPredicted',
  'attentionConfidence',
  'traditionalConfidence',
  'attentionStd',
  'attentionEffectiveAreaFraction',
  'pearsonAttentionCam',
  'pearsonAttentionGradcam',
  'pearsonCamGradcam',
  'peakDistanceAttentionCam',
  'peakDistanceAttentionGradcam',
  'peakDistanceCamGradcam',
] as const satisfies readonly (keyof StudyRow)[];

// Compile-time check that no StudyRow key is missing from STUDY_ROW_KEYS.
type MissingKey = Exclude<keyof StudyRow, (typeof STUDY_ROW_KEYS)[number]>;
const allKeysListed: [MissingKey] extends [never] ? true : MissingKey = true;
void allKeysListed;

type ColumnKind = 'digit' | 'index' | 'number' | 'nullable';
const COLUMN_KINDS: Readonly<Record<keyof StudyRow, ColumnKind>> = {
  index: 'index',
  label: 'digit',
  attentionPredicted: 'digit',
  traditionalPredicted: 'digit',
  attentionConfidence: 'number',
  traditionalConfidence: 'number',
  attentionStd: 'number',
  attentionEffectiveAreaFraction: 'nullable',
  pearsonAttentionCam: 'nullable',
  pearsonAttentionGradcam: 'nullable',
  pearsonCamGradcam: 'nullable',
  peakDistanceAttentionCam: 'number',
  peakDistanceAttentionGradcam: 'number',
  peakDistanceCamGradcam: 'number',
};

export { median };

export type { ClassSummary, PairPearsons, StudySummary } from '../artifacts/study';

const MEDIAN_KEYS = [
  'pearsonAttentionCam',
  'pearsonAttentionGradcam',
  'pearsonCamGradcam',
  'peakDistanceAttentionCam',
  'peakDistanceAttentionGradcam',
  'peakDistanceCamGradcam',
  'attentionStd',
  'attentionEffectiveAreaFraction',
] as const satisfies readonly (keyof StudyRow)[];

function checkDigit(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 9) throw new RangeError(`summarizeStudy: ${what} ${value} is not a digit 0–9`);
}

export function summarizeStudy(rows: readonly StudyRow[]): StudySummary {
  const zeros = () => Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  const confusion = { attention: zeros(), traditional: zeros() };
  const misclassified = { attention: [] as number[], traditional: [] as number[] };
  const byClass: StudyRow[][] = Array.from({ length: 10 }, () => []);
  let correctA = 0;
  let correctT = 0;
  for (const r of rows) {
    checkDigit(r.label, `row ${r.index}: label`);
    checkDigit(r.attentionPredicted, `row ${r.index}: attention prediction`);
    checkDigit(r.traditionalPredicted, `row ${r.index}: traditional prediction`);
    confusion.attention[r.label][r.attentionPredicted]++;
    confusion.traditional[r.label][r.traditionalPredicted]++;
    if (r.attentionPredicted === r.label) correctA++;
    else misclassified.attention.push(r.index);
    if (r.traditionalPredicted === r.label) correctT++;
    else misclassified.traditional.push(r.index);
    byClass[r.label].push(r);
  }
  misclassified.attention.sort((a, b) => a - b);
  misclassified.traditional.sort((a, b) => a - b);
  const pick = (rs: readonly StudyRow[], k: keyof StudyRow) => rs.map((r) => r[k] as number | null);
  const medians = Object.fromEntries(MEDIAN_KEYS.map((k) => [k, median(pick(rows, k))])) as StudySummary['medians'];
  const fraction = (k: number, n: number) => (n === 0 ? null : k / n);
  return {
    count: rows.length,
    accuracy: { attention: fraction(correctA, rows.length), traditional: fraction(correctT, rows.length) },
    medians,
    pearsonSpreadConfidence:
      rows.length < 2 ? null : pearsonArrays(pick(rows, 'attentionStd') as number[], pick(rows, 'attentionConfidence') as number[]),
    perClass: byClass.map((rs, digit) => ({
      digit,
      count: rs.length,
      accuracyAttention: fraction(rs.filter((r) => r.attentionPredicted === digit).length, rs.length),
      accuracyTraditional: fraction(rs.filter((r) => r.traditionalPredicted === digit).length, rs.length),
      medianPearson: {
        attentionCam: median(pick(rs, 'pearsonAttentionCam')),
        attentionGradcam: median(pick(rs, 'pearsonAttentionGradcam')),
        camGradcam: median(pick(rs, 'pearsonCamGradcam')),
      },
    })),
    confusion,
    misclassified,
  };
}

// ---- compact JSON -------------------------------------------------------------------------

export type { StudyWeights };

export type StudyColumns = { [K in keyof StudyRow]: Array<StudyRow[K]> };

export interface StudyFile {
  format: typeof STUDY_FORMAT;
  weights: StudyWeights;
  count: number;
  columns: StudyColumns;
}

/** v rounded to 6 significant digits (integers below 10^6 are unchanged). */
export function roundSignificant(v: number, digits = 6): number {
  return v === 0 || !Number.isFinite(v) ? v : Number(v.toPrecision(digits));
}

/** Rows as the study.json document: one array per StudyRow key, floats to 6 significant digits, nulls kept. */
export function studyToColumns(rows: readonly StudyRow[], weights: StudyWeights): StudyFile {
  const columns = {} as Record<keyof StudyRow, Array<number | null>>;
  for (const key of STUDY_ROW_KEYS) {
    const kind = COLUMN_KINDS[key];
    columns[key] = rows.map((r) => {
      const v = r[key];
      if (v === null) return null;
      return kind === 'number' || kind === 'nullable' ? roundSignificant(v) : v;
    });
  }
  return {
    format: STUDY_FORMAT,
    weights: { attention: weights.attention, traditional: weights.traditional },
    count: rows.length,
    columns: columns as StudyColumns,
  };
}

export interface ParsedStudy {
  weights: StudyWeights;
  rows: StudyRow[];
}

function fail(message: string): never {
  throw new Error(`study.json: ${message}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates a parsed study.json document and turns it back into rows. Throws Error saying what is wrong. */
export function studyFromColumns(json: unknown): ParsedStudy {
  if (!isRecord(json)) fail('not a JSON object');
  if (json.format !== STUDY_FORMAT) fail(`format is ${JSON.stringify(json.format)}, expected "${STUDY_FORMAT}"`);
  let envelope;
  try {
    envelope = studyFileSchema.parse(json);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const { weights: w, count, columns } = envelope;
  const unknownKeys = Object.keys(columns).filter((k) => !(STUDY_ROW_KEYS as readonly string[]).includes(k));
  if (unknownKeys.length > 0) fail(`unknown column(s) ${unknownKeys.join(', ')}`);
  for (const key of STUDY_ROW_KEYS) {
    const column = columns[key];
    if (!Array.isArray(column)) fail(`column "${key}" is missing or not an array`);
    if (column.length !== count) fail(`column "${key}" has ${column.length} values, count is ${count}`);
    const kind = COLUMN_KINDS[key];
    column.forEach((v: unknown, i: number) => {
      if (v === null && kind === 'nullable') return;
      const ok =
        typeof v === 'number' &&
        Number.isFinite(v) &&
        (kind === 'digit' ? Number.isInteger(v) && v >= 0 && v <= 9 : kind === 'index' ? Number.isInteger(v) && v >= 0 : true);
      if (!ok) {
        const expected =
          kind === 'digit'
            ? 'a digit 0–9'
            : kind === 'index'
              ? 'a non-negative integer'
              : kind === 'nullable'
                ? 'a finite number or null'
                : 'a finite number';
        fail(`column "${key}"[${i}] is ${JSON.stringify(v)}, expected ${expected}`);
      }
    });
  }
  const rows: StudyRow[] = Array.from({ length: count }, (_, i) => {
    const row = {} as Record<keyof StudyRow, number | null>;
    for (const key of STUDY_ROW_KEYS) row[key] = (columns[key] as Array<number | null>)[i];
    return row as unknown as StudyRow;
  });
  return { weights: { attention: w.attention as string, traditional: w.traditional as string }, rows };
}
