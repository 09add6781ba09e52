/**
 * Learning-rate schedules: how the learning rate moves during a run. The learning-rate field is the
 * schedule's peak (one-cycle), its start (cosine decay) or its starting value (reduce on plateau).
 * The formulas are PyTorch's and Keras's own, so an exported script trains on the same rates.
 */

/** The schedules the page offers, in the order its drop-down lists them. */
export type ScheduleName = 'constant' | 'oneCycle' | 'cosine' | 'plateau';
export const SCHEDULE_NAMES: readonly ScheduleName[] = ['constant', 'oneCycle', 'cosine', 'plateau'];

export type LearningRateSchedule =
  /** The same rate for every batch (the classic recipes). */
  | { kind: 'constant' }
  /**
   * One cycle (Smith 2018) as torch.optim.lr_scheduler.OneCycleLR computes it with its defaults: a
   * cosine warm-up from max/25 to max over the first `warmupFraction` of the batches, then a cosine
   * anneal down to max/25/10^4. Set per batch.
   */
  | { kind: 'oneCycle'; warmupFraction: number }
  /** Cosine decay from the rate to 0 over every batch of the run (keras CosineDecay, torch CosineAnnealingLR). Set per batch. */
  | { kind: 'cosine' }
  /**
   * Keras's ReduceLROnPlateau on the validation loss: after `patience` epochs in a row without a new
   * best (by more than 1e-4), the rate is multiplied by `factor`. Needs validation images.
   */
  | { kind: 'plateau'; factor: number; patience: number };

/** OneCycleLR's defaults: the cycle starts at max / 25 and ends at max / 25 / 10^4. */
export const ONE_CYCLE_DIV_FACTOR = 25;
export const ONE_CYCLE_FINAL_DIV_FACTOR = 1e4;
/** Keras ReduceLROnPlateau's min_delta: an epoch must beat the best loss by more than this. */
export const PLATEAU_MIN_DELTA = 1e-4;

/** Whether the schedule sets the rate before every batch (one-cycle, cosine) rather than between epochs. */
export function isPerBatch(schedule: LearningRateSchedule): boolean {
  return schedule.kind === 'oneCycle' || schedule.kind === 'cosine';
}

/** PyTorch's cosine interpolation from `start` (pct 0) to `end` (pct 1). */
function cosineBetween(start: number, end: number, pct: number): number {
  return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
}

/**
 * The learning rate for batch `step` (from 0) of a run of `totalSteps` batches, with `learningRate`
 * as the schedule's peak. Constant and plateau schedules return `learningRate` (the plateau's
 * reductions are PlateauWatch's). Steps past the end keep the last rate.
 */
export function scheduledLearningRate(schedule: LearningRateSchedule, learningRate: number, step: number, totalSteps: number): number {
  const last = Math.max(totalSteps - 1, 0);
  const k = Math.min(Math.max(step, 0), last);
  switch (schedule.kind) {
    case 'constant':
    case 'plateau':
      return learningRate;
    case 'cosine':
      // keras CosineDecay(lr, decay_steps=totalSteps): 0.5 * lr * (1 + cos(pi * step / decay_steps)).
      return totalSteps > 0 ? 0.5 * learningRate * (1 + Math.cos((Math.PI * k) / totalSteps)) : learningRate;
    case 'oneCycle': {
      const initial = learningRate / ONE_CYCLE_DIV_FACTOR;
      const final = initial / ONE_CYCLE_FINAL_DIV_FACTOR;
      // OneCycleLR's phases end at float(pct_start * total_steps) - 1 and total_steps - 1.
      const warmupEnd = schedule.warmupFraction * totalSteps - 1;
      if (totalSteps <= 1) return learningRate;
      if (k <= warmupEnd) return warmupEnd > 0 ? cosineBetween(initial, learningRate, k / warmupEnd) : learningRate;
      const span = last - warmupEnd;
      return span > 0 ? cosineBetween(learningRate, final, (k - warmupEnd) / span) : final;
    }
  }
}

/**
 * Keras's ReduceLROnPlateau (mode 'min', min_delta 1e-4, cooldown 0, min_lr 0): the first epoch sets
 * the best loss; each epoch that does not beat it by more than PLATEAU_MIN_DELTA counts, and after
 * `patience` of them in a row the rate is multiplied by `factor` and the count starts again.
 */
export class PlateauWatch {
  private best = Infinity;
  private wait = 0;

  constructor(
    private readonly factor: number,
    private readonly patience: number,
    public learningRate: number,
  ) {
    if (!(factor > 0 && factor < 1)) throw new RangeError(`plateau factor ${factor} must be between 0 and 1`);
    if (!(Number.isInteger(patience) && patience >= 1)) throw new RangeError(`plateau patience ${patience} is not a positive integer`);
  }

  /** Records an epoch's validation loss; returns the rate for the next epoch (lower when it was cut). A NaN loss never improves. */
  observe(validationLoss: number): number {
    if (validationLoss < this.best - PLATEAU_MIN_DELTA) {
      this.best = validationLoss;
      this.wait = 0;
      return this.learningRate;
    }
    this.wait++;
    if (this.wait >= this.patience) {
      this.learningRate *= this.factor;
      this.wait = 0;
    }
    return this.learningRate;
  }
}
