import { describe, expect, it } from 'vitest';
import { pearsonArrays } from '../metrics/correlation';
import { median, roundSignificant, STUDY_FORMAT, STUDY_ROW_KEYS, studyFromColumns, studyToColumns, summarizeStudy } from './study-summary';
import type { StudyRow } from './test-set-study';

function row(index: number, label: number, a: number, t: number, extra: Partial<StudyRow> = {}): StudyRow {
  return {
    index,
    label,
    attentionPredicted: a,
    traditionalPredicted: t,
    attentionConfidence: 0.9 + index / 100,
    traditionalConfidence: 0.95,
    attentionStd: 0.2 + ((index * 7) % 5) / 50,
    attentionEffectiveAreaFraction: 0.9,
    pearsonAttentionCam: 0.1 * index,
    pearsonAttentionGradcam: 0.5,
    pearsonCamGradcam: -0.2,
    peakDistanceAttentionCam: 0,
    peakDistanceAttentionGradcam: 4,
    peakDistanceCamGradcam: 5.656854249492381,
    ...extra,
  };
}

const ROWS: StudyRow[] = [
  row(0, 7, 7, 7),
  row(1, 2, 2, 2, { pearsonAttentionCam: null }),
  row(2, 1, 1, 7),
  row(3, 0, 6, 0, { attentionEffectiveAreaFraction: null }),
  row(4, 7, 7, 7, { peakDistanceCamGradcam: 8 }),
  row(5, 1, 1, 1),
];

describe('summarizeStudy', () => {
  const s = summarizeStudy(ROWS);

  it('counts accuracy, confusion and misclassified digits', () => {
    expect(s.count).toBe(6);
    expect(s.accuracy).toEqual({ attention: 5 / 6, traditional: 5 / 6 });
    expect(s.misclassified).toEqual({ attention: [3], traditional: [2] });
    expect(s.confusion.attention[0][6]).toBe(1);
    expect(s.confusion.traditional[1][7]).toBe(1);
    expect(s.confusion.attention[7][7]).toBe(2);
    const total = (m: number[][]) => m.flat().reduce((a, b) => a + b, 0);
    expect(total(s.confusion.attention)).toBe(6);
    expect(total(s.confusion.traditional)).toBe(6);
  });

  it('takes medians over the non-null values', () => {
    expect(s.medians.pearsonAttentionCam).toBeCloseTo(0.3, 12); // 0, .2, .3, .4, .5
    expect(s.medians.attentionEffectiveAreaFraction).toBe(0.9);
    expect(s.medians.peakDistanceCamGradcam).toBeCloseTo(5.656854249492381, 12);
    expect(s.medians.peakDistanceAttentionGradcam).toBe(4);
    expect(s.pearsonSpreadConfidence).toBe(
      pearsonArrays(
        ROWS.map((r) => r.attentionStd),
        ROWS.map((r) => r.attentionConfidence),
      ),
    );
  });

  it('summarises each digit class', () => {
    expect(s.perClass).toHaveLength(10);
    expect(s.perClass[1]).toEqual({
      digit: 1,
      count: 2,
      accuracyAttention: 1,
      accuracyTraditional: 0.5,
      medianPearson: { attentionCam: median([0.2, 0.5]), attentionGradcam: 0.5, camGradcam: -0.2 },
    });
    expect(s.perClass[2].medianPearson.attentionCam).toBeNull();
    expect(s.perClass[3]).toMatchObject({ count: 0, accuracyAttention: null, accuracyTraditional: null });
  });

  it('handles no rows, and rejects a label that is not a digit', () => {
    const empty = summarizeStudy([]);
    expect(empty.accuracy).toEqual({ attention: null, traditional: null });
    expect(empty.medians.attentionStd).toBeNull();
    expect(empty.pearsonSpreadConfidence).toBeNull();
    expect(() => summarizeStudy([row(0, 11, 1, 1)])).toThrow(/not a digit/);
  });
});

const WEIGHTS = { attention: 'a'.repeat(64), traditional: '0123456789abcdef'.repeat(4) };

describe('study.json columns', () => {
  it('round-trips rows, floats to 6 significant digits, nulls kept', () => {
    const file = studyToColumns(ROWS, WEIGHTS);
    expect(file.format).toBe(STUDY_FORMAT);
    expect(file.count).toBe(6);
    expect(Object.keys(file.columns)).toEqual([...STUDY_ROW_KEYS]);
    expect(file.columns.peakDistanceCamGradcam[0]).toBe(5.65685);
    expect(file.columns.pearsonAttentionCam[1]).toBeNull();
    const parsed = studyFromColumns(JSON.parse(JSON.stringify(file)));
    expect(parsed.weights).toEqual(WEIGHTS);
    expect(parsed.rows).toHaveLength(6);
    parsed.rows.forEach((r, i) => {
      for (const key of STUDY_ROW_KEYS) {
        const v = ROWS[i][key];
        if (v === null) expect(r[key]).toBeNull();
        else expect(Math.abs((r[key] as number) - v)).toBeLessThanOrEqual(5e-6 * Math.abs(v));
      }
      expect(r.index).toBe(ROWS[i].index);
      expect(r.label).toBe(ROWS[i].label);
    });
    // Already-rounded rows come back unchanged.
    expect(studyToColumns(parsed.rows, WEIGHTS)).toEqual(file);
  });

  it('rounds to 6 significant digits', () => {
    expect(roundSignificant(0.123456789)).toBe(0.123457);
    expect(roundSignificant(-1.23456789e-7)).toBe(-1.23457e-7);
    expect(roundSignificant(0)).toBe(0);
    expect(roundSignificant(9999)).toBe(9999);
  });

  it('rejects malformed documents with a clear message', () => {
    const good = () => JSON.parse(JSON.stringify(studyToColumns(ROWS, WEIGHTS)));
    const cases: Array<[(j: any) => unknown, RegExp]> = [
      [() => null, /not a JSON object/],
      [() => [], /not a JSON object/],
      [(j) => ({ ...j, format: 'test-set-study/2' }), /format/],
      [(j) => ({ ...j, weights: undefined }), /weights is missing, expected an object/],
      [(j) => ({ ...j, weights: { ...j.weights, traditional: 'xyz' } }), /weights\.traditional/],
      [(j) => ({ ...j, count: -1 }), /count is -1, expected an integer ≥ 0/],
      [(j) => ({ ...j, count: 7 }), /has 6 values, count is 7/],
      [(j) => ({ ...j, columns: [] }), /columns is \[\], expected an object/],
      [(j) => ({ ...j, columns: { ...j.columns, extra: [] } }), /unknown column\(s\) extra/],
      [
        (j) => {
          delete j.columns.attentionStd;
          return j;
        },
        /column "attentionStd" is missing/,
      ],
      [
        (j) => {
          j.columns.label[2] = 10;
          return j;
        },
        /column "label"\[2\] is 10, expected a digit/,
      ],
      [
        (j) => {
          j.columns.index[0] = 1.5;
          return j;
        },
        /column "index"\[0\]/,
      ],
      [
        (j) => {
          j.columns.attentionStd[4] = null;
          return j;
        },
        /column "attentionStd"\[4\] is null, expected a finite number/,
      ],
      [
        (j) => {
          j.columns.pearsonCamGradcam[4] = 'x';
          return j;
        },
        /expected a finite number or null/,
      ],
    ];
    for (const [mutate, message] of cases) {
      expect(() => studyFromColumns(mutate(good()))).toThrow(message);
      expect(() => studyFromColumns(mutate(good()))).toThrow(/^study\.json: /);
    }
  });
});
