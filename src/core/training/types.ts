/** Training settings that the worker needs: plain data, validated before it is sent. */

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
  seed: number;
}
