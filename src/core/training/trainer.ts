import * as tf from '../tf';
import type { Batch, TrainingData } from '../data/types';
import { classifierScores, reseedDropout } from '../model/build';
import { setOptimizerLearningRate } from '../model/optimizers';
import { earlyStopNote, EarlyStoppingWatch, type EarlyStopNote } from './earlyStopping';
import { evaluate, type Evaluation } from './evaluate';
import { accuracy, crossEntropy } from './loss';
import { EpochRunningMean, LOSS_SMOOTHING, PaceMeter } from './pace';
import { isPerBatch, PlateauWatch, scheduledLearningRate, type LearningRateSchedule } from './schedule';

export { LOSS_SMOOTHING };
import { yieldToEventLoop } from './yield';
import { MetricsReadback, type ReadBatch } from './readback';

/** What one mini-batch did, as plain numbers. */
export interface BatchMetrics {
  epoch: number;
  /** Batch index within the epoch, from 0. */
  batch: number;
  batchesPerEpoch: number;
  /** This batch's loss and accuracy (an epoch's last batch may hold only a few images). */
  loss: number;
  accuracy: number;
  /** The loss's moving average over the run (the chart's smoothed line; divergence is judged on it). */
  smoothedLoss: number;
  /** The epoch so far, weighted by batch size: what the page shows as the run's figures. */
  epochLoss: number;
  epochAccuracy: number;
  /** Examples seen since training started. */
  examplesSeen: number;
  /** Steady training throughput, leaving out warm-up batches (pace.ts); 0 until there is a steady batch. */
  examplesPerSecond: number;
  /** Steady batches so far and the seconds they took: the page shows speed and time left once they mean something. */
  steadyBatches: number;
  steadySeconds: number;
  /** Seconds from the start of the run until its first batch was done: the warm-up (shader compilation and the like). */
  firstBatchSeconds: number;
  /** Seconds since run() began, when this batch's metrics were read back. */
  elapsedSeconds: number;
}

/** What one epoch did, measured on the held-out validation images. */
export interface EpochMetrics {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  validationLoss: number | null;
  validationAccuracy: number | null;
  seconds: number;
  /** tf.memory().numTensors after the epoch: it must not grow from one epoch to the next. */
  numTensors: number;
  /** Seconds the validation pass took (0 without validation images): the page's time left scores images at this speed. */
  validationSeconds?: number;
}

export type StopReason = 'completed' | 'stopped' | 'diverged' | 'earlyStopped';

/**
 * Why a run diverged, as a code with its figures (epochs and batches counted from 1, as the page
 * shows them): the loss became NaN or infinite, or climbed far above where it started. The
 * suggestion is a tenth of the learning rate, rounded to two significant digits.
 * An explosion quotes the figures the page shows at that batch: `from` and `to` are the smoothed
 * loss (the chart's smoothed line) at the first batch and now, `peak` the highest batch loss (the
 * top of the chart's batch line), `epochLoss` the epoch's loss so far and `last` the last batch's
 * (both on the training card).
 */
export type DivergenceNote =
  | { code: 'lossNotFinite'; loss: 'nan' | 'infinite'; epoch: number; batch: number; learningRate: number; suggestedLearningRate: number }
  | {
      code: 'lossExploded'; from: number; to: number; peak?: number; epochLoss?: number; last?: number;
      epoch: number; batch: number; learningRate: number; suggestedLearningRate: number;
    };

/** What the page tells the student about how a run ended, worded by the page. */
export type TrainingNote = DivergenceNote | EarlyStopNote;

export interface TrainingOutcome {
  reason: StopReason;
  /** Why, when reason is 'diverged' or 'earlyStopped'. */
  note?: TrainingNote;
  epochsCompleted: number;
  /** When reason is 'earlyStopped': the best epoch (from 0) and its validation loss. */
  best?: { epoch: number; validationLoss: number; isRestored: boolean };
}

export interface TrainerHooks {
  batchEnded?(metrics: BatchMetrics): void;
  epochEnded?(metrics: EpochMetrics): void;
  /** The loop has finished its batch in flight and now waits for resume() (or stop()). */
  paused?(): void;
  /**
   * Work between epochs that must see the epoch's weights (the test-set evaluation): awaited after
   * epochEnded, before the next epoch starts. A stop() requested meanwhile ends the run after it.
   */
  afterEpoch?(epoch: number): Promise<void>;
}

/**
 * A blown-up network does not always reach NaN or infinity: its loss can sit at large finite values
 * (near 16, the clip ceiling, when the loss is computed from clipped probabilities). So besides
 * non-finite values, a loss whose recent average has climbed to twice its first value (and at least
 * 3 above it) counts as exploded.
 */
