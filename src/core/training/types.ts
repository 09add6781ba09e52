/** Training settings that the worker needs: plain data, validated before it is sent. */
import type { Augmentation } from '../data/augment';
import type { LearningRateSchedule } from './schedule';

export type OptimizerName = 'sgd' | 'momentum' | 'adam' | 'rmsprop' | 'adagrad' | 'adadelta';

export interface OptimizerSpec {
  name: OptimizerName;
  learningRate: number;
  /** Used by 'momentum' only. */
  momentum: number;
}

export interface TrainingSpec {
  optimizer: OptimizerSpec;
  batchSize: number;
  epochs: number;
  /** How many of the 60,000 training images to use (validation is carved out of these). */
  trainSize: number;
  /** Fraction of the training subset held out for validation, 0 to 0.5. */
  validationSplit: number;
  /** Standardise inputs with MNIST's mean 0.1307 and std 0.3081 instead of plain [0, 1]. */
  standardize: boolean;
  /** Seeds the initial weights, the shuffle and the augmentation. */
  seed: number;
  // The knobs below are optional so that callers which predate them (bench, tests) keep their meaning.
  /** Keras-style weight penalties on every Conv2D and Dense kernel, added to the training loss; 0 or absent is off. */
  l1?: number;
  l2?: number;
  /** Stop when the validation loss has not improved for `patience` epochs; null or absent trains every epoch. */
  earlyStopping?: { patience: number } | null;
  /** Random warps of the training images (never validation or test); null or absent leaves them as they are. */
  augmentation?: Augmentation | null;
  /** How the learning rate moves during the run (schedule.ts); null or absent keeps it constant. */
  schedule?: LearningRateSchedule | null;
}

/**
 * The hyper-parameters createOptimizer gives each optimizer beyond the learning rate: Keras's
 * defaults, with tfjs's float32 epsilon. The exported Keras and PyTorch scripts use the same.
 */
export const OPTIMIZER_DEFAULTS = {
  epsilon: 1e-7,
  adam: { beta1: 0.9, beta2: 0.999 },
  rmsprop: { rho: 0.9, momentum: 0, centered: false },
  adagrad: { initialAccumulatorValue: 0.1 },
  adadelta: { rho: 0.95 },
} as const;
