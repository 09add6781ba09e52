import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { sortMistakes, type MistakeOrder, type TestMistakes } from '../../core/training/testDetails';
import { useI18n } from '../../i18n/useI18n';
import { DigitImage } from './DigitImage';
import { useTestImages } from './useTestImages';

/** Thumbnails shown at first, and added by each "Show more". */
const PAGE = 48;
const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/**
 * The misread test images as thumbnails (true digit, prediction, confidence), ordered by the
 * model's confidence either way. A thumbnail opens the image large with its ten probabilities;
 * Escape, or Close, returns to the thumbnail. Pixels are fetched for the thumbnails on screen only.
 */
export function MistakesGallery({ mistakes, count }: { mistakes: TestMistakes; count: number }) {
  const { t, f } = useI18n();
  const words = t.evaluation;
  const [order, setOrder] = useState<MistakeOrder>('mostConfident');
  const [shownCount, setShownCount] = useState(PAGE);
  /** The open image, by test index, so it stays open from one epoch to the next while it is still misread. */
  const [openIndex, setOpenIndex] = useState<number | null>(null);
  const sorted = useMemo(() => sortMistakes(mistakes, order), [mistakes, order]);
  const visible = useMemo(() => sorted.slice(0, shownCount), [sorted, shownCount]);
  const openPosition = openIndex === null ? -1 : sorted.findIndex((k) => mistakes.indices[k] === openIndex);
  const openK = openPosition >= 0 ? sorted[openPosition] : null;
  const wanted = useMemo(() => {
    const indices = visible.map((k) => mistakes.indices[k]);
    if (openK !== null) indices.push(mistakes.indices[openK]);
    return indices;
  }, [visible, openK, mistakes]);
  const pixels = useTestImages(wanted);
  const list = useRef<HTMLUListElement>(null);
  const detail = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (openIndex !== null) detail.current?.focus();
  }, [openIndex]);

  const close = () => {
    const index = openIndex;
    setOpenIndex(null);
    // Back to the thumbnail that opened it (if it is still on screen).
    requestAnimationFrame(() => list.current?.querySelector<HTMLButtonElement>(`button[data-index="${index}"]`)?.focus());
  };
  const step = (delta: number) => {
    const next = sorted[openPosition + delta];
    if (next === undefined) return;
    const position = openPosition + delta;
    if (position >= shownCount) setShownCount(shownCount + PAGE);
    setOpenIndex(mistakes.indices[next]);
  };
  const onDetailKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') close();
    else if (event.key === 'ArrowRight') step(1);
    else if (event.key === 'ArrowLeft') step(-1);
    else return;
    event.preventDefault();
  };

  const errors = mistakes.indices.length;
  return (
    <div className="mistakes">
      <div className="card-row">
        <h3 id="mistakes-title">{words.galleryTitle}</h3>
        {errors > 1 && (
          <label className="inline-field">
            {words.sortLabel}{' '}
            <select value={order} onChange={(e) => setOrder(e.target.value as MistakeOrder)}>
              <option value="mostConfident">{words.mostConfident}</option>
              <option value="leastConfident">{words.leastConfident}</option>
            </select>
          </label>
        )}
      </div>
      <p className="muted" data-testid="mistake-count" data-count={errors}>
        {errors > 0 ? words.galleryCount(f.int(errors), f.int(count)) : words.galleryNone}
      </p>
      {openK !== null && (
        <div className="mistake-detail" ref={detail} tabIndex={-1} role="group" aria-labelledby="mistake-detail-title" onKeyDown={onDetailKey}>
          <DigitImage pixels={pixels.get(mistakes.indices[openK])} size={168} />
          <div>
            <h4 id="mistake-detail-title">{words.detailTitle(f.int(mistakes.indices[openK]))}</h4>
            <p>{words.detailSummary(mistakes.labels[openK], mistakes.predicted[openK], f.percent(mistakes.confidence[openK], 1))}</p>
            <ol className="mistake-bars" aria-label={words.probabilities}>
              {DIGITS.map((digit) => {
                const p = mistakes.probabilities[openK * 10 + digit];
                const className = digit === mistakes.predicted[openK] ? 'top' : digit === mistakes.labels[openK] ? 'truth' : undefined;
                return (
                  <li key={digit} className={className} aria-label={words.probability(digit, f.percent(p, 1))}>
                    <span className="bar-digit" aria-hidden="true">{digit}</span>
                    <span className="bar-track" aria-hidden="true"><span className="bar-fill" style={{ width: `${(p * 100).toFixed(1)}%` }} /></span>
                    <span className="bar-value" aria-hidden="true">{f.percent(p, 1)}</span>
                  </li>
                );
              })}
            </ol>
            <div className="buttons">
              <button type="button" onClick={() => step(-1)} disabled={openPosition <= 0}>{words.previous}</button>
              <button type="button" onClick={() => step(1)} disabled={openPosition >= sorted.length - 1}>{words.next}</button>
              <button type="button" onClick={close}>{words.close}</button>
            </div>
          </div>
        </div>
      )}
      {errors > 0 && (
        <ul className="mistake-grid" ref={list} aria-labelledby="mistakes-title">
          {visible.map((k) => {
            const index = mistakes.indices[k];
            const confidence = f.percent(mistakes.confidence[k], 0);
            return (
              <li key={index}>
                <button
                  type="button"
                  data-index={index}
                  aria-pressed={index === openIndex}
                  // The name starts with what the button shows (WCAG 2.5.3, label in name), then says it in words.
                  aria-label={`${words.mistakeCaption(mistakes.labels[k], mistakes.predicted[k])} ${confidence}. ${words.mistakeButton(f.int(index), mistakes.labels[k], mistakes.predicted[k], confidence)}`}
                  onClick={() => setOpenIndex(index === openIndex ? null : index)}
                >
                  <DigitImage pixels={pixels.get(index)} size={42} />
                  <span className="mistake-caption" aria-hidden="true">{words.mistakeCaption(mistakes.labels[k], mistakes.predicted[k])}</span>{' '}
                  <span className="mistake-confidence" aria-hidden="true">{confidence}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {errors > shownCount && (
        <div className="card-row">
          <span className="muted">{words.shownOf(f.int(shownCount), f.int(errors))}</span>
          <button type="button" onClick={() => setShownCount(shownCount + PAGE)}>{words.showMore(f.int(Math.min(PAGE, errors - shownCount)))}</button>
        </div>
      )}
    </div>
  );
}
