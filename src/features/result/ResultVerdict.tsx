import type { Diagnosis } from '../../core/training/diagnosis';
import type { I18n } from '../../i18n/i18n';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';
import { selectRunReading } from './runReading';
import './result.css';

/** Under this, "barely better than guessing" says it better than "not a good result yet". */
const GUESSING_VERDICT = 0.3;

/** The verdict's words: how the result stands, or that it barely beats a guess, or that the run diverged. */
function verdictOf(i18n: I18n, d: Diagnosis): string {
  const words = i18n.t.reading.verdicts;
  if (d.standing === 'diverged') return words.diverged;
  if (d.fit === 'barelyLearned' && d.heldOutAccuracy !== null && d.heldOutAccuracy < GUESSING_VERDICT) return words.barely;
  return words[d.standing];
}

/** One plain sentence: what the result and the curves mean. */
function meaningOf(i18n: I18n, d: Diagnosis, referenceAccuracy: number | null): string {
  const { meaning } = i18n.t.reading;
  const { f } = i18n;
  const percent = (n: number) => f.percent(n, 1);
  const heldOut = d.heldOutAccuracy;
  switch (d.fit) {
    case 'diverged':
      return meaning.diverged;
    case 'barelyLearned':
      return heldOut !== null && heldOut >= 0.5 && d.lossFrom !== null && d.lossTo !== null
        ? meaning.slowLoss(f.fixed(d.lossFrom, 2), f.fixed(d.lossTo, 2))
        : meaning.barelyLearned(percent(heldOut ?? 0.1));
    case 'underfitting':
      return d.trainAccuracy !== null && heldOut !== null ? meaning.underfitting(percent(d.trainAccuracy), percent(heldOut)) : meaning.underfittingNoEpoch;
    case 'overfitting':
      return d.trainAccuracy !== null && heldOut !== null && d.trainAccuracy > heldOut
        ? meaning.overfitting(percent(d.trainAccuracy), percent(heldOut))
        : meaning.overfittingLoss;
    case 'wellFitted':
      return d.standing === 'matches' && referenceAccuracy !== null
        ? meaning.matches(percent(heldOut ?? 0), f.percent(referenceAccuracy, 2))
        : meaning.wellFitted(percent(heldOut ?? 0));
  }
}

/**
 * The result read for the student, under the test accuracy: a verdict in the headline's colour and
 * one sentence saying what it means. Also after a run that diverged, which has no test result.
 */
export function ResultVerdict() {
  const reading = useAppStore(selectRunReading);
  const i18n = useI18n();
  if (!reading) return null;
  const { diagnosis } = reading;
  return (
    <p className={`result-verdict tone-${diagnosis.tone}`} data-testid="result-verdict">
      {i18n.t.reading.verdictAndMeaning(<strong>{verdictOf(i18n, diagnosis)}</strong>, meaningOf(i18n, diagnosis, reading.referenceAccuracy))}
    </p>
  );
}
