/**
 * What the page shows of a test evaluation besides its totals: the misclassified images (the
 * gallery) and a fixed set of watched digits whose predictions change from epoch to epoch. Plain
 * typed arrays, so they cross the worker boundary and a run record can store them as they are.
 */
import { NUM_CLASSES } from '../model/spec';

/** The per-image output an evaluation keeps, in the order the images were evaluated. */
export interface ImagePredictions {
  labels: ArrayLike<number>;
  predicted: ArrayLike<number>;
  /** Ten probabilities per image. */
  probabilities: ArrayLike<number>;
}

/** The misclassified images of an evaluation, in image order. */
export interface TestMistakes {
  /** Test image indices (0-9,999). */
  indices: Int32Array;
  labels: Uint8Array;
  predicted: Uint8Array;
  /** The probability of the (wrong) predicted class: how sure the model was of its mistake. */
  confidence: Float32Array;
  /** Ten probabilities per mistake: probabilities[k * 10 + c]. */
  probabilities: Float32Array;
}

/** The watched digits' current predictions. */
export interface WatchedPredictions {
  indices: Int32Array;
  labels: Uint8Array;
  predicted: Uint8Array;
  confidence: Float32Array;
}

/** The mistakes among `images`, the i-th of which is test image firstIndex + i. */
export function collectMistakes(images: ImagePredictions, firstIndex = 0): TestMistakes {
  const positions: number[] = [];
  for (let i = 0; i < images.labels.length; i++) if (images.labels[i] !== images.predicted[i]) positions.push(i);
  const n = positions.length;
  const mistakes: TestMistakes = {
    indices: new Int32Array(n), labels: new Uint8Array(n), predicted: new Uint8Array(n),
    confidence: new Float32Array(n), probabilities: new Float32Array(n * NUM_CLASSES),
  };
  positions.forEach((i, k) => {
    mistakes.indices[k] = firstIndex + i;
    mistakes.labels[k] = images.labels[i];
    mistakes.predicted[k] = images.predicted[i];
    mistakes.confidence[k] = images.probabilities[i * NUM_CLASSES + images.predicted[i]];
    for (let c = 0; c < NUM_CLASSES; c++) mistakes.probabilities[k * NUM_CLASSES + c] = images.probabilities[i * NUM_CLASSES + c];
  });
  return mistakes;
}

/** The first `perClass` images of each class among `labels`, ordered by class then index. */
export function pickWatched(labels: ArrayLike<number>, perClass: number): Int32Array {
  const picked: number[][] = Array.from({ length: NUM_CLASSES }, () => []);
  for (let i = 0; i < labels.length; i++) {
    const bucket = picked[labels[i]];
    if (bucket && bucket.length < perClass) bucket.push(i);
  }
  return Int32Array.from(picked.flat());
}

/** The predictions for the watched `indices` (each must be among the evaluated images). */
export function watchedPredictions(images: ImagePredictions, indices: Int32Array, firstIndex = 0): WatchedPredictions {
  const n = indices.length;
  const watched: WatchedPredictions = { indices: Int32Array.from(indices), labels: new Uint8Array(n), predicted: new Uint8Array(n), confidence: new Float32Array(n) };
  indices.forEach((index, k) => {
    const i = index - firstIndex;
    watched.labels[k] = images.labels[i];
    watched.predicted[k] = images.predicted[i];
    watched.confidence[k] = images.probabilities[i * NUM_CLASSES + images.predicted[i]];
  });
  return watched;
}

export type MistakeOrder = 'mostConfident' | 'leastConfident';

/** Positions into `mistakes` in the given order of confidence (ties by image index). */
export function sortMistakes(mistakes: Pick<TestMistakes, 'indices' | 'confidence'>, order: MistakeOrder): number[] {
  const sign = order === 'mostConfident' ? -1 : 1;
  return Array.from(mistakes.indices, (_, k) => k).sort(
    (a, b) => sign * (mistakes.confidence[a] - mistakes.confidence[b]) || mistakes.indices[a] - mistakes.indices[b],
  );
}

/** The fixed subset evaluated at each epoch's end when the whole test set would cost too much. */
export const EPOCH_TEST_SUBSET = 2000;
/** The most that evaluating at each epoch's end may add to an epoch's training time. */
export const MAX_EPOCH_SLOWDOWN = 0.1;
/**
 * What evaluating an image costs against training on it. Measured on WASM (2 threads), evaluation
 * in 500-image batches interleaved with training steps: 0.19 for LeNet-5x5, 0.16 for the small conv
 * net, 0.10 for the dense baseline (less than the third a forward pass alone would suggest: no
 * gradients, bigger batches). Rounded up. In the page, all 10,000 test images after a LeNet-5x5
 * epoch of 54,000 images took 8.7 s against the epoch's 308 s: 2.8%.
 */
const EVALUATION_COST_PER_TRAINING_IMAGE = 0.2;

/**
 * How many test images to evaluate at each epoch's end: all of them when that adds at most 10% to
 * an epoch of `trainCount` images, otherwise the first 2,000. The final figures, after training,
 * always use every test image.
 */
export function epochTestCount(trainCount: number, testCount: number): number {
  const slowdown = (testCount * EVALUATION_COST_PER_TRAINING_IMAGE) / Math.max(trainCount, 1);
  return slowdown <= MAX_EPOCH_SLOWDOWN ? testCount : Math.min(EPOCH_TEST_SUBSET, testCount);
}
