/** The numbers the tfjs-vis inspector draws, worked out without tfjs-vis (so they are tested in Node). */
import type { WeightSummary } from '../core/model/inspect';

/**
 * The bars of a weight histogram: each bin's centre, rounded to as few decimals as keep every bin
 * apart, and its count. The centres are numbers, so the chart's ordinal axis sorts them by value
 * (as strings, "-0.04" would sort before "-0.08").
 */
export function histogramBars(weight: WeightSummary): { index: number; value: number }[] {
  const { limit, counts } = weight.histogram;
  const width = (2 * limit) / counts.length;
  const centres = counts.map((_, i) => -limit + (i + 0.5) * width);
  let digits = width > 0 ? Math.max(1, Math.ceil(-Math.log10(width))) : 1;
  let rounded = centres.map((c) => Number(c.toFixed(digits)));
  while (new Set(rounded).size < rounded.length && digits < 8) {
    digits++;
    rounded = centres.map((c) => Number(c.toFixed(digits)));
  }
  // -0 and 0 are one value on the axis.
  return counts.map((count, i) => ({ index: rounded[i] === 0 ? 0 : rounded[i], value: count }));
}

/** Each digit's accuracy from a confusion matrix (confusion[actual * 10 + predicted]): right answers over its test images. */
export function perClassAccuracy(confusion: Int32Array): { accuracy: number; count: number }[] {
  return Array.from({ length: 10 }, (_, actual) => {
    let count = 0;
    for (let p = 0; p < 10; p++) count += confusion[actual * 10 + p];
    return { accuracy: count > 0 ? confusion[actual * 11] / count : 0, count };
  });
}
