import { memo, useState } from 'react';
import { useI18n } from '../../i18n/useI18n';

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/**
 * The confusion matrix's hundred counts as a table: the heat map's text alternative. Folded by
 * default, and built only once opened: the moment a run ends has enough to draw already.
 */
export const ConfusionTable = memo(function ConfusionTable({ confusion }: { confusion: Int32Array }) {
  const { t, f } = useI18n();
  const words = t.results;
  const [isOpen, setOpen] = useState(false);
  return (
    <details className="chart-table" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{words.confusionTable}</summary>
      {/* Focusable: on a phone the table scrolls sideways, and the keyboard must be able to scroll it. */}
      {isOpen && <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="confusion-table-caption">
        <table className="layers confusion-table">
          <caption className="sr-only" id="confusion-table-caption">{words.confusionTableCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{words.trueByPredicted}</th>
              {DIGITS.map((d) => <th key={d} scope="col" className="num">{d}</th>)}
            </tr>
          </thead>
          <tbody>
            {DIGITS.map((actual) => (
              <tr key={actual}>
                <th scope="row">{actual}</th>
                {DIGITS.map((predicted) => {
                  const count = confusion[actual * DIGITS.length + predicted];
                  return <td key={predicted} className={actual === predicted ? 'num right' : 'num'}>{f.int(count)}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>}
    </details>
  );
});
