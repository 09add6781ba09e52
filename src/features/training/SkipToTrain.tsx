import type { MouseEvent } from 'react';
import { useI18n } from '../../i18n/useI18n';

/** The id of the Train button (features/controls/TrainingControls), the skip link's target. */
export const TRAIN_BUTTON_ID = 'train-button';

/**
 * The page's first Tab stop, shown once focused: it moves the focus to Train, past the layer
 * editor and the settings. While Train is disabled, to the training card's title, whose status line
 * says why. No href target: the address's hash holds the settings, so it must not change.
 */
export function SkipToTrain() {
  const { t } = useI18n();
  const skip = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    const train = document.getElementById(TRAIN_BUTTON_ID) as HTMLButtonElement | null;
    const target = train && !train.disabled ? train : document.getElementById('status-title');
    if (!target) return;
    if (target !== train) target.tabIndex = -1;
    target.focus();
  };
  return <a className="skip-link" href={`#${TRAIN_BUTTON_ID}`} onClick={skip}>{t.beforeTrain.skipToTrain}</a>;
}
