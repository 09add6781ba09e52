/** Early stopping on the validation loss: when to stop, and what to tell the student. */

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

/** The sentence a student reads when training stopped early; epochs are counted from 1 there. */
export function earlyStopMessage(epoch: number, patience: number, best: { epoch: number; validationLoss: number; isRestored: boolean }): string {
  const epochs = patience === 1 ? '1 epoch' : `${patience} epochs`;
  const restored = best.isRestored ? ` The weights from epoch ${best.epoch + 1} were restored.` : '';
  return `Stopped early after epoch ${epoch + 1}: validation loss had not improved for ${epochs} ` +
    `(best ${best.validationLoss.toFixed(4)} at epoch ${best.epoch + 1}).${restored}`;
}
