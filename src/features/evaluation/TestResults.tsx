import { useEffect, useRef, useState } from 'react';
import { getPreset } from '../../core/config/presets';
import { perClassScores } from '../../core/training/evaluate';
import type { EvaluationResult } from '../../engine/protocol';
import { useAppStore } from '../../store/appStore';
import { formatInt, formatPercent } from '../../ui/format';
import { ConfusionMatrixChart } from '../../vis/confusionMatrix';

/** The result on the official 10,000 test images: accuracy, loss, per-class scores and confusion matrix. */
export function TestResults() {
  const evaluation = useAppStore((s) => s.evaluation);
  const isEvaluating = useAppStore((s) => s.trainingStatus === 'evaluating');
  const matrixRef = useRef<HTMLDivElement>(null);
  const matrix = useRef<ConfusionMatrixChart | null>(null);

  // Embedded once, while the page is idle; a finished run then only swaps the cells.
  useEffect(() => {
    const chart = new ConfusionMatrixChart(matrixRef.current!);
    matrix.current = chart;
    return () => chart.dispose();
  }, []);

  // The details (confusion matrix, per-digit table) follow the headline one task later: the frame
  // that re-enables every control after a run and the frame that lays out the grown card are then
  // two short frames rather than one long one.
  const [detailed, setDetailed] = useState<EvaluationResult | null>(null);
  useEffect(() => {
    if (!evaluation) return;
    const timer = setTimeout(() => {
      setDetailed(evaluation);
      matrix.current?.show(evaluation.confusion);
    });
    return () => clearTimeout(timer);
  }, [evaluation]);
  const details = evaluation !== null && detailed === evaluation ? evaluation : null;

  const runRecipe = useAppStore((s) => s.runRecipe);
  const scores = details ? perClassScores(details.confusion) : [];
  return (
    <section className="card" aria-labelledby="test-title">
      <h2 id="test-title">Test set</h2>
      <div role="status" aria-live="polite" data-testid="test-result" className={`result${evaluation ? ' good' : ''}`} style={{ marginTop: '0.5rem' }}>
        {evaluation
          ? `Test accuracy: ${formatPercent(evaluation.accuracy, 2)}`
          : isEvaluating ? 'Evaluating on the 10,000 test images…' : 'Not evaluated yet'}
      </div>
      {evaluation && (
        <>
          <p className="muted">
            {formatInt(evaluation.accuracy * evaluation.count)} of {formatInt(evaluation.count)} test digits right · test loss {evaluation.loss.toFixed(4)}
          </p>
          {runRecipe && <RecipeComparison accuracy={evaluation.accuracy} {...runRecipe} />}
        </>
      )}
      {/* Always mounted, so the chart is ready before a run ends; hidden until there is a result. */}
      <div className="charts" hidden={!details}>
        <figure className="confusion" style={{ margin: 0 }}>
          {/* vega sets its own ARIA role on the element it draws into, so the label sits on a wrapper. */}
          <div role="img" aria-label="Confusion matrix: rows are the true digit, columns the prediction">
            <div ref={matrixRef} />
          </div>
          <figcaption className="muted">Green: right answers, by recall. Orange: mistakes, darker for more.</figcaption>
        </figure>
        {details && (
          <table className="layers">
            <caption className="sr-only">Per-digit precision, recall and F1</caption>
            <thead><tr><th scope="col">Digit</th><th scope="col" className="num">Precision</th><th scope="col" className="num">Recall</th><th scope="col" className="num">F1</th></tr></thead>
            <tbody>
              {scores.map((s, digit) => (
                <tr key={digit}>
                  <th scope="row">{digit}</th>
                  <td className="num">{formatPercent(s.precision)}</td>
                  <td className="num">{formatPercent(s.recall)}</td>
                  <td className="num">{formatPercent(s.f1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

/** Sets the result beside the preset's published one, saying whether the run followed the recipe. */
function RecipeComparison({ accuracy, presetId, differences }: { accuracy: number; presetId: string; differences: string[] }) {
  const preset = getPreset(presetId);
  if (!preset || preset.referenceAccuracy === null) return null;
  const reference = formatPercent(preset.referenceAccuracy, 2);
  if (differences.length > 0) {
    return (
      <p className="muted">
        The published result for the {presetId} recipe is {reference}; this run changed: {differences.join(', ')}.
      </p>
    );
  }
  const points = (accuracy - preset.referenceAccuracy) * 100;
  return (
    <p>
      This run followed the {presetId} recipe: {formatPercent(accuracy, 2)} against the published {reference} ({points >= 0 ? '+' : '−'}
      {Math.abs(points).toFixed(2)} points). {preset.referenceSource}
    </p>
  );
}
