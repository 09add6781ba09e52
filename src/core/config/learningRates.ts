/**
 * Each optimizer's conventional learning rate: what the Keras and PyTorch docs and the classic
 * tutorials start from. Choosing an optimizer sets its rate unless the student chose one, because
 * one rate does not fit all: Adadelta at SGD's 0.01 barely moves, SGD at Adadelta's 1.0 blows up.
 */
import type { OptimizerName } from '../training/types';
import type { Settings } from './fields';

export const CONVENTIONAL_LEARNING_RATES: Readonly<Record<OptimizerName, number>> = {
  sgd: 0.01,
  momentum: 0.01,
  adam: 0.001,
  rmsprop: 0.001,
  adagrad: 0.01,
  adadelta: 1.0,
};

/** The learning rate to use once `optimizer` is chosen: its conventional one, or the student's own when they chose one. */
export function learningRateForOptimizer(optimizer: OptimizerName, current: number, isLearningRateChosen: boolean): number {
  return isLearningRateChosen ? current : CONVENTIONAL_LEARNING_RATES[optimizer];
}

/**
 * Whether settings read from a link carry a learning rate someone chose: one the link sets that is
 * neither the preset's nor the conventional rate of the link's optimizer (the page itself writes
 * the conventional rate into the link after an optimizer change, and that is no choice).
 */
export function isChosenLearningRate(linked: Partial<Settings>, preset: Settings): boolean {
  if (linked.learningRate === undefined || linked.learningRate === preset.learningRate) return false;
  const optimizer = linked.optimizer ?? preset.optimizer;
  return linked.learningRate !== CONVENTIONAL_LEARNING_RATES[optimizer];
}
