import { describe, expect, it } from 'vitest';
import { macroAverage, perClassMetrics } from './classMetrics';

/** Rows are the true class, columns the prediction. */
const flat = (rows: number[][]) => rows.flat();

describe('perClassMetrics', () => {
  it('gives the hand-computed precision, recall and F1 of every class', () => {
    // Column sums 7, 4, 5; row sums 6, 6, 4.
    const metrics = perClassMetrics(flat([
      [5, 1, 0],
      [2, 3, 1],
      [0, 0, 4],
    ]), 3);
    expect(metrics.map((m) => [m.support, m.predicted, m.correct])).toEqual([[6, 7, 5], [6, 4, 3], [4, 5, 4]]);
    expect(metrics[0].precision).toBeCloseTo(5 / 7, 12);
    expect(metrics[0].recall).toBeCloseTo(5 / 6, 12);
    expect(metrics[0].f1).toBeCloseTo(10 / 13, 12);
    expect(metrics[1].precision).toBeCloseTo(3 / 4, 12);
    expect(metrics[1].recall).toBeCloseTo(1 / 2, 12);
    expect(metrics[1].f1).toBeCloseTo(0.6, 12);
    expect(metrics[2].precision).toBeCloseTo(4 / 5, 12);
    expect(metrics[2].recall).toBe(1);
    expect(metrics[2].f1).toBeCloseTo(8 / 9, 12);
    expect(metrics.every((m) => Object.keys(m.missing).length === 0)).toBe(true);
  });

  it('F1 is the harmonic mean of precision and recall wherever both exist', () => {
    const confusion = [7, 2, 0, 1, 9, 3, 4, 0, 6, 1, 1, 8, 0, 2, 5, 5];
    for (const m of perClassMetrics(confusion, 4)) {
      const { precision: p, recall: r } = m;
      expect(m.f1).toBeCloseTo((2 * p! * r!) / (p! + r!), 12);
    }
  });

  it('a class that is never predicted has no precision, with the reason, a recall of 0 and an F1 of 0', () => {
    const metrics = perClassMetrics(flat([
      [4, 0, 1],
      [3, 0, 2],
      [0, 0, 5],
    ]), 3);
    expect(metrics[1]).toEqual({
      label: 1, support: 5, predicted: 0, correct: 0, precision: null, recall: 0, f1: 0, missing: { precision: 'neverPredicted' },
    });
    // The others are unaffected: 4/7, 4/5 and 2/3; 5/8, 1 and 10/13.
    expect(metrics[0].precision).toBeCloseTo(4 / 7, 12);
    expect(metrics[0].recall).toBeCloseTo(4 / 5, 12);
    expect(metrics[0].f1).toBeCloseTo(2 / 3, 12);
    expect(metrics[2].precision).toBeCloseTo(5 / 8, 12);
    expect(metrics[2].f1).toBeCloseTo(10 / 13, 12);
  });

  it('a class with no examples has no recall, with the reason; predicted anyway, its precision and F1 are 0', () => {
    const metrics = perClassMetrics(flat([
      [3, 1, 1],
      [0, 4, 1],
      [0, 0, 0],
    ]), 3);
    expect(metrics[2]).toEqual({
      label: 2, support: 0, predicted: 2, correct: 0, precision: 0, recall: null, f1: 0, missing: { recall: 'noExamples' },
    });
    expect(metrics[0].recall).toBeCloseTo(3 / 5, 12);
    expect(metrics[1].precision).toBeCloseTo(4 / 5, 12);
  });

  it('a class neither present nor predicted has no figures at all, each with its reason', () => {
    const metrics = perClassMetrics(flat([
      [2, 0, 0],
      [0, 0, 0],
      [1, 0, 3],
    ]), 3);
    expect(metrics[1]).toMatchObject({ precision: null, recall: null, f1: null, missing: { precision: 'neverPredicted', recall: 'noExamples', f1: 'neverSeen' } });
  });

  it('a model that answers "1" to every digit: no NaN anywhere, and the record survives JSON', () => {
    const confusion = new Int32Array(100);
    const support = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
    support.forEach((n, digit) => (confusion[digit * 10 + 1] = n));
    const metrics = perClassMetrics(confusion);
    expect(metrics[1].precision).toBeCloseTo(1135 / 10_000, 12);
    expect(metrics[1].recall).toBe(1);
    for (const digit of [0, 2, 3, 4, 5, 6, 7, 8, 9]) {
      expect(metrics[digit]).toMatchObject({ precision: null, recall: 0, f1: 0, missing: { precision: 'neverPredicted' } });
    }
    const json = JSON.stringify(metrics);
    expect(json).not.toMatch(/NaN|Infinity/);
    expect(JSON.parse(json)).toEqual(metrics);
  });

  it('refuses a matrix of the wrong size', () => {
    expect(() => perClassMetrics(new Int32Array(99))).toThrow(RangeError);
  });
});

describe('macroAverage', () => {
  it('averages only the figures that have a value', () => {
    const metrics = perClassMetrics(flat([
      [4, 0, 1],
      [3, 0, 2],
      [0, 0, 5],
    ]), 3);
    expect(macroAverage(metrics, 'precision')).toBeCloseTo((4 / 7 + 5 / 8) / 2, 12);
    expect(macroAverage(metrics, 'recall')).toBeCloseTo((4 / 5 + 0 + 1) / 3, 12);
    expect(macroAverage(perClassMetrics([0, 0, 0, 0], 2), 'f1')).toBeNull();
  });
});
