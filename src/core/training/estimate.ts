/**
 * How long a run will take, before it starts: the arithmetic from a measured speed (a short probe
 * of this model on this backend, or the steady batches of an earlier run) and the run's size.
 * Pure numbers, no tfjs, so the page can recompute it on every keystroke.
 */
import { epochTestCount } from './testDetails';

/** Test images a completed run is scored on. */
export const TEST_IMAGE_COUNT = 10_000;
/** Images of the training split per shard: each shard holds back its own share for validation. */
const SHARD_SIZE = 5_000;

/** What a speed measurement found, for one model, batch size and optimizer on one backend. */
export interface SpeedMeasurement {
  /** Training examples per second, after warm-up (a step, its read-back and a turn of the event loop). */
  trainPerSecond: number;
  /** Examples per second through the model in inference mode (validation and test scoring). */
  evalPerSecond: number;
  /** Seconds the first batches cost above the steady pace (building the model, compiling kernels). */
  warmupSeconds: number;
  /** 'probe': a few batches on random images before the run; 'run': the steady batches of a real run. */
  source: 'probe' | 'run';
}

/** The size of a run, as the settings give it. */
export interface RunPlan {
  trainCount: number;
  validationCount: number;
  epochs: number;
  /** Test images scored once the run completes (each epoch but the last scores some of them too). */
  testCount: number;
}

/** A run's expected length, split into what the student sees pass. */
export interface RunEstimate {
  trainSeconds: number;
  /** Scoring the validation images after each epoch, all epochs together. */
  validationSeconds: number;
  /** Scoring test images: after each epoch but the last (all or a subset, as the engine does), then all. */
  testSeconds: number;
  warmupSeconds: number;
  totalSeconds: number;
}

/**
 * The training and validation counts of a run on the first `trainSize` images with `validationSplit`
 * held out: as the dataset view does it, each 5,000-image shard holds back its own rounded share.
 */
export function runPlanOf(trainSize: number, validationSplit: number, epochs: number): RunPlan {
  let validationCount = 0;
  for (let start = 0; start < trainSize; start += SHARD_SIZE) {
    validationCount += Math.round((Math.min(start + SHARD_SIZE, trainSize) - start) * validationSplit);
  }
  return { trainCount: trainSize - validationCount, validationCount, epochs, testCount: TEST_IMAGE_COUNT };
}

/** The run's expected length at `speed`; NaN parts when the speed is not a positive number. */
export function estimateRun(speed: SpeedMeasurement, plan: RunPlan): RunEstimate {
  const per = (count: number, rate: number) => (count === 0 ? 0 : rate > 0 ? count / rate : NaN);
  const trainSeconds = plan.epochs * per(plan.trainCount, speed.trainPerSecond);
  const validationSeconds = plan.epochs * per(plan.validationCount, speed.evalPerSecond);
  const epochTests = plan.epochs > 1 && plan.testCount > 0 ? (plan.epochs - 1) * epochTestCount(plan.trainCount, plan.testCount) : 0;
  const testSeconds = per(plan.testCount + epochTests, speed.evalPerSecond);
  const warmupSeconds = Math.max(0, speed.warmupSeconds);
  return { trainSeconds, validationSeconds, testSeconds, warmupSeconds, totalSeconds: warmupSeconds + trainSeconds + validationSeconds + testSeconds };
}

/** One batch as a run reports it: its size is the difference of examplesSeen. */
export interface TimedBatch {
  examplesSeen: number;
  /** Seconds since the run began, when the batch was done. */
  elapsedSeconds: number;
  epoch: number;
}

/** Batches left out at the start of a run: building the model and compiling kernels make them slow. */
export const WARMUP_BATCHES = 5;
/** Fewest steady batches (and seconds of them) from which a run's speed is trusted. */
const MIN_STEADY_BATCHES = 10;
const MIN_STEADY_SECONDS = 1;

/**
 * A run's own training speed, from its first epoch's batches after the warm-up: examples per
 * second of wall time (steps, read-backs, the page's turns, everything), which is what the student
 * waits through. Null until there are enough steady batches to trust. Later epochs are left out:
 * their spans include the validation pass.
 */
export function steadyTrainSpeed(batches: readonly TimedBatch[]): number | null {
  let last = -1;
  for (let i = 0; i < batches.length && batches[i].epoch === batches[0]?.epoch; i++) last = i;
  const first = WARMUP_BATCHES - 1;
  if (last - first < MIN_STEADY_BATCHES) return null;
  const examples = batches[last].examplesSeen - batches[first].examplesSeen;
  const seconds = batches[last].elapsedSeconds - batches[first].elapsedSeconds;
  return seconds >= MIN_STEADY_SECONDS && examples > 0 ? examples / seconds : null;
}

/**
 * An estimate rounded to what it can promise: to 5 s under a minute, 10 s under ten minutes, a
 * minute beyond (never 0: a run takes at least a few seconds).
 */
export function roundEstimate(seconds: number): number {
  if (!Number.isFinite(seconds)) return NaN;
  const step = seconds < 60 ? 5 : seconds < 600 ? 10 : 60;
  return Math.max(5, Math.round(seconds / step) * step);
}

/**
 * A completed run's own figures for its set-up: its steady training pace, its test scoring's pace
 * (when it was timed) and, as warm-up, whatever else the run took beyond training and scoring at
 * those paces (building the model, compiling kernels, the page's turns). The next estimate of the
 * same set-up then adds up to this run's real length, and scales with images and epochs.
 */
export function calibrateFromRun(
  trainPerSecond: number,
  known: Pick<SpeedMeasurement, 'evalPerSecond'>,
  plan: RunPlan,
  realSeconds: number,
  finalScoring: { count: number; seconds: number } | null,
): SpeedMeasurement {
  const evalPerSecond = finalScoring && finalScoring.seconds > 0 && finalScoring.count > 0 ? finalScoring.count / finalScoring.seconds : known.evalPerSecond;
  const paced = estimateRun({ trainPerSecond, evalPerSecond, warmupSeconds: 0, source: 'run' }, plan).totalSeconds;
  const warmupSeconds = Number.isFinite(paced) && Number.isFinite(realSeconds) ? Math.max(0, realSeconds - paced) : 0;
  return { trainPerSecond, evalPerSecond, warmupSeconds, source: 'run' };
}
