/**
 * A live line chart that owns one DOM container. It is embedded once with vega-embed (the engine
 * tfjs-vis draws with) and then grows by inserting points into its dataset: appending is a few
 * milliseconds, where re-embedding the whole chart on every update would block the page.
 *
 * The x axis spans the whole run from the start (a Vega signal sets its end), so a new point
 * never rescales it: vega then encodes only the new points instead of every point on each append,
 * and the student sees how much of the run is left.
 */
import embed, { type Result } from 'vega-embed';
import type { Spec, View } from 'vega';
import { LiveView } from './liveView';
import { chartConfig } from './chartTheme';

export interface SeriesStyle {
  /** The series' id in the data (ChartPoint.series). */
  name: string;
  /** What the legend calls it (the id when absent). */
  label?: string;
  color: string;
  /** Draw dots on each point (for sparse series such as per-epoch validation). */
  points?: boolean;
  /** Thin and faint, for noisy raw values under a smoothed line. */
  faint?: boolean;
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: SeriesStyle[];
  /** Fixed y range, e.g. [0, 1] for accuracy; otherwise it starts at zero and grows to fit. */
  yDomain?: [number, number];
  height?: number;
}

export interface ChartPoint {
  x: number;
  y: number;
  series: string;
}

const DATASET = 'points';
const X_MAX = 'xMax';

/** Points the compiled spec's x scale at [0, xMax]: Vega-Lite 4 cannot bind a domain to a signal. */
function withSignalXDomain(spec: Spec, xMax: number): Spec {
  return {
    ...spec,
    signals: [...(spec.signals ?? []), { name: X_MAX, value: xMax }],
    scales: (spec.scales ?? []).map((scale) => (scale.name === 'x' ? { ...scale, domain: [0, { signal: X_MAX }] } : scale)),
  };
}

/**
 * How much larger than usual to draw: the presenter view sets `--chart-scale` on its layout (a
 * projector across a classroom), read once when a chart is embedded. 1 everywhere else.
 */
export function chartScale(container: HTMLElement): number {
  const value = Number.parseFloat(getComputedStyle(container).getPropertyValue('--chart-scale'));
  return Number.isFinite(value) && value > 0 ? value : 1;
}

export class LineChart {
  private readonly live: LiveView;
  private queued: ChartPoint[] = [];
  /** Where the x axis ends: 1 epoch until setXMax says otherwise. */
  private xMax = 1;

  constructor(container: HTMLElement, options: LineChartOptions) {
    this.live = new LiveView(this.embed(container, options), (view) => this.drawQueued(view));
  }

  /** Adds points; they are drawn together in the chart's next draw task. */
  append(points: ChartPoint[]): void {
    if (points.length === 0) return;
    this.queued.push(...points);
    this.live.scheduleDraw();
  }

  /** Removes every point (a new training run starts). */
  clear(): void {
    this.queued = [];
    this.live.current?.remove(DATASET, () => true).runAsync().catch(() => {});
  }

  /** Sets where the x axis ends (a run's number of epochs). */
  setXMax(xMax: number): void {
    this.xMax = xMax;
    this.live.current?.signal(X_MAX, xMax).runAsync().catch(() => {});
  }

  dispose(): void {
    this.live.dispose();
  }

  private embed(container: HTMLElement, options: LineChartOptions): Promise<Result> {
    const { series } = options;
    const colorScale = { domain: series.map((s) => s.name), range: series.map((s) => s.color) };
    const faint = series.filter((s) => s.faint).map((s) => s.name);
    const dotted = series.filter((s) => s.points).map((s) => s.name);
    // The data keeps the ids; the legend shows each series' label, in the page's language.
    const legendLabel = series.reduce((expression, s) => `datum.label === ${JSON.stringify(s.name)} ? ${JSON.stringify(s.label ?? s.name)} : ${expression}`, 'datum.label');
    const scale = chartScale(container);
    return embed(container, {
      $schema: 'https://vega.github.io/schema/vega-lite/v4.json',
      // Vega names its element with this (in the page's language); its own default is English.
      description: options.title,
      width: 'container',
      height: Math.round((options.height ?? 200) * scale),
      // resize: lay the chart out again when its axes change, or the y title stays where the first,
      // empty chart's lone "0" tick put it and is clipped once wider labels such as "0.5" appear.
      autosize: { type: 'fit', contains: 'padding', resize: true },
      data: { name: DATASET },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: options.xLabel, scale: { zero: true, nice: false }, axis: { tickCount: 6, format: '~r' } },
        y: {
          field: 'y', type: 'quantitative', title: options.yLabel, axis: { format: '~r' }, // '~r': an empty chart's lone tick reads 0, not 0.000000
          ...(options.yDomain ? { scale: { domain: options.yDomain, zero: false } } : { scale: { zero: true } }),
        },
        color: { field: 'series', type: 'nominal', scale: colorScale, legend: { orient: 'top', title: null, labelExpr: legendLabel } },
      },
      layer: [
        {
          mark: { type: 'line', interpolate: 'monotone', clip: true },
          encoding: {
            strokeWidth: { condition: { test: `indexof(${JSON.stringify(faint)}, datum.series) >= 0`, value: scale }, value: 2.5 * scale },
            opacity: { condition: { test: `indexof(${JSON.stringify(faint)}, datum.series) >= 0`, value: 0.35 }, value: 1 },
          },
        },
        {
          transform: [{ filter: `indexof(${JSON.stringify(dotted)}, datum.series) >= 0` }],
          // Not clipped: the last epoch's validation dot sits on the plot's right edge and would show only its left half.
          mark: { type: 'point', filled: true, size: 60 * scale * scale, clip: false },
        },
      ],
      config: chartConfig(scale),
    }, {
      actions: false, renderer: 'canvas', logLevel: 1 /* vega.Error: an empty chart warns of infinite extents */,
      patch: (spec: Spec) => withSignalXDomain(spec, this.xMax),
    });
  }

  private drawQueued(view: View): void {
    // setXMax may have come while the chart was being embedded.
    if (view.signal(X_MAX) !== this.xMax) view.signal(X_MAX, this.xMax);
    if (this.queued.length === 0) return;
    const points = this.queued;
    this.queued = [];
    view.insert(DATASET, points).runAsync().catch(() => {});
  }
}
