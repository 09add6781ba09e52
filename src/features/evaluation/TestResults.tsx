import { useEffect, useRef, useState } from 'react';
import { getPreset } from '../../core/config/presets';
import type { RecipeChange } from '../../core/config/recipe';
import type { EvaluationResult } from '../../engine/protocol';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';
import { ConfusionMatrixChart } from '../../vis/confusionMatrix';
import { ResultSuggestions } from '../result/ResultSuggestions';
import { ResultVerdict } from '../result/ResultVerdict';
import { selectHeadlineClass } from '../result/runReading';
import { ConfusionTable } from './ConfusionTable';
import { EvaluationProgressBar, EpochEvaluationLine } from './EvaluationProgress';
import { PerClassTable } from './PerClassTable';
import './evaluation.css';

/**
 * The result on the official 10,000 test images: accuracy, loss, per-class scores and confusion
 * matrix. While a model trains, the figures after its latest epoch stand in for them.
 */
export function TestResults() {
  const finalEvaluation = useAppStore((s) => s.evaluation);
  const epochEvaluation = useAppStore((s) => s.epochEvaluation);
  // What the matrix and the table show: the final figures, or those after the latest epoch.
  const shown = finalEvaluation ?? epochEvaluation?.result ?? null;
  const evaluation = finalEvaluation;
  const isEvaluating = useAppStore((s) => s.trainingStatus === 'evaluating');
  const matrixRef = useRef<HTMLDivElement>(null);
  const matrix = useRef<ConfusionMatrixChart | null>(null);
  const { t, f } = useI18n();
  const words = t.results;

  // Embedded once, while the page is idle (and again in a new language); a finished run then only swaps the cells.
  useEffect(() => {
    const chart = new ConfusionMatrixChart(matrixRef.current!, { title: words.confusion, predicted: words.predictedAxis, actual: words.trueAxis });
    matrix.current = chart;
    const { evaluation: last, epochEvaluation: lastEpoch } = useAppStore.getState();
    const current = last ?? lastEpoch?.result;
    if (current) chart.show(current.confusion);
    return () => chart.dispose();
  }, [words]);

  // The details (confusion matrix, per-digit table) follow the headline one task later: the frame
  // that re-enables every control after a run and the frame that lays out the grown card are then
  // two short frames rather than one long one.
  const [detailed, setDetailed] = useState<EvaluationResult | null>(null);
  useEffect(() => {
    if (!shown) return;
    const timer = setTimeout(() => {
      setDetailed(shown);
      matrix.current?.show(shown.confusion);
    });
    return () => clearTimeout(timer);
  }, [shown]);
  const details = shown !== null && detailed === shown ? shown : null;

  const runRecipe = useAppStore((s) => s.runRecipe);
  // Green and large only for a result worth it (features/result reads the run).
  const headlineClass = useAppStore(selectHeadlineClass);
  return (
    <section className="card" aria-labelledby="test-title">
      <h2 id="test-title">{words.title}</h2>
      <div role="status" aria-live="polite" data-testid="test-result" className={headlineClass} style={{ marginTop: '0.5rem' }}>
        {evaluation
          ? words.accuracy(f.percent(evaluation.accuracy, 2))
          : isEvaluating ? words.evaluating : epochEvaluation ? t.evaluation.finalPending : words.notEvaluated}
      </div>
      <ResultVerdict />
      <EvaluationProgressBar />
      {!evaluation && epochEvaluation && <EpochEvaluationLine epoch={epochEvaluation.epoch} result={epochEvaluation.result} />}
      {evaluation && (
        <>
          <p className="muted">
            {words.summary(f.int(evaluation.accuracy * evaluation.count), f.int(evaluation.count), f.fixed(evaluation.loss, 4))}
          </p>
          {runRecipe && <RecipeComparison accuracy={evaluation.accuracy} {...runRecipe} />}
        </>
      )}
      <ResultSuggestions />
      {/* Always mounted, so the chart is ready before a run ends; hidden until there is a result. */}
      <div className="charts" hidden={!details}>
        <figure className="confusion" style={{ margin: 0 }}>
          {/* vega sets its own ARIA role on the element it draws into, so the label sits on a wrapper. */}
          <div role="img" aria-label={words.confusion}>
            <div ref={matrixRef} />
          </div>
          <figcaption className="muted">{words.confusionCaption}</figcaption>
        </figure>
        {details && <PerClassTable confusion={details.confusion} />}
      </div>
      {details && <ConfusionTable confusion={details.confusion} />}
    </section>
  );
}

/** Sets the result beside the preset's published one, saying whether the run followed the recipe. */
function RecipeComparison({ accuracy, presetId, differences }: { accuracy: number; presetId: string; differences: RecipeChange[] }) {
  const i18n = useI18n();
  const { t, f } = i18n;
  const preset = getPreset(presetId);
  if (!preset || preset.referenceAccuracy === null) return null;
  const reference = f.percent(preset.referenceAccuracy, 2);
  const { title } = t.presets[preset.id];
  if (differences.length > 0) {
    return <p className="muted">{t.results.recipeChanged(title, preset.id, reference, i18n.list(differences.map(i18n.recipeChange)))}</p>;
  }
  const points = (accuracy - preset.referenceAccuracy) * 100;
  const signed = `${points >= 0 ? '+' : '−'}${f.fixed(Math.abs(points), 2)}`;
  return <p>{t.results.recipeFollowed(title, preset.id, f.percent(accuracy, 2), reference, signed, t.presets[preset.id].reference)}</p>;
}
