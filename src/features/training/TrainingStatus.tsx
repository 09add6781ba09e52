import { useI18n } from '../../i18n/useI18n';
import { selectIsWarmingUp } from '../../store/selectors';
import { useAppStore } from '../../store/appStore';
import { TrainingControls } from '../controls/TrainingControls';
import { TrainingFigures } from './TrainingFigures';
import { RunPreview } from './RunPreview';
import { useTrainWaitText } from './useTrainWaitText';

/** Where training is: controls, the live figures, and any message. */
export function TrainingStatus() {
  const status = useAppStore((s) => s.trainingStatus);
  const message = useAppStore((s) => s.trainingMessage);
  // Why Train is disabled (backend starting, data loading, a layer to fix): never "Ready" above it.
  const waitText = useTrainWaitText();
  const isWarmingUp = useAppStore((s) => (s.trainingStatus === 'training' || s.trainingStatus === 'starting') && selectIsWarmingUp(s));
  const isStoppingWarmup = useAppStore((s) => s.trainingStatus === 'stopping' && s.batches.length === 0);
  const i18n = useI18n();
  const { t } = i18n;

  return (
    <section className="card" aria-labelledby="status-title">
      <div className="card-row">
        <h2 id="status-title">{t.training.title}</h2>
        <span className="muted" aria-live="polite">{waitText ?? (isWarmingUp ? t.during.warmingUp : isStoppingWarmup ? t.during.stoppingWarmup : t.training.status[status])}</span>
      </div>
      <div style={{ margin: '0.7rem 0' }}><TrainingControls /></div>
      <RunPreview />
      <TrainingFigures />
      {message && (
        <div className={`notice ${status === 'diverged' || status === 'failed' ? 'error' : 'info'}`} role="alert">{i18n.say(message)}</div>
      )}
    </section>
  );
}
