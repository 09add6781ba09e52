import { memo, useMemo } from 'react';
import type { WatchedPredictions } from '../../core/training/testDetails';
import { useI18n } from '../../i18n/useI18n';
import { DigitImage } from './DigitImage';
import { useTestImages } from './useTestImages';

/** The watched test digits (three of each) with the model's current answer: it changes from epoch to epoch. */
export const WatchedDigits = memo(function WatchedDigits({ watched, when }: { watched: WatchedPredictions; when: string }) {
  const { t, f } = useI18n();
  const words = t.evaluation;
  const indices = useMemo(() => Array.from(watched.indices), [watched]);
  const pixels = useTestImages(indices);
  return (
    <div className="watched">
      <div className="card-row">
        <h3 id="watched-title">{words.watchedTitle}</h3>
        <span className="muted" data-testid="watched-when">{when}</span>
      </div>
      <p className="muted footnote">{words.watchedNote}</p>
      <ol className="watched-grid" aria-labelledby="watched-title">
        {indices.map((index, k) => {
          const isRight = watched.labels[k] === watched.predicted[k];
          return (
            <li key={index} className={isRight ? 'right' : 'wrong'} aria-label={words.watchedCell(watched.labels[k], watched.predicted[k], f.percent(watched.confidence[k], 0))}>
              <DigitImage pixels={pixels.get(index)} size={36} />
              <span className="watched-answer" aria-hidden="true" data-testid="watched-answer">{watched.predicted[k]}</span>
            </li>
          );
        })}
      </ol>
    </div>
  );
});
