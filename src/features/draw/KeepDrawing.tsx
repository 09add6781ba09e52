import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** Label the drawing with the right digit and keep it, for fine-tuning on your own handwriting. */
export function KeepDrawing() {
  const hasDrawing = useAppStore((s) => s.field !== null);
  const prediction = useAppStore((s) => s.prediction);
  const storageFailed = useAppStore((s) => s.samplesStatus === 'failed');
  const { keepDrawing, clearDrawing } = useAppStore.getState();
  const top = prediction ? prediction.probabilities.indexOf(Math.max(...prediction.probabilities)) : -1;
  const { t } = useI18n();

  async function keep(label: number) {
    await keepDrawing(label);
    clearDrawing();
  }

  return (
    <fieldset className="keep-drawing" disabled={!hasDrawing || storageFailed}>
      <legend>{t.draw.keepLegend}</legend>
      <div className="digit-buttons">
        {DIGITS.map((digit) => (
          <button key={digit} type="button" className={digit === top ? 'digit-button suggested' : 'digit-button'} onClick={() => void keep(digit)} aria-label={t.draw.keepAs(digit)}>
            {digit}
          </button>
        ))}
      </div>
    </fieldset>
  );
}
