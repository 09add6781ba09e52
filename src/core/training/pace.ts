/**
 * How fast a run goes once it has warmed up, and how long it has left: plain arithmetic on the
 * batch timings the trainer measures, so the page never quotes a speed or a time left that the
 * first, slow batch (building the graph, compiling GPU shaders) has distorted.
 */

/**
 * Splits a run's batches into warm-up and steady ones. The first batch of each batch size is
 * warm-up: on WebGL and WebGPU a new shape compiles new shader programs (the run's first batch,
 * and an epoch's smaller last batch the first time it comes), which can take seconds where a
 * steady batch takes milliseconds. Every other batch counts towards the steady speed.
 */
export class PaceMeter {
  private readonly sizesSeen = new Set<number>();
  /** Seconds from the start of the run until the first batch was done: the warm-up the student waits through. */
  firstBatchSeconds: number | null = null;
  steadyBatches = 0;
  steadyExamples = 0;
  steadySeconds = 0;

  /**
   * Takes one batch of `size` examples that took `seconds` (its step, read-back and turn of the
   * event loop; not the time spent paused or waiting for data). `sinceRunStart` is the first
   * batch's wall time from the start of the run.
   */
  observe(size: number, seconds: number, sinceRunStart: number): void {
    if (this.firstBatchSeconds === null) this.firstBatchSeconds = sinceRunStart;
    if (!this.sizesSeen.has(size)) {
      this.sizesSeen.add(size);
      return;
    }
    this.steadyBatches++;
    this.steadyExamples += size;
    this.steadySeconds += seconds;
  }

  /** Training examples per second over the steady batches; 0 until there is one. */
  get examplesPerSecond(): number {
    return this.steadySeconds > 0 ? this.steadyExamples / this.steadySeconds : 0;
  }
}

/** The loss's moving average keeps this much of its past at each batch: BatchMetrics.smoothedLoss, the chart's smoothed line. */
export const LOSS_SMOOTHING = 0.9;

/** Fewest steady batches, and seconds of them, before a speed or a time left is shown. */
export const MIN_SETTLED_BATCHES = 3;
export const MIN_SETTLED_SECONDS = 0.5;

/** What a batch reports about the pace (the trainer's BatchMetrics carry these). */
export interface PaceFigures {
  examplesSeen: number;
  /** Steady training examples per second (0 while only warm-up batches have run). */
  examplesPerSecond: number;
  steadyBatches: number;
  steadySeconds: number;
}

/** True once enough steady batches have run for their speed to mean something. */
export function isPaceSettled(pace: PaceFigures): boolean {
  return pace.steadyBatches >= MIN_SETTLED_BATCHES && pace.steadySeconds >= MIN_SETTLED_SECONDS && pace.examplesPerSecond > 0;
}

/**
 * How much faster images are scored (validation, test) than trained, until a validation pass has
 * measured it: a forward pass alone, in batches of 500, with no read-back per small batch. Measured
 * with small-conv at batch 32: 14x on WebAssembly (535 trained, 7,700 scored per second) and 12x on
 * SwiftShader WebGL (13 and 154); 10 leans towards the slower end.
 */
export const EVAL_SPEEDUP = 10;

/** The size of a run, as its 'trainingStarted' event gives it. */
export interface RunSize {
  trainCount: number;
  validationCount: number;
  epochs: number;
  /** Images the finished run is scored on (0 when it is not). */
  testCount: number;
}

/**
 * Seconds the run has left: its remaining training examples at the steady speed, the validation
 * passes still to come (one per epoch not yet ended) and the test images scored at the end, both
 * at `evalPerSecond` (measured on the last validation pass) or, before one has run, EVAL_SPEEDUP
 * times the training speed. NaN until the pace has settled.
 */
export function timeLeftSeconds(run: RunSize, pace: PaceFigures, epochsEnded: number, evalPerSecond?: number): number {
  if (!isPaceSettled(pace)) return NaN;
  const rate = pace.examplesPerSecond;
  const scoring = evalPerSecond !== undefined && evalPerSecond > 0 ? evalPerSecond : rate * EVAL_SPEEDUP;
  const trainingLeft = Math.max(0, run.trainCount * run.epochs - pace.examplesSeen);
  const validationLeft = Math.max(0, run.epochs - epochsEnded) * run.validationCount;
  return trainingLeft / rate + (validationLeft + run.testCount) / scoring;
}

/** Images per second the last validation pass scored, or undefined when none has (or it was too short to time). */
export function measuredEvalSpeed(epoch: { validationSeconds?: number } | undefined, validationCount: number): number | undefined {
  const seconds = epoch?.validationSeconds ?? 0;
  return validationCount >= 100 && seconds > 0 ? validationCount / seconds : undefined;
}

/**
 * The loss and accuracy of an epoch so far, weighted by batch size: what the card shows instead
 * of the last batch's figures (an epoch's last batch can hold a handful of images).
 */
export class EpochRunningMean {
  private examples = 0;
  private lossSum = 0;
  private accuracySum = 0;

  add(size: number, loss: number, accuracy: number): void {
    this.examples += size;
    this.lossSum += loss * size;
    this.accuracySum += accuracy * size;
  }

  get count(): number {
    return this.examples;
  }

  /** NaN before the first batch. */
  get loss(): number {
    return this.examples > 0 ? this.lossSum / this.examples : NaN;
  }

  get accuracy(): number {
    return this.examples > 0 ? this.accuracySum / this.examples : NaN;
  }
}
