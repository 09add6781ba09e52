import { describe, expect, it } from 'vitest';
import type { WeightSummary } from '../core/model/inspect';
import { greyLevel, gridColumns, mapScale } from './featureMaps';
import { histogramBars, perClassAccuracy } from './inspectorData';

describe('feature map grey levels', () => {
  it('draws non-negative maps from black (0) to white (the largest value of the layer)', () => {
    const scale = mapScale(Float32Array.from([0, 1, 4, 2]));
    expect(scale).toEqual({ maxAbs: 4, isSigned: false });
    expect([0, 1, 4, 2].map((v) => greyLevel(v, scale))).toEqual([0, 64, 255, 128]);
  });

  it('draws signed maps and filters around mid-grey: dark below zero, light above', () => {
    const scale = mapScale(Float32Array.from([-2, 0, 1]));
    expect(scale).toEqual({ maxAbs: 2, isSigned: true });
    expect([-2, 0, 1, 2].map((v) => greyLevel(v, scale))).toEqual([0, 128, 191, 255]);
  });

  it('draws an all-zero layer flat, not as noise', () => {
    const scale = mapScale(new Float32Array(9));
    expect(greyLevel(0, scale)).toBe(0);
  });

  it('lays maps out in about-square rows, at most 16 wide', () => {
    expect([1, 4, 16, 32, 64, 512].map((n) => gridColumns(n))).toEqual([1, 3, 6, 8, 12, 16]);
  });
});

describe('the tfjs-vis inspector data', () => {
  const weight = (limit: number, counts: number[]): WeightSummary => ({
    name: 'w', shape: [counts.length], count: 0, min: -limit, max: limit, mean: 0, meanAbs: 0, nearZero: 0, histogram: { limit, counts },
  });

  it('labels histogram bars with their centres, numeric and distinct, so the axis sorts them by value', () => {
    expect(histogramBars(weight(0.3, [1, 2, 3]))).toEqual([
      { index: -0.2, value: 1 },
      { index: 0, value: 2 },
      { index: 0.2, value: 3 },
    ]);
    const bars = histogramBars(weight(0.05, new Array(21).fill(1)));
    expect(new Set(bars.map((b) => b.index)).size).toBe(21);
    expect(bars.map((b) => b.index)).toEqual([...bars.map((b) => b.index)].sort((a, b) => a - b));
  });

  it('gives each digit its accuracy: right answers over its test images', () => {
    const confusion = new Int32Array(100);
    confusion[0] = 8; // 0 read as 0
    confusion[1] = 2; // 0 read as 1
    confusion[11] = 5; // 1 read as 1
    const perClass = perClassAccuracy(confusion);
    expect(perClass[0]).toEqual({ accuracy: 0.8, count: 10 });
    expect(perClass[1]).toEqual({ accuracy: 1, count: 5 });
    expect(perClass[2]).toEqual({ accuracy: 0, count: 0 });
  });
});
