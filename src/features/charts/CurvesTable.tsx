import { memo } from 'react';
import type { EpochMetrics } from '../../core/training/trainer';
import { selectLatestBatch } from '../../store/selectors';
import { useAppStore } from '../../store/appStore';
import { formatInt, formatPercent } from '../../ui/format';

/**
 * The learning curves' figures as a table, for screen readers and anyone who wants the numbers:
 * one row per finished epoch (training mean and validation), and the latest batch below them.
 * Folded by default; only the last row changes while a model trains.
 */
export function CurvesTable() {
  const epochs = useAppStore((s) => s.epochs);
  return (
    <details className="chart-table">
      <summary>The learning curves as a table</summary>
      {/* Focusable: on a phone the table scrolls sideways, and the keyboard must be able to scroll it. */}
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="curves-table-caption">
        <table className="layers">
          <caption className="sr-only" id="curves-table-caption">Loss and accuracy per epoch, and the latest batch</caption>
          <thead>
            <tr>
              <th scope="col">Epoch</th>
              <th scope="col" className="num">Training loss</th>
              <th scope="col" className="num">Training accuracy</th>
              <th scope="col" className="num">Validation loss</th>
              <th scope="col" className="num">Validation accuracy</th>
            </tr>
          </thead>
          <EpochRows epochs={epochs} />
          <tfoot><LatestBatchRow /></tfoot>
        </table>
      </div>
    </details>
  );
}

const EpochRows = memo(function EpochRows({ epochs }: { epochs: EpochMetrics[] }) {
  return (
    <tbody>
      {epochs.map((e) => (
        <tr key={e.epoch}>
          <th scope="row">{e.epoch + 1}</th>
          <td className="num">{e.trainLoss.toFixed(4)}</td>
          <td className="num">{formatPercent(e.trainAccuracy, 2)}</td>
          <td className="num">{e.validationLoss === null ? '–' : e.validationLoss.toFixed(4)}</td>
          <td className="num">{e.validationAccuracy === null ? '–' : formatPercent(e.validationAccuracy, 2)}</td>
        </tr>
      ))}
    </tbody>
  );
});

/** Its own component: it changes with every store update while training, the rows above do not. */
function LatestBatchRow() {
  const latest = useAppStore(selectLatestBatch);
  const perEpoch = useAppStore((s) => s.run?.batchesPerEpoch ?? 0);
  if (!latest) {
    return <tr><td colSpan={5} className="muted">No batch has run yet.</td></tr>;
  }
  return (
    <tr>
      <th scope="row">Latest batch ({latest.epoch + 1}: {formatInt(latest.batch + 1)} / {formatInt(perEpoch)})</th>
      <td className="num">{latest.loss.toFixed(4)}</td>
      <td className="num">{formatPercent(latest.accuracy, 2)}</td>
      <td className="num">–</td>
      <td className="num">–</td>
    </tr>
  );
}
