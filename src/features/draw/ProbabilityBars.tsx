import { useAppStore } from '../../store/appStore';
import { formatPercent } from '../../ui/format';

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** The active model's ten probabilities for the drawing, the top class called out. */
export function ProbabilityBars() {
  const prediction = useAppStore((s) => s.prediction);
  const error = useAppStore((s) => s.predictionError);
  const model = useAppStore((s) => s.activeModel);
  const hasDrawing = useAppStore((s) => s.field !== null);
  const probabilities = hasDrawing ? prediction?.probabilities ?? null : null;
  const top = probabilities ? probabilities.indexOf(Math.max(...probabilities)) : -1;

  return (
    <div className="prediction">
      <p role="status" className="prediction-headline">
        {probabilities ? `Prediction: ${top} (${formatPercent(probabilities[top], 0)})` : hasDrawing ? 'Reading your digit…' : 'Draw a digit to see what the model reads.'}
      </p>
      <p className="muted prediction-model">
        {model ? `Read by: ${model.name}${model.isTraining ? ' (still training: its answer changes as it learns)' : ''}` : 'Loading the ready model…'}
      </p>
      <ol className="probability-bars" aria-label="Probability of each digit">
        {DIGITS.map((digit) => {
          const p = probabilities?.[digit] ?? 0;
          return (
            <li key={digit} className={digit === top ? 'top' : undefined} aria-label={`${digit}: ${formatPercent(p, 1)}`}>
              <span className="bar-digit" aria-hidden="true">{digit}</span>
              <span className="bar-track" aria-hidden="true"><span className="bar-fill" style={{ width: `${(p * 100).toFixed(1)}%` }} /></span>
              <span className="bar-value" aria-hidden="true" data-probability={p}>{formatPercent(p, 1)}</span>
            </li>
          );
        })}
      </ol>
      {error && <div className="notice error" role="alert">The model could not read the drawing: {error}</div>}
    </div>
  );
}
