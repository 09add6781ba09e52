/**
 * The tfjs-vis inspection surface: the model summary table, one histogram per weight tensor and
 * the accuracy per digit, drawn with tfjs-vis's render functions into containers the page owns
 * (rather than its floating visor, so it sits in the page's flow, reads in its language and is
 * reached by keyboard like the rest). Only ever loaded by a dynamic import: tfjs-vis and its
 * vega-lite compiler cost nothing until a student opens this view.
 *
 * The histograms are binned in the engine over every weight (core/model/inspect.ts) and drawn as
 * bar charts: tfjs-vis's own histogram bins a list of raw values and titles its axes in English.
 */
import * as tfvis from '@tensorflow/tfjs-vis';
import type { LayerSummary, WeightSummary } from '../core/model/inspect';
import { histogramBars, perClassAccuracy } from './inspectorData';

export { perClassAccuracy };

export interface SummaryWords {
  /** Layer, type, output shape, parameters, trainable. */
  headers: [string, string, string, string, string];
  yes: string;
  no: string;
  /** Formats a whole number in the page's language. */
  int(n: number): string;
}

/** The model summary: one row per layer (tfjs-vis's table, headed in the page's language). */
export function renderSummary(container: HTMLElement, layers: readonly LayerSummary[], words: SummaryWords): void {
  const values = layers.map((l) => [l.name, l.className, `[${l.outputShape.join(', ')}]`, words.int(l.params), l.trainable ? words.yes : words.no]);
  tfvis.render.table(container, { headers: words.headers, values }, { fontSize: 13 });
}

export interface HistogramWords {
  weightAxis: string;
  countAxis: string;
}

/** One weight tensor's histogram, redrawn in place when the weights change (tfjs-vis swaps the data of a chart it has drawn). */
export function renderWeightHistogram(container: HTMLElement, weight: WeightSummary, words: HistogramWords): Promise<void> {
  return tfvis.render.barchart(container, histogramBars(weight), {
    xLabel: words.weightAxis,
    yLabel: words.countAxis,
    height: 150,
    fontSize: 11,
    color: '#1f6feb',
  });
}

export interface PerClassWords {
  /** Digit, accuracy, test images. */
  headers: [string, string, string];
  digitAxis: string;
  accuracyAxis: string;
  percent(fraction: number): string;
  int(n: number): string;
}

/** Accuracy on each digit's test images (its recall): a bar chart and the same figures as a table. */
export async function renderPerClassAccuracy(chart: HTMLElement, table: HTMLElement, perClass: readonly { accuracy: number; count: number }[], words: PerClassWords): Promise<void> {
  tfvis.render.table(table, { headers: words.headers, values: perClass.map((c, digit) => [String(digit), words.percent(c.accuracy), words.int(c.count)]) }, { fontSize: 13 });
  await tfvis.render.barchart(chart, perClass.map((c, digit) => ({ index: digit, value: c.accuracy })), {
    xLabel: words.digitAxis,
    yLabel: words.accuracyAxis,
    height: 150,
    fontSize: 11,
    color: '#15803d',
  });
}
