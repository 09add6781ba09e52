import type * as tf from '../tf';
import type { Augmentation } from './augment';

/** One mini-batch: images [n, 28, 28, 1] float32 and one-hot labels [n, 10]. The caller disposes both. */
export interface Batch {
  xs: tf.Tensor4D;
  ys: tf.Tensor2D;
}

/** How one training run sees the data: which subset, how it is split, how pixels are scaled. */
export interface DatasetOptions {
  /** Training images to use, taken from the start of the 60,000 (validation is carved out of these). */
  trainSize: number;
  /** Fraction of the subset held out for validation, in [0, 0.5]. */
  validationSplit: number;
  /** Standardise with MNIST's mean 0.1307 / std 0.3081 instead of plain [0, 1] scaling. */
  standardize: boolean;
  /** Seeds the per-epoch shuffle and augmentation, so a run can be repeated exactly. */
  seed: number;
  /** Random warps applied to training batches only; absent or null leaves the images as they are. */
  augmentation?: Augmentation | null;
}

/**
 * The data one training run consumes. Generators wait for shards that are still streaming,
 * so training can begin as soon as the first training shard is in.
 */
export interface TrainingData {
  /** Training examples one epoch covers (the subset minus its validation part). */
  readonly trainCount: number;
  readonly validationCount: number;
  readonly testCount: number;
  /** One epoch in a shuffled order fixed by (seed, epoch), augmented if asked; the last batch may be smaller. */
  trainBatches(epoch: number, batchSize: number): AsyncGenerator<Batch>;
  /** The held-out validation images, in order. */
  validationBatches(batchSize: number): AsyncGenerator<Batch>;
  /** The official 10,000 test images, in order (only the first `count` of them if given); never mixed with training data. */
  testBatches(batchSize: number, count?: number): AsyncGenerator<Batch>;
}

export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;
