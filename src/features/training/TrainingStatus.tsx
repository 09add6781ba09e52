import { selectLatestBatch } from '../../store/selectors';
import { type TrainingStatus as Status } from '../../store/store';
import { useAppStore } from '../../store/appStore';
import { Stat } from '../../ui/Stat';
import { formatDuration, formatInt, formatPercent } from '../../ui/format';
import { TrainingControls } from '../controls/TrainingControls';

const STATUS_TEXT: Record<Status, string> = {
  idle: 'Ready. Press Train to start.',
  starting: 'Building the model…',
  training: 'Training…',
  paused: 'Paused.',
  stopping: 'Stopping after this batch…',
  evaluating: 'Evaluating on the 10,000 test images…',
  done: 'Done.',
  stopped: 'Stopped.',
  diverged: 'Diverged.',
  failed: 'Failed.',
};

/** Where training is: controls, the live figures, and any message. */
export function TrainingStatus() {
  const status = useAppStore((s) => s.trainingStatus);
  const message = useAppStore((s) => s.trainingMessage);
  const dataWaiting = useAppStore((s) => s.dataStatus !== 'ready' && (s.progress?.trainImagesLoaded ?? 0) === 0);

  return (
    <section className="card" aria-labelledby="status-title">
      <div className="card-row">
        <h2 id="status-title">Training run</h2>
        <span className="muted" aria-live="polite">{dataWaiting ? 'Waiting for the first training shard…' : STATUS_TEXT[status]}</span>
      </div>
      <div style={{ margin: '0.7rem 0' }}><TrainingControls /></div>
      <TrainingFigures />
      {message && (
        <div className={`notice ${status === 'diverged' || status === 'failed' ? 'error' : 'info'}`} role="alert">{message}</div>
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

  const total = run ? run.trainCount * run.epochs : 0;
  const left = latest && run && latest.examplesPerSecond > 0 ? (total - latest.examplesSeen) / latest.examplesPerSecond : NaN;
  const gflops = latest && run ? (latest.examplesPerSecond * run.flopsPerExample) / 1e9 : NaN;

  return (
    <dl className="stats" aria-label="Training figures">
      <Stat label="Epoch" value={run && latest ? `${latest.epoch + 1} / ${run.epochs}` : '–'} />
      <Stat label="Batch" value={run && latest ? `${formatInt(latest.batch + 1)} / ${formatInt(run.batchesPerEpoch)}` : '–'} />
      <Stat label="Batch loss" value={latest ? latest.loss.toFixed(3) : '–'} />
      <Stat label="Batch accuracy" value={latest ? formatPercent(latest.accuracy) : '–'} />
      <Stat label="Examples / s" value={latest ? formatInt(latest.examplesPerSecond) : '–'} />
      <Stat label="GFLOP/s" value={Number.isFinite(gflops) ? gflops.toFixed(1) : '–'} />
      <Stat label="Time left" value={isTraining ? formatDuration(left) : '–'} />
      <Stat label="Epochs done" value={run ? `${epochsDone}` : '–'} />
    </dl>
  );
}