const EXPLOSION_WARMUP_BATCHES = 20;
const EXPLOSION_FACTOR = 2;
const EXPLOSION_MARGIN = 3;

export interface TrainerOptions {
  epochs: number;
  batchSize: number;
  /** Included in the divergence note, so the student sees which value to lower. */
  learningRate: number;
  /**
   * The run's seed: with it, every Dropout layer is reseeded before each step (reseedDropout), so a
   * repeated run drops the same units. Without it dropout draws from Math.random.
   */
  seed?: number;
  /**
   * performance.now() when the run was asked for, before its model was built: the warm-up the page
   * shows (firstBatchSeconds) counts from it. Without it, from the start of run().
   */
  warmupStartedAt?: number;
  /** Hand the event loop a turn after every batch (pause/stop messages, streaming shards, UI). */
  yieldEveryBatch?: boolean;
  /**
   * Stop once the validation loss has not improved for `patience` epochs in a row (needs validation
   * images; ignored without). The best epoch's weights are put back unless restoreBestWeights is false.
   */
  earlyStopping?: { patience: number; restoreBestWeights?: boolean };
  /**
   * How the learning rate moves (schedule.ts), with `learningRate` as its peak or start: one-cycle
   * and cosine set it before every batch, reduce-on-plateau between epochs (needs validation
   * images; ignored without). Null or absent leaves the optimizer's rate alone.
   */
  schedule?: LearningRateSchedule | null;
  /**
   * Batches that may train before an earlier batch's loss and accuracy are read back (readback.ts,
   * metricsLagFor): 0 reads each batch's figures before the next batch is sent. With a lag, a
   * divergence is seen at most `metricsLag` batches after the batch that shows it; pause, stop and
   * the end of an epoch first read every figure in flight, so no batch goes unreported.
   */
  metricsLag?: number;
}

/**
 * One optimisation step on one batch. Returns loss and accuracy as scalars the caller disposes;
 * every other tensor the step creates is released before it returns.
 */
export function trainStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  batch: Batch,
): { loss: tf.Scalar; accuracy: tf.Scalar } {
  let acc: tf.Scalar | undefined;
  const loss = tf.tidy(() =>
    optimizer.minimize(() => {
      const { scores, isLogits } = classifierScores(model, batch.xs, true);
      acc = tf.keep(accuracy(batch.ys, scores));
      const dataLoss = crossEntropy(batch.ys, scores, isLogits);
      // Weight penalties (L1/L2 regularisers) live on the layers; fit() adds them, so must we.
      const penalties = model.calculateLosses();
      return penalties.length > 0 ? (tf.addN([dataLoss, ...penalties]) as tf.Scalar) : dataLoss;
    }, true)!,
  );
  return { loss, accuracy: acc! };
}

/**
 * The training loop: epochs of shuffled mini-batches, validation after each epoch,
 * pause/resume/stop between batches, and a guard that stops on a non-finite loss.
 */
export class Trainer {
  private isStopRequested = false;
  private pausedGate: { promise: Promise<void>; release: () => void } | null = null;
  /** Copies of the weights after the best epoch so far, while early stopping may need them. */
  private bestWeights: tf.Tensor[] | null = null;
  /** The batches' figures in flight (readback.ts), while run() runs. */
  private readback: MetricsReadback | null = null;

  constructor(
    private readonly model: tf.LayersModel,
    private readonly optimizer: tf.Optimizer,
    private readonly data: TrainingData,
    private readonly options: TrainerOptions,
    private readonly hooks: TrainerHooks = {},
  ) {}

  get isPaused(): boolean {
    return this.pausedGate !== null;
  }

  /** Takes effect after the batch in flight. */
  pause(): void {
    if (this.pausedGate) return;
    let release = () => {};
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.pausedGate = { promise, release };
  }

  resume(): void {
    const gate = this.pausedGate;
    this.pausedGate = null;
    gate?.release();
  }

  /** Ends training after the batch in flight; a paused trainer stops at once. */
  stop(): void {
    this.isStopRequested = true;
    this.resume();
  }

  /** Runs all epochs, or until stopped, diverged or stopped early. */
  async run(): Promise<TrainingOutcome> {
    try {
      return await this.runEpochs();
    } finally {
      tf.dispose(this.bestWeights ?? []);
      this.bestWeights = null;
      // Figures still in flight when the run ended early (a divergence, an error) are never read.
      this.readback?.dispose();
      this.readback = null;
    }
  }

