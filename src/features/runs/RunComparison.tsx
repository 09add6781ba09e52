import { useEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';
import type { RunRecord } from '../../store/runRecord';
import { Card } from '../../ui/Card';
import { OverlayChart, RUN_COLORS, type OverlaySeries } from '../../vis/overlayChart';
import { runName } from './runName';
import './runs.css';

type Measure = 'loss' | 'accuracy';

function seriesOf(runs: readonly RunRecord[], names: readonly string[], measure: Measure): OverlaySeries[] {
  return runs.map((run, i) => ({
    key: String(run.id),
    label: names[i],
    color: RUN_COLORS[i % RUN_COLORS.length],
    line: run.batches.x.map((x, j) => ({ x, y: run.batches[measure][j] })),
    dots: run.epochs.flatMap((e) => {
      const y = measure === 'loss' ? e.validationLoss : e.validationAccuracy;
      return y === null ? [] : [{ x: e.epoch + 1, y }];
    }),
  }));
}

/**
 * Two or more finished runs side by side: their loss and accuracy curves on the same charts (one
 * colour per run, a legend with their names), and a table of what they scored and what they cost.
 */
export function RunComparison() {
  const compared = useAppStore(useShallow((s) => s.compareIds.map((id) => s.runs[id]).filter((r): r is RunRecord => r !== undefined && r.status !== 'training')));
  const i18n = useI18n();
  const { t, f } = i18n;
  const words = t.compare;
  const names = useMemo(() => compared.map((run) => runName(run, i18n)), [compared, i18n]);
  const bestAccuracy = Math.max(...compared.map((r) => r.test?.accuracy ?? -1));

  return (
    <Card title={words.title} id="compare">
      {compared.length < 2 ? <p className="muted">{words.pickTwo}</p> : (
        <>
          <div className="charts">
            <OverlayFigure runs={compared} names={names} measure="loss" />
            <OverlayFigure runs={compared} names={names} measure="accuracy" />
          </div>
          <div className="table-scroll">
            <table className="layers compare-table" aria-label={words.table}>
              <thead>
                <tr>
                  <th scope="col">{words.run}</th>
                  <th scope="col" className="num">{words.testAccuracy}</th>
                  <th scope="col" className="num">{words.params}</th>
                  <th scope="col" className="num">{words.macs}</th>
                  <th scope="col" className="num">{words.time}</th>
                  <th scope="col" className="num">{words.speed}</th>
                  <th scope="col">{words.backend}</th>
                </tr>
              </thead>
              <tbody>
                {compared.map((run, i) => {
                  const isBest = run.test !== null && run.test.accuracy === bestAccuracy && compared.length > 1;
                  const backend = run.backend ? i18n.backendName(run.backend) : '–';
                  return (
                    <tr key={run.id}>
                      <th scope="row">
                        <span className="run-swatch" style={{ background: RUN_COLORS[i % RUN_COLORS.length] }} aria-hidden="true" />
                        {names[i]}
                      </th>
                      <td className={isBest ? 'num best' : 'num'}>
                        {run.test ? f.percent(run.test.accuracy, 2) : t.runs.notTested}
                        {isBest && <span className="sr-only"> ({words.best})</span>}
                      </td>
                      <td className="num">{f.int(run.params)}</td>
                      <td className="num">{f.int(run.macsPerImage)}</td>
                      <td className="num">{f.duration(run.seconds)}</td>
                      <td className="num">{f.int(run.examplesPerSecond)}</td>
                      <td>{run.threads !== null ? words.threads(backend, run.threads) : backend}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Card>
  );
}

/** One overlay chart, drawn again only when the compared runs, their names or the language change. */
function OverlayFigure({ runs, names, measure }: { runs: RunRecord[]; names: string[]; measure: Measure }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<OverlayChart | null>(null);
  const { t, list } = useI18n();
  const words = t.compare;
  const label = measure === 'loss' ? words.lossLabel(list(names)) : words.accuracyLabel(list(names));

  useEffect(() => {
    chart.current = new OverlayChart(container.current!);
    return () => chart.current?.dispose();
  }, []);
  useEffect(() => {
    chart.current?.draw(seriesOf(runs, names, measure), {
      description: label,
      xLabel: words.epochAxis,
      yLabel: measure === 'loss' ? words.lossAxis : words.accuracyAxis,
      yDomain: measure === 'accuracy' ? [0, 1] : undefined,
    });
  }, [runs, names, measure, label, words]);

  return (
    <figure className="chart" style={{ margin: 0 }}>
      <h3>{measure === 'loss' ? words.loss : words.accuracy}</h3>
      <div role="img" aria-label={label} data-testid={`compare-${measure}`} data-runs={runs.length}>
        <div ref={container} className="chart-area" />
      </div>
    </figure>
  );
}
