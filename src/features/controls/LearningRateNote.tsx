import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';
import './learningRateNote.css';

/**
 * Says, under the learning rate, what choosing an optimizer does to it: it brings that optimizer's
 * usual rate (and which one it just set), unless the student typed a rate of their own.
 */
export function LearningRateNote() {
  const setFor = useAppStore((s) => s.learningRateSetFor);
  const isChosen = useAppStore((s) => s.isLearningRateChosen);
  const rate = useAppStore((s) => s.settings.learningRate);
  const { t, f } = useI18n();
  const words = t.learningRateNote;
  const text = isChosen ? words.chosen : setFor ? words.setFor(t.optimizers[setFor], f.number(rate)) : words.follows;
  return (
    // Polite: a screen reader hears the new rate after picking an optimizer, without losing its place.
    <p className={`rate-note${setFor ? ' is-set' : ''}`} aria-live="polite" data-testid="learning-rate-note">{text}</p>
  );
}
