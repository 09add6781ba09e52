import { useEffect, useState } from 'react';
import { isPaceSettled, measuredEvalSpeed, timeLeftSeconds } from '../../core/training/pace';
import type { ImagePlacement } from '../../engine/protocol';
import { NO_VALUE } from '../../i18n/format';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';
import { selectIsWarmingUp, selectLastBatchSize, selectLatestBatch } from '../../store/selectors';
import { Stat } from '../../ui/Stat';

/**
 * Progress, the epoch's running loss and accuracy, throughput and time left. The one part of the
 * card that changes with every store update while training, so only it re-renders then. Speed and
 * time left leave out the warm-up (the first batch: building the model, compiling kernels) and
 * wait for a few steady batches (core/training/pace.ts); the warm-up's own time is shown apart.
 */
export function TrainingFigures() {
  const status = useAppStore((s) => s.trainingStatus);
  const latest = useAppStore(selectLatestBatch);
  const lastSize = useAppStore(selectLastBatchSize);
  const run = useAppStore((s) => s.run);
  const epochsEnded = useAppStore((s) => s.epochs.length);
  const lastEpoch = useAppStore((s) => (s.epochs.length > 0 ? s.epochs[s.epochs.length - 1] : undefined));
  const isWarmingUp = useAppStore(selectIsWarmingUp);
  const warmupFrom = useWarmupStart();
  const firstBatchAt = useAppStore((s) => s.firstBatchAt);
  const now = useClock(isWarmingUp);
  const { t, f } = useI18n();
  const words = t.training;
  const during = t.during;

  const isRunning = status === 'starting' || status === 'training' || status === 'paused';
  // While it runs, a speed is shown once it means something; after, whatever steady batches ran are the measurement.
  const isSettled = latest !== null && (isPaceSettled(latest) || (!isRunning && latest.examplesPerSecond > 0));
  const pending = isWarmingUp ? during.afterWarmup : isRunning ? during.measuring : NO_VALUE;
  const left = latest && run ? timeLeftSeconds(run, latest, epochsEnded, measuredEvalSpeed(lastEpoch, run.validationCount)) : NaN;
  const gflops = latest && run && isSettled ? (latest.examplesPerSecond * run.flopsPerExample) / 1e9 : NaN;
  // From Train to the first batch on the page's clock, what the student waited through (a run can
  // also wait behind other work in the engine); the engine's own figure when the page missed Train.
  const warmupSeconds = latest && warmupFrom !== null && firstBatchAt !== null && firstBatchAt >= warmupFrom
    ? (firstBatchAt - warmupFrom) / 1000 : latest?.firstBatchSeconds ?? NaN;
  const warmup = latest
    ? during.warmupDone(f.fixed(warmupSeconds, 1))
    : isWarmingUp && warmupFrom !== null ? during.warmupRunning(f.int(Math.max(0, (now - warmupFrom) / 1000))) : NO_VALUE;

  return (
    <dl className="stats" aria-label={words.figures}>
      <Stat label={words.epoch} value={run && latest ? words.ofTotal(f.int(latest.epoch + 1), f.int(run.epochs)) : NO_VALUE} />
      <Stat label={words.batch} value={run && latest ? words.ofTotal(f.int(latest.batch + 1), f.int(run.batchesPerEpoch)) : NO_VALUE} />
      <Stat
        label={during.epochLoss}
        value={latest ? f.fixed(latest.epochLoss, 3) : NO_VALUE}
        detail={latest ? during.lastBatch(f.fixed(latest.loss, 3), f.int(lastSize)) : undefined}
        detailTestId="last-batch-loss"
      />
      <Stat label={during.epochAccuracy} value={latest ? f.percent(latest.epochAccuracy) : NO_VALUE} />
      <Stat label={words.examplesPerSecond} value={isSettled ? f.int(latest.examplesPerSecond) : pending} isPending={!isSettled && isRunning} />
      <Stat label={words.gflops} value={Number.isFinite(gflops) ? f.fixed(gflops, gflops < 1 ? 2 : 1) : pending} isPending={!Number.isFinite(gflops) && isRunning} />
      <Stat
        label={words.timeLeft}
        value={isRunning && Number.isFinite(left) ? f.duration(left) : isRunning ? pending : NO_VALUE}
        isPending={isRunning && !Number.isFinite(left)}
      />
      <Stat label={during.warmup} value={warmup} detail={run || isWarmingUp ? during.warmupHint : undefined} />
      {run?.imagePlacement && <ImagePlacementStat placement={run.imagePlacement} />}
    </dl>
  );
}

/** On a GPU backend: whether the training images stay on the device, and if not, why not. */
function ImagePlacementStat({ placement }: { placement: ImagePlacement }) {
  const { t, f } = useI18n();
  const words = t.gpuImages;
  const megabytes = f.int(placement.bytes / 1e6);
  if (placement.where === 'device') return <Stat label={words.label} value={words.onDevice(megabytes)} detail={words.onDeviceHint} />;
  const why = placement.reason === 'refused' ? words.refused(megabytes) : placement.reason === 'augmented' ? words.augmented : words.streaming;
  return <Stat label={words.label} value={words.uploaded} detail={why} detailTestId="image-placement" />;
}

/** When Train was last pressed (the run's status turned 'starting'), on the page's clock. */
function useWarmupStart(): number | null {
  const [start, setStart] = useState<number | null>(null);
  useEffect(() => useAppStore.subscribe((state, previous) => {
    if (state.trainingStatus === 'starting' && previous.trainingStatus !== 'starting') setStart(performance.now());
  }), []);
  return start;
}

/** performance.now(), refreshed twice a second while `isTicking` (the warm-up's clock). */
function useClock(isTicking: boolean): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!isTicking) return;
    const timer = setInterval(() => setNow(performance.now()), 500);
    return () => clearInterval(timer);
  }, [isTicking]);
  return now;
}
