/** Early stopping on the validation loss: when to stop, and what to tell the student (as a code the page words). */

/**
 * Early stopping as Keras does it: an epoch improves when its validation loss is below the best so
 * far; after `patience` epochs in a row without improvement, it is time to stop.
 */
export class EarlyStoppingWatch {
  bestLoss = Infinity;
  /** The best epoch so far, from 0; -1 before the first. */
  bestEpoch = -1;
  private epochsWithoutImprovement = 0;

  constructor(readonly patience: number) {
    if (!(Number.isInteger(patience) && patience >= 1)) throw new RangeError(`patience ${patience} is not a positive integer`);
  }

  /** Records one epoch's validation loss. A NaN loss never improves. */
  observe(epoch: number, validationLoss: number): 'improved' | 'waiting' | 'stop' {
    if (validationLoss < this.bestLoss) {
      this.bestLoss = validationLoss;
      this.bestEpoch = epoch;
      this.epochsWithoutImprovement = 0;
      return 'improved';
    }
    this.epochsWithoutImprovement++;
    return this.epochsWithoutImprovement >= this.patience ? 'stop' : 'waiting';
  }
}

/** Why a run stopped early; epochs are counted from 1, as the page shows them. */
export interface EarlyStopNote {
  code: 'earlyStopped';
  /** The last epoch that ran. */
  epoch: number;
  patience: number;
  bestEpoch: number;
  bestLoss: number;
  /** The best epoch's weights were put back. */
  isRestored: boolean;
}

/** The note for a run that stopped early after `epoch` (from 0), its best epoch given from 0 too. */
export function earlyStopNote(epoch: number, patience: number, best: { epoch: number; validationLoss: number; isRestored: boolean }): EarlyStopNote {
  return { code: 'earlyStopped', epoch: epoch + 1, patience, bestEpoch: best.epoch + 1, bestLoss: best.validationLoss, isRestored: best.isRestored };
}