  private async runEpochs(): Promise<TrainingOutcome> {
    const { epochs, batchSize, earlyStopping } = this.options;
    const watch = earlyStopping && this.data.validationCount > 0 ? new EarlyStoppingWatch(earlyStopping.patience) : null;
    const restoresBest = earlyStopping?.restoreBestWeights !== false;
    const batchesPerEpoch = Math.ceil(this.data.trainCount / batchSize);
    let examplesSeen = 0;
    let step = 0;
    const runStart = performance.now();
    const explosion = new ExplosionWatch();
    const pace = new PaceMeter();
    const schedule = this.options.schedule ?? null;
    const totalSteps = epochs * batchesPerEpoch;
    const plateau = schedule?.kind === 'plateau' && this.data.validationCount > 0
      ? new PlateauWatch(schedule.factor, schedule.patience, this.options.learningRate)
      : null;

    const readback = new MetricsReadback(this.options.metricsLag ?? 0);
    this.readback = readback;
    let lastDone = runStart;
    let running = new EpochRunningMean();
    let epoch = 0;
    /**
     * Takes figures as they come back, in batch order: the divergence checks, the running means, the
     * pace and the batchEnded hook. Returns the outcome when a batch shows the run diverged (the
     * figures of batches trained after it are dropped: they come from a diverged net).
     */
    const settle = (reads: ReadBatch[]): TrainingOutcome | null => {
      for (const read of reads) {
        const { loss: lossValue, accuracy: accuracyValue, size, batchIndex } = read;
        if (!Number.isFinite(lossValue)) {
          return { reason: 'diverged', note: divergenceNote(lossValue, epoch, batchIndex, this.options.learningRate), epochsCompleted: epoch };
        }
        const exploded = explosion.observe(lossValue);
        examplesSeen += size;
        running.add(size, lossValue, accuracyValue);
        // Figures read together arrive at once: each batch counts from when it was queued or the previous one came back, whichever is later.
        pace.observe(size, (read.done - Math.max(read.started, lastDone)) / 1000, (read.done - (this.options.warmupStartedAt ?? runStart)) / 1000);
        lastDone = read.done;
        // The batch that shows the explosion is reported too, so the card and the chart end on the figures the note quotes.
        this.hooks.batchEnded?.({
          epoch, batch: batchIndex, batchesPerEpoch, loss: lossValue, accuracy: accuracyValue, smoothedLoss: explosion.smoothed,
          epochLoss: running.loss, epochAccuracy: running.accuracy, examplesSeen,
          examplesPerSecond: pace.examplesPerSecond, steadyBatches: pace.steadyBatches, steadySeconds: pace.steadySeconds,
          firstBatchSeconds: pace.firstBatchSeconds ?? 0, elapsedSeconds: (read.done - runStart) / 1000,
        });
        if (exploded) {
          const figures = { ...exploded, epochLoss: running.loss, last: lossValue };
          return { reason: 'diverged', note: explosionNote(figures, epoch, batchIndex, this.options.learningRate), epochsCompleted: epoch };
        }
      }
      return null;
    };

    for (; epoch < epochs; epoch++) {
      const epochStart = performance.now();
      running = new EpochRunningMean();
      let batchIndex = 0;
      const batches = this.data.trainBatches(epoch, batchSize);
      try {
        for await (const batch of batches) {
          // A Stop that came while the model was built (or the last batch ran) ends the run before this batch compiles or trains.
          if (this.isStopRequested) {
            batch.xs.dispose();
            batch.ys.dispose();
            return settle(await readback.drain()) ?? { reason: 'stopped', epochsCompleted: epoch };
          }
          const size = batch.xs.shape[0];
          const started = performance.now();
          try {
            if (this.options.seed !== undefined) reseedDropout(this.model, this.options.seed, step);
            if (schedule && isPerBatch(schedule)) {
              setOptimizerLearningRate(this.optimizer, scheduledLearningRate(schedule, this.options.learningRate, step, totalSteps));
            }
            step++;
            const result = trainStep(this.model, this.optimizer, batch);
            readback.push({ batchIndex, size, started }, result.loss, result.accuracy);
          } finally {
            batch.xs.dispose();
            batch.ys.dispose();
          }
          batchIndex++;
          // The run's first batch is read at once, so the page shows its figures and the warm-up as soon as it is done.
          const diverged = settle(await (step === 1 ? readback.drain() : readback.due()));
          if (diverged) return diverged;
          if (this.options.yieldEveryBatch !== false) await yieldToEventLoop();
          if (this.pausedGate) {
            // The figures in flight first, so the paused page shows every batch trained.
            const divergedBeforePause = settle(await readback.drain());
            if (divergedBeforePause) return divergedBeforePause;
            this.hooks.paused?.();
            await this.pausedGate.promise;
          }
          if (this.isStopRequested) return settle(await readback.drain()) ?? { reason: 'stopped', epochsCompleted: epoch };
        }
        const divergedAtEnd = settle(await readback.drain());
        if (divergedAtEnd) return divergedAtEnd;
      } finally {
        // Leaving the loop early must still let the generator release what it holds.
        await batches.return(undefined);
      }

      let validation: Evaluation | null = null;
      let validationSeconds = 0;
      if (this.data.validationCount > 0) {
        const validationStart = performance.now();
        validation = await evaluate(this.model, this.data.validationBatches(Math.max(batchSize, 256)));
        validationSeconds = (performance.now() - validationStart) / 1000;
      }
      if (validation && !Number.isFinite(validation.loss)) {
        return { reason: 'diverged', note: divergenceNote(validation.loss, epoch, batchIndex, this.options.learningRate), epochsCompleted: epoch };
      }
      // Judged before the hook, so the epoch's tensor count already includes the kept weights.
      const verdict = watch && validation ? watch.observe(epoch, validation.loss) : null;
      if (plateau && validation) setOptimizerLearningRate(this.optimizer, plateau.observe(validation.loss));
      if (verdict === 'improved' && restoresBest) this.keepBestWeights();
      this.hooks.epochEnded?.({
        epoch,
        trainLoss: running.loss,
        trainAccuracy: running.accuracy,
        validationLoss: validation?.loss ?? null,
        validationAccuracy: validation?.accuracy ?? null,
        seconds: (performance.now() - epochStart) / 1000,
        validationSeconds,
        numTensors: tf.memory().numTensors,
      });
      if (this.hooks.afterEpoch) {
        await this.hooks.afterEpoch(epoch);
        if (this.isStopRequested) return { reason: 'stopped', epochsCompleted: epoch + 1 };
      }
      if (watch && verdict === 'stop') {
        const isRestored = this.bestWeights !== null;
        if (this.bestWeights) this.model.setWeights(this.bestWeights);
        const best = { epoch: watch.bestEpoch, validationLoss: watch.bestLoss, isRestored };
        return { reason: 'earlyStopped', note: earlyStopNote(epoch, watch.patience, best), epochsCompleted: epoch + 1, best };
      }
    }
    return { reason: 'completed', epochsCompleted: epochs };
  }

