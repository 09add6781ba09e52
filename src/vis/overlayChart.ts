/**
 * Several finished runs' curves on one chart, one colour per run and a legend with their names.
 * Unlike the live LineChart it is drawn whole from finished data: it is embedded again only when
 * the set of runs changes (a few hundred points each), never while a model trains.
 */
import embed, { type Result } from 'vega-embed';
import { chartScale } from './lineChart';
import { chartConfig } from './chartTheme';

export interface OverlaySeries {
  /** A key unique to the run (its id). */
  key: string;
  /** The run's name, for the legend. */
  label: string;
  color: string;
  /** The smoothed training curve. */
  line: { x: number; y: number }[];
  /** Per-epoch validation figures, drawn as dots in the run's colour. */
  dots: { x: number; y: number }[];
}

export interface OverlayOptions {
  /** Names the chart for screen readers (vega's description). */
  description: string;
  xLabel: string;
  yLabel: string;
  /** Fixed y range, e.g. [0, 1] for accuracy; otherwise it starts at zero and fits. */
  yDomain?: [number, number];
  height?: number;
}

/** Colours told apart by most colour-blind readers too (Okabe and Ito's, darkened for contrast on white). */
export const RUN_COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#8a6d00', '#56b4e9', '#7a3e9d', '#444444'] as const;

export class OverlayChart {
  private result: Promise<Result | null> = Promise.resolve(null);

  constructor(private readonly container: HTMLElement) {}

  /** Draws these runs, replacing whatever the chart showed. */
  draw(series: readonly OverlaySeries[], options: OverlayOptions): void {
    const previous = this.result;
    this.result = previous.then(async (old) => {
      old?.finalize();
      return embed(this.container, spec(series, options, chartScale(this.container)), { actions: false, renderer: 'svg', logLevel: 1 }).catch(() => null);
    });
  }

  dispose(): void {
    void this.result.then((r) => r?.finalize());
  }
}

/** `scale`: larger type, lines and height in the presenter view (see chartScale). */
function spec(series: readonly OverlaySeries[], options: OverlayOptions, scale = 1) {
  const values = series.flatMap((s) => [
    ...s.line.map((p) => ({ ...p, run: s.key, kind: 'line' })),
    ...s.dots.map((p) => ({ ...p, run: s.key, kind: 'dot' })),
  ]);
  const legendLabel = series.reduce((expression, s) => `datum.label === ${JSON.stringify(s.key)} ? ${JSON.stringify(s.label)} : ${expression}`, 'datum.label');
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v4.json',
    description: options.description,
    width: 'container' as const,
    height: Math.round((options.height ?? 220) * scale),
    autosize: { type: 'fit' as const, contains: 'padding' as const },
    data: { values },
    encoding: {
      x: { field: 'x', type: 'quantitative' as const, title: options.xLabel, scale: { zero: true, nice: false }, axis: { tickCount: 6, format: '~r' } },
      y: {
        field: 'y', type: 'quantitative' as const, title: options.yLabel, axis: { format: '~r' },
        scale: options.yDomain ? { domain: options.yDomain, zero: false } : { zero: true },
      },
      color: {
        field: 'run', type: 'nominal' as const,
        scale: { domain: series.map((s) => s.key), range: series.map((s) => s.color) },
        // One run per line: names are long ("Run 12 · Small conv (fair pair)") and half a card is narrow.
        legend: { orient: 'top' as const, direction: 'vertical' as const, title: null, labelExpr: legendLabel, labelLimit: 0 },
      },
    },
    layer: [
      { transform: [{ filter: "datum.kind === 'line'" }], mark: { type: 'line' as const, interpolate: 'monotone' as const, strokeWidth: 2.5 * scale, clip: true } },
      // Not clipped: the last epoch's dot sits on the chart's right edge.
      { transform: [{ filter: "datum.kind === 'dot'" }], mark: { type: 'point' as const, filled: true, size: 60 * scale * scale } },
    ],
    // Run names are the legend's whole content here, one a line: a size larger than the live chart's.
    config: chartConfig(scale, 13),
  };
}
