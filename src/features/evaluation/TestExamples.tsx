import { useDeferredValue } from 'react';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';
import { MistakesGallery } from './MistakesGallery';
import { WatchedDigits } from './WatchedDigits';
import './evaluation.css';

/**
 * Test digits as the model reads them: the watched digits, whose answers change from epoch to
 * epoch, and the gallery of misread images, from the latest evaluation (after training, all
 * 10,000 test images; before, the figures after the latest epoch).
 */
export function TestExamples() {
  const finalEvaluation = useAppStore((s) => s.evaluation);
  const epochEvaluation = useAppStore((s) => s.epochEvaluation);
  const { t, f } = useI18n();
  const words = t.evaluation;
  // Rendered as a transition, in slices React can interrupt: an epoch's end must not add one long
  // task to the page's thread (the test card's headline and the charts update first).
  const shown = useDeferredValue(finalEvaluation ?? epochEvaluation?.result ?? null);
  const when = useDeferredValue(finalEvaluation ? words.watchedFinal : epochEvaluation ? words.watchedWhen(f.int(epochEvaluation.epoch + 1)) : '');
  return (
    <section className="card" aria-labelledby="test-examples-title">
      <h2 id="test-examples-title">{words.examplesTitle}</h2>
      {shown?.watched ? <WatchedDigits watched={shown.watched} when={when} /> : <p className="muted">{words.watchedPending}</p>}
      {shown?.mistakes ? <MistakesGallery mistakes={shown.mistakes} count={shown.count} /> : <p className="muted">{words.galleryPending}</p>}
    </section>
  );
}
