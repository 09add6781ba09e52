/**
 * The test-set confusion matrix as a heat map, drawn with vega-embed (the engine tfjs-vis draws
 * with). Like LineChart it is embedded once, while the page is idle, and a new result only swaps
 * its 100 cells: tfjs-vis's confusionMatrix compiles and embeds a whole new chart on every call,
 * about 50 ms of main-thread work at the very moment a run finishes.
 *
 * Right answers (the diagonal) are shaded green by recall; mistakes are shaded orange by count
 * on a scale of their own, so that a few dozen confused 4s and 9s stand out beside a thousand
 * correct 1s instead of vanishing into the same colour ramp. Each cell's shade is worked out here,
 * so that its count is written in black or white, whichever reads better (at least 4.5:1, WCAG AA).
 */
import embed, { type Result } from 'vega-embed';
import { scheme, type View } from 'vega';
import { LiveView } from './liveView';

const CLASS_COUNT = 10;
const DATASET = 'cells';
const GREENS = scheme('greens') as (t: number) => string;
const ORANGES = scheme('oranges') as (t: number) => string;
/** A count of zero on the page's white, quieter than the others and still 4.8:1. */
const ZERO_INK = '#6b7280';

interface Cell {
  actual: number;
  predicted: number;
  count: number;
  /** count / that digit's number of test images: the recall on the diagonal. */
  rate: number;
  isRight: boolean;
  /** The cell's shade (null: left white, a mistake never made). */
  fill: string | null;
  /** The count's colour: black or white, whichever stands out more from the shade. */
  ink: string;
  /** Shaded dark enough that its count is written in white. */
  isDark: boolean;
}

/** WCAG's relative luminance of an 'rgb(r, g, b)' or '#rrggbb' colour. */
export function luminance(color: string): number {
  const channels = color.startsWith('#') ? (color.slice(1).match(/../g) ?? []).map((h) => parseInt(h, 16)) : (color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  const [r, g, b] = channels.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG's contrast ratio of two colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/** The cells of confusion[actual * 10 + predicted], in row order. */
export function confusionCells(confusion: Int32Array): Cell[] {
  const cells: Cell[] = [];
  let worstMistake = 0;
  for (let i = 0; i < CLASS_COUNT * CLASS_COUNT; i++) {
    if (i % (CLASS_COUNT + 1) !== 0) worstMistake = Math.max(worstMistake, confusion[i]);
  }
  for (let actual = 0; actual < CLASS_COUNT; actual++) {
    let rowTotal = 0;
    for (let p = 0; p < CLASS_COUNT; p++) rowTotal += confusion[actual * CLASS_COUNT + p];
    for (let predicted = 0; predicted < CLASS_COUNT; predicted++) {
      const count = confusion[actual * CLASS_COUNT + predicted];
      const isRight = actual === predicted;
      const rate = rowTotal > 0 ? count / rowTotal : 0;
      // Right answers from 50% recall (palest) to 100% (darkest); mistakes up to the worst one.
      const fill = isRight ? GREENS(Math.min(1, Math.max(0, (rate - 0.5) / 0.5))) : count > 0 ? ORANGES(count / worstMistake) : null;
      const isDark = fill !== null && contrastRatio('#ffffff', fill) > contrastRatio('#000000', fill);
      const ink = fill === null ? ZERO_INK : isDark ? '#ffffff' : '#000000';
      cells.push({ actual, predicted, count, rate, isRight, fill, ink, isDark });
    }
  }
  return cells;
}

/** The chart's name and its axis titles, in the page's language. */
export interface ConfusionMatrixLabels {
  title: string;
  predicted: string;
  actual: string;
}

export class ConfusionMatrixChart {
  private readonly live: LiveView;
  private pending: Cell[] | null = null;

  constructor(container: HTMLElement, private readonly labels: ConfusionMatrixLabels = { title: 'confusion matrix', predicted: 'predicted digit', actual: 'true digit' }, size = 340) {
    this.live = new LiveView(this.embed(container, size), (view) => this.drawPending(view));
  }

  /**
   * Shows a new result (replacing the last), drawn in a task of its own: laying out and measuring
   * 100 labelled cells is some 25 ms, which would otherwise add to React's commit of the finished run.
   */
  show(confusion: Int32Array): void {
    this.pending = confusionCells(confusion);
    this.live.scheduleDraw();
  }

  dispose(): void {
    this.live.dispose();
  }

  private embed(container: HTMLElement, size: number): Promise<Result> {
    // Both axes are the ten digits whatever the data: fixed domains let the axes be laid out once,
    // at embed time, so a result changes only the marks.
    const digits = Array.from({ length: CLASS_COUNT }, (_, d) => d);
    const digit = { type: 'ordinal' as const, scale: { domain: digits }, axis: { labelAngle: 0, labelFontSize: 13, titleFontSize: 13 } };
    return embed(container, {
      $schema: 'https://vega.github.io/schema/vega-lite/v4.json',
      // Vega names its element with this (in the page's language); its own default is English.
      description: this.labels.title,
      width: size,
      height: size,
      autosize: { type: 'fit', contains: 'padding' },
      data: { name: DATASET },
      encoding: {
        x: { field: 'predicted', title: this.labels.predicted, ...digit, axis: { ...digit.axis, orient: 'top' } },
        y: { field: 'actual', title: this.labels.actual, ...digit },
      },
      layer: [
        {
          // Colours straight from the data (scale: null): confusionCells chose each shade and its ink.
          transform: [{ filter: 'datum.fill !== null' }],
          mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 1 },
          encoding: { color: { field: 'fill', type: 'nominal', scale: null, legend: null } },
        },
        {
          mark: { type: 'text', fontSize: 11 },
          encoding: {
            text: { field: 'count', type: 'quantitative' },
            color: { field: 'ink', type: 'nominal', scale: null, legend: null },
          },
        },
      ],
      config: {
        font: 'system-ui, sans-serif',
        axis: { domain: false, ticks: false, labelColor: '#334155', titleColor: '#334155', labelPadding: 6 },
        view: { stroke: null },
        background: 'transparent',
      },
    }, { actions: false, renderer: 'canvas', logLevel: 1 });
  }

  private drawPending(view: View): void {
    if (!this.pending) return;
    const cells = this.pending;
    this.pending = null;
    view.data(DATASET, cells).runAsync().catch(() => {});
  }
}