  /** Replaces the saved copy of the weights with the current ones (one model's worth of memory). */
  private keepBestWeights(): void {
    tf.dispose(this.bestWeights ?? []);
    this.bestWeights = this.model.getWeights().map((weight) => weight.clone());
  }
}

/**
 * Follows the batch losses and reports when their recent average has exploded relative to the
 * first batch (an untrained net starts near ln 10 = 2.3; a blown-up one can jump at the second batch).
 */
export class ExplosionWatch {
  private count = 0;
  private first = NaN;
  private recent = 0;
  private highest = -Infinity;

  /** The moving average after the last batch observed (the chart's smoothed line). */
  get smoothed(): number {
    return this.recent;
  }

  /** Returns the starting and recent loss, and the highest batch loss, once the loss has exploded; otherwise null. */
  observe(loss: number): { from: number; to: number; peak: number } | null {
    this.count++;
    if (this.count === 1) this.first = loss;
    this.recent = this.count === 1 ? loss : LOSS_SMOOTHING * this.recent + (1 - LOSS_SMOOTHING) * loss;
    this.highest = Math.max(this.highest, loss);
    if (this.count < EXPLOSION_WARMUP_BATCHES) return null;
    const isExploded = this.recent > EXPLOSION_FACTOR * this.first && this.recent > this.first + EXPLOSION_MARGIN;
    return isExploded ? { from: this.first, to: this.recent, peak: this.highest } : null;
  }
}

/** A tenth of the learning rate, to two significant digits: what the student should try next. */
function suggestLearningRate(learningRate: number): number {
  return Number((learningRate / 10).toPrecision(2));
}

/** The note for a loss that turned NaN or infinite in `epoch`, `batch` (both from 0). */
export function divergenceNote(loss: number, epoch: number, batch: number, learningRate: number): DivergenceNote {
  return {
    code: 'lossNotFinite', loss: Number.isNaN(loss) ? 'nan' : 'infinite', epoch: epoch + 1, batch: batch + 1,
    learningRate, suggestedLearningRate: suggestLearningRate(learningRate),
  };
}

/** The note for a loss that climbed far above where it started. */
export function explosionNote(
  loss: { from: number; to: number; peak?: number; epochLoss?: number; last?: number }, epoch: number, batch: number, learningRate: number,
): DivergenceNote {
  return {
    code: 'lossExploded', from: loss.from, to: loss.to, peak: loss.peak, epochLoss: loss.epochLoss, last: loss.last, epoch: epoch + 1, batch: batch + 1,
    learningRate, suggestedLearningRate: suggestLearningRate(learningRate),
  };
}
