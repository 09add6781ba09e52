import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** The active model's ten probabilities for the drawing, the top class called out. */
export function ProbabilityBars() {
  const prediction = useAppStore((s) => s.prediction);
  const error = useAppStore((s) => s.predictionError);
  const model = useAppStore((s) => s.activeModel);
  const readyError = useAppStore((s) => s.readyModelError);
  const hasDrawing = useAppStore((s) => s.field !== null);
  // An answer for an earlier drawing stays visible until the new one arrives, unless reading failed.
  const probabilities = hasDrawing && !error ? prediction?.probabilities ?? null : null;
  const top = probabilities ? probabilities.indexOf(Math.max(...probabilities)) : -1;
  const i18n = useI18n();
  const { f } = i18n;
  const words = i18n.t.draw;

  return (
    <div className="prediction">
      <p role="status" className="prediction-headline">
        {probabilities ? words.prediction(top, f.percent(probabilities[top], 0)) : !hasDrawing ? words.drawToSee : error ? words.noPrediction : words.reading}
      </p>
      <p className="muted prediction-model">
        {model ? words.readBy(i18n.modelName(model.name), model.isTraining) : readyError ? words.noModelYet : words.loadingReadyModel}
      </p>
      {/* data-final: the bars answer a finished stroke; the bench times the end of a stroke to this. */}
      <ol className="probability-bars" aria-label={words.probabilities} data-final={probabilities !== null && prediction?.isFinal === true}>
        {DIGITS.map((digit) => {
          const p = probabilities?.[digit] ?? 0;
          return (
            <li key={digit} className={digit === top ? 'top' : undefined} aria-label={words.probability(digit, f.percent(p, 1))}>
              <span className="bar-digit" aria-hidden="true">{digit}</span>
              <span className="bar-track" aria-hidden="true"><span className="bar-fill" style={{ width: `${(p * 100).toFixed(1)}%` }} /></span>
              <span className="bar-value" aria-hidden="true" data-probability={p}>{f.percent(p, 1)}</span>
            </li>
          );
        })}
      </ol>
      {error && <div className="notice error" role="alert">{words.readFailed(i18n.say(error))}</div>}
    </div>
  );
}
