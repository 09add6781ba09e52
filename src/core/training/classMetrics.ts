/**
 * Per-class precision, recall and F1 from a confusion matrix, as a pure function of its counts.
 * A figure with no value (a precision for a class that was never predicted, a recall for a class
 * with no examples) is null with a code saying why, never NaN: the page shows "–" and the reason,
 * and a run record stores it as plain JSON.
 */

/** Why a figure has no value. */
export type MissingReason =
  /** Precision: the model never predicted this class, so there is nothing to be precise about. */
  | 'neverPredicted'
  /** Recall: the evaluated images hold no example of this class. */
  | 'noExamples'
  /** F1: the class was neither in the images nor ever predicted. */
  | 'neverSeen';

export interface ClassMetrics {
  /** The class (digit) these figures are for. */
  label: number;
  /** Images of this class (the row's sum). */
  support: number;
  /** Images predicted as this class (the column's sum). */
  predicted: number;
  /** Images of this class predicted as this class (the diagonal). */
  correct: number;
  /** correct / predicted; null when the class was never predicted. */
  precision: number | null;
  /** correct / support; null when there are no examples of the class. */
  recall: number | null;
  /**
   * 2·correct / (support + predicted), the harmonic mean of precision and recall where both exist;
   * it is also defined (and 0) when one of them is missing but the class was seen or predicted.
   */
  f1: number | null;
  /** Why precision, recall or F1 is null (absent while it has a value). */
  missing: { precision?: MissingReason; recall?: MissingReason; f1?: MissingReason };
}

/**
 * The figures for each of `classCount` classes from a row-major square matrix,
 * confusion[actual * classCount + predicted].
 */
export function perClassMetrics(confusion: ArrayLike<number>, classCount = 10): ClassMetrics[] {
  if (confusion.length !== classCount * classCount) {
    throw new RangeError(`a ${classCount}-class confusion matrix has ${classCount * classCount} cells, not ${confusion.length}`);
  }
  const metrics: ClassMetrics[] = [];
  for (let c = 0; c < classCount; c++) {
    let predicted = 0;
    let support = 0;
    for (let k = 0; k < classCount; k++) {
      predicted += confusion[k * classCount + c];
      support += confusion[c * classCount + k];
    }
    const correct = confusion[c * classCount + c];
    const missing: ClassMetrics['missing'] = {};
    if (predicted === 0) missing.precision = 'neverPredicted';
    if (support === 0) missing.recall = 'noExamples';
    if (predicted + support === 0) missing.f1 = 'neverSeen';
    metrics.push({
      label: c,
      support,
      predicted,
      correct,
      precision: predicted > 0 ? correct / predicted : null,
      recall: support > 0 ? correct / support : null,
      f1: predicted + support > 0 ? (2 * correct) / (predicted + support) : null,
      missing,
    });
  }
  return metrics;
}

/** The unweighted mean of the figures that have a value (null when none has). */
export function macroAverage(metrics: readonly ClassMetrics[], key: 'precision' | 'recall' | 'f1'): number | null {
  const values = metrics.map((m) => m[key]).filter((v): v is number => v !== null);
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;
}
