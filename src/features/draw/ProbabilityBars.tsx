import { useState } from 'react';
import type { Stroke } from '../../core/draw/preprocess';
import type { Prediction } from '../../store/drawSlice';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/**
 * What the status line announces: the answer to a finished stroke, and while a model learns only a
 * change of digit, never a preview mid-stroke or each new percentage (they come every few hundred ms).
 * `isSettled`: the headline is an answer or a state (no drawing, an error), not "Reading your digit…".
 */
function useAnnouncement(headline: string, top: number, isSettled: boolean): string {
  const prediction = useAppStore((s) => s.prediction);
  const strokes = useAppStore((s) => s.strokes);
  const [said, setSaid] = useState<{ text: string; prediction: Prediction | null; strokes: Stroke[]; top: number }>({ text: headline, prediction, strokes, top });
  const isAnswer = top >= 0 && prediction !== null;
  const isNewAnswer = isAnswer && prediction !== said.prediction && prediction.isFinal && (strokes !== said.strokes || top !== said.top);
  const text = isNewAnswer || (isSettled && !isAnswer) ? headline : said.text;
  // Adjusting state while rendering (React's pattern for state derived from a change), so the status
  // changes in the same commit as the bars: tests and the bench read both after a stroke.
  if (text !== said.text || isNewAnswer) setSaid(isNewAnswer ? { text, prediction, strokes, top } : { ...said, text });
  return text;
}

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
  const headline = probabilities ? words.prediction(top, f.percent(probabilities[top], 0)) : !hasDrawing ? words.drawToSee : error ? words.noPrediction : words.reading;
  const announced = useAnnouncement(headline, top, probabilities !== null || !hasDrawing || error !== null);

  return (
    <div className="prediction">
      {/* The headline follows every preview; screen readers hear the status below, which waits for the answer. */}
      <p className="prediction-headline" aria-hidden="true">{headline}</p>
      <p role="status" className="sr-only">{announced}</p>
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
