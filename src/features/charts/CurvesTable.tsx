import { memo, useState } from 'react';
import type { EpochMetrics } from '../../core/training/trainer';
import { NO_VALUE } from '../../i18n/format';
import { useI18n } from '../../i18n/useI18n';
import { selectLatestBatch } from '../../store/selectors';
import { useAppStore } from '../../store/appStore';

/**
 * The learning curves' figures as a table, for screen readers and anyone who wants the numbers:
 * one row per finished epoch (training mean and validation), and the latest batch below them.
 * Folded by default, and built only while open: closed, it costs a training run nothing.
 */
export function CurvesTable() {
  const { t } = useI18n();
  const [isOpen, setOpen] = useState(false);
  return (
    <details className="chart-table" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t.charts.table}</summary>
      {isOpen && <CurvesTableBody />}
    </details>
  );
}

/** The table itself: its rows change once an epoch, its last row with every store update. */
function CurvesTableBody() {
  const epochs = useAppStore((s) => s.epochs);
  const { t } = useI18n();
  const words = t.charts;
  return (
    <>
      {/* Focusable: on a phone the table scrolls sideways, and the keyboard must be able to scroll it. */}
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="curves-table-caption">
        <table className="layers">
          <caption className="sr-only" id="curves-table-caption">{words.tableCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.training.epoch}</th>
              <th scope="col" className="num">{words.trainingLoss}</th>
              <th scope="col" className="num">{words.trainingAccuracy}</th>
              <th scope="col" className="num">{words.validationLoss}</th>
              <th scope="col" className="num">{words.validationAccuracy}</th>
            </tr>
          </thead>
          <EpochRows epochs={epochs} />
          <tfoot><LatestBatchRow /></tfoot>
        </table>
      </div>
    </>
  );
}

const EpochRows = memo(function EpochRows({ epochs }: { epochs: EpochMetrics[] }) {
  const { f } = useI18n();
  return (
    <tbody>
      {epochs.map((e) => (
        <tr key={e.epoch}>
          <th scope="row">{e.epoch + 1}</th>
          <td className="num">{f.fixed(e.trainLoss, 4)}</td>
          <td className="num">{f.percent(e.trainAccuracy, 2)}</td>
          <td className="num">{e.validationLoss === null ? NO_VALUE : f.fixed(e.validationLoss, 4)}</td>
          <td className="num">{e.validationAccuracy === null ? NO_VALUE : f.percent(e.validationAccuracy, 2)}</td>
        </tr>
      ))}
    </tbody>
  );
});

/** Its own component: it changes with every store update while training, the rows above do not. */
function LatestBatchRow() {
  const latest = useAppStore(selectLatestBatch);
  const perEpoch = useAppStore((s) => s.run?.batchesPerEpoch ?? 0);
  const { t, f } = useI18n();
  if (!latest) {
    return <tr><td colSpan={5} className="muted">{t.charts.noBatchYet}</td></tr>;
  }
  return (
    <tr>
      <th scope="row">{t.charts.latestBatch(latest.epoch + 1, f.int(latest.batch + 1), f.int(perEpoch))}</th>
      <td className="num">{f.fixed(latest.loss, 4)}</td>
      <td className="num">{f.percent(latest.accuracy, 2)}</td>
      <td className="num">{NO_VALUE}</td>
      <td className="num">{NO_VALUE}</td>
    </tr>
  );
}
