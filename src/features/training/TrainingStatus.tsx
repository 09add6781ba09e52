import { NO_VALUE } from '../../i18n/format';
import { useI18n } from '../../i18n/useI18n';
import { selectLatestBatch } from '../../store/selectors';
import { useAppStore } from '../../store/appStore';
import { Stat } from '../../ui/Stat';
import { TrainingControls } from '../controls/TrainingControls';

/** Where training is: controls, the live figures, and any message. */
export function TrainingStatus() {
  const status = useAppStore((s) => s.trainingStatus);
  const message = useAppStore((s) => s.trainingMessage);
  const dataWaiting = useAppStore((s) => s.dataStatus !== 'ready' && (s.progress?.trainImagesLoaded ?? 0) === 0);
  const i18n = useI18n();
  const { t } = i18n;

  return (
    <section className="card" aria-labelledby="status-title">
      <div className="card-row">
        <h2 id="status-title">{t.training.title}</h2>
        <span className="muted" aria-live="polite">{dataWaiting ? t.training.waitingForData : t.training.status[status]}</span>
      </div>
      <div style={{ margin: '0.7rem 0' }}><TrainingControls /></div>
      <TrainingFigures />
      {message && (
        <div className={`notice ${status === 'diverged' || status === 'failed' ? 'error' : 'info'}`} role="alert">{i18n.say(message)}</div>
      )}
    </section>
  );
}

/**
 * Progress, throughput and time left. The one part of the card that changes with every store
 * update while training, so only it re-renders then.
 */
function TrainingFigures() {
  const isTraining = useAppStore((s) => s.trainingStatus === 'training');
  const latest = useAppStore(selectLatestBatch);
  const run = useAppStore((s) => s.run);
  const epochsDone = useAppStore((s) => s.epochs.length);
  const { t, f } = useI18n();
  const words = t.training;

  const total = run ? run.trainCount * run.epochs : 0;
  const left = latest && run && latest.examplesPerSecond > 0 ? (total - latest.examplesSeen) / latest.examplesPerSecond : NaN;
  const gflops = latest && run ? (latest.examplesPerSecond * run.flopsPerExample) / 1e9 : NaN;

  return (
    <dl className="stats" aria-label={words.figures}>
      <Stat label={words.epoch} value={run && latest ? words.ofTotal(f.int(latest.epoch + 1), f.int(run.epochs)) : NO_VALUE} />
      <Stat label={words.batch} value={run && latest ? words.ofTotal(f.int(latest.batch + 1), f.int(run.batchesPerEpoch)) : NO_VALUE} />
      <Stat label={words.batchLoss} value={latest ? f.fixed(latest.loss, 3) : NO_VALUE} />
      <Stat label={words.batchAccuracy} value={latest ? f.percent(latest.accuracy) : NO_VALUE} />
      <Stat label={words.examplesPerSecond} value={latest ? f.int(latest.examplesPerSecond) : NO_VALUE} />
      <Stat label={words.gflops} value={Number.isFinite(gflops) ? f.fixed(gflops, 1) : NO_VALUE} />
      <Stat label={words.timeLeft} value={isTraining ? f.duration(left) : NO_VALUE} />
      <Stat label={words.epochsDone} value={run ? f.int(epochsDone) : NO_VALUE} />
    </dl>
  );
}
