import { memo } from 'react';
import { perClassMetrics, type ClassMetrics, type MissingReason } from '../../core/training/classMetrics';
import { NO_VALUE } from '../../i18n/format';
import { useI18n } from '../../i18n/useI18n';

type Figure = 'precision' | 'recall' | 'f1';
const FIGURES: Figure[] = ['precision', 'recall', 'f1'];
const REASONS: MissingReason[] = ['neverPredicted', 'noExamples', 'neverSeen'];

/**
 * Precision, recall and F1 of each digit. A figure with no value (the precision of a digit the
 * model never predicted, the recall of a digit with no test images) reads "–", names its reason
 * to assistive tech and on hover, and a footnote under the table says which digits and why.
 */
export const PerClassTable = memo(function PerClassTable({ confusion }: { confusion: Int32Array }) {
  const { t, f, list } = useI18n();
  const words = t.results;
  const ev = t.evaluation;
  const metrics = perClassMetrics(confusion);
  const digitsWith = (reason: MissingReason) => metrics.filter((m) => Object.values(m.missing).includes(reason)).map((m) => String(m.label));

  const cell = (m: ClassMetrics, figure: Figure) => {
    const value = m[figure];
    if (value !== null) return <td key={figure} className="num">{f.percent(value)}</td>;
    const reason = ev.missing[m.missing[figure]!];
    return (
      <td key={figure} className="num no-value" title={reason}>
        <span aria-hidden="true">{NO_VALUE}</span>
        <span className="sr-only">{ev.noValue(reason)}</span>
      </td>
    );
  };

  return (
    <div>
      <table className="layers per-class">
        <caption className="sr-only">{words.perDigit}</caption>
        <thead>
          <tr>
            <th scope="col">{words.digit}</th>
            <th scope="col" className="num">{words.precision}</th>
            <th scope="col" className="num">{words.recall}</th>
            <th scope="col" className="num">{words.f1}</th>
          </tr>
        </thead>
        <tbody>
          {metrics.map((m) => (
            <tr key={m.label}>
              <th scope="row">{m.label}</th>
              {FIGURES.map((figure) => cell(m, figure))}
            </tr>
          ))}
        </tbody>
      </table>
      {REASONS.map((reason) => {
        const digits = digitsWith(reason);
        return digits.length > 0 ? <p key={reason} className="muted footnote" data-testid={`no-value-${reason}`}>{ev.footnote[reason](list(digits))}</p> : null;
      })}
    </div>
  );
});
