import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';
import { selectStatusLine } from '../../store/statusLine';

/**
 * Why Train is disabled, in words, for the status line; null while the run's own state applies
 * (Train is enabled, or a run is going). The line then never says "Ready" above a disabled Train.
 */
export function useTrainWaitText(): string | null {
  const line = useAppStore(selectStatusLine);
  const { t } = useI18n();
  return line.kind === 'wait' ? t.beforeTrain.why[line.reason] : null;
}
