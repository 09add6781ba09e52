/**
 * Fine-tuning on a student's own digits: their few labelled drawings, each shown several times in
 * fresh small warps, mixed with a replay of real MNIST training images so the model does not
 * forget the handwriting it learnt first. Serves the Trainer like any other TrainingData.
 */
import * as tf from '../tf';
import { augmentImages, type Augmentation } from '../data/augment';
import { MNIST_MEAN, MNIST_STD, type Batch, type TrainingData } from '../data/types';
import { NUM_CLASSES } from '../model/spec';
import { mixSeeds, mulberry32, shuffle } from '../random';

const PIXELS = 28 * 28;

/** Labelled 28x28 images as bytes (0 background, 255 full ink), `count` of them. */
export interface DigitImages {
  pixels: Uint8Array;
  labels: Uint8Array;
  count: number;
}

/** The small warps a drawing gets each epoch: a student never draws the same digit twice alike. */
export const FINE_TUNE_AUGMENTATION: Augmentation = { maxRotationDegrees: 10, maxShiftPixels: 2, maxScalePercent: 10 };

export interface FineTuneDataOptions {
  standardize: boolean;
  seed: number;
  /** How often each of the student's digits appears per epoch (each time in another warp). */
  sampleRepeats: number;
}

/** The student's digits (repeated and warped anew every epoch) plus the replayed MNIST images, shuffled per epoch. */
export class FineTuneData implements TrainingData {
  readonly validationCount = 0;
  readonly testCount = 0;

  constructor(
    private readonly samples: DigitImages,
    private readonly replay: DigitImages,
    private readonly options: FineTuneDataOptions,
  ) {}

  get trainCount(): number {
    return this.samples.count * this.options.sampleRepeats + this.replay.count;
  }

  async *trainBatches(epoch: number, batchSize: number): AsyncGenerator<Batch> {
    const images = this.epochImages(epoch);
    const order = shuffle(Int32Array.from({ length: images.count }, (_, i) => i), mulberry32(mixSeeds(this.options.seed, epoch, 7)));
    for (let start = 0; start < order.length; start += batchSize) {
      yield digitBatch(images, order.subarray(start, start + batchSize), this.options.standardize);
    }
  }

  // eslint-disable-next-line require-yield
  async *validationBatches(): AsyncGenerator<Batch> {
    return;
  }

  // eslint-disable-next-line require-yield
  async *testBatches(): AsyncGenerator<Batch> {
    return;
  }

  /** This epoch's images: every repeat of the samples in its own warp, then the replay as it is. */
  private epochImages(epoch: number): DigitImages {
    const { sampleRepeats, seed } = this.options;
    const count = this.trainCount;
    const pixels = new Uint8Array(count * PIXELS);
    const labels = new Uint8Array(count);
    for (let r = 0; r < sampleRepeats; r++) {
      const offset = r * this.samples.count;
      // The first repeat of the first epoch is the drawing as drawn; every other one is warped.
      const warped = epoch === 0 && r === 0 ? this.samples.pixels : augmentImages(this.samples.pixels, this.samples.count, FINE_TUNE_AUGMENTATION, mixSeeds(seed, epoch, r));
      pixels.set(warped.subarray(0, this.samples.count * PIXELS), offset * PIXELS);
      labels.set(this.samples.labels.subarray(0, this.samples.count), offset);
    }
    const replayOffset = sampleRepeats * this.samples.count;
    pixels.set(this.replay.pixels.subarray(0, this.replay.count * PIXELS), replayOffset * PIXELS);
    labels.set(this.replay.labels.subarray(0, this.replay.count), replayOffset);
    return { pixels, labels, count };
  }
}

/** Batches of `images` in order, for scoring them. */
export async function* digitBatches(images: DigitImages, batchSize: number, standardize: boolean): AsyncGenerator<Batch> {
  for (let start = 0; start < images.count; start += batchSize) {
    const end = Math.min(images.count, start + batchSize);
    yield digitBatch(images, Int32Array.from({ length: end - start }, (_, i) => start + i), standardize);
  }
}

/** One batch of the images at `indices`: two tensors, xs and one-hot ys, the caller's to dispose. */
export function digitBatch(images: DigitImages, indices: Int32Array, standardize: boolean): Batch {
  const n = indices.length;
  const xs = new Float32Array(n * PIXELS);
  const ys = new Float32Array(n * NUM_CLASSES);
  for (let k = 0; k < n; k++) {
    const source = indices[k] * PIXELS;
    for (let p = 0; p < PIXELS; p++) {
      const value = images.pixels[source + p] / 255;
      xs[k * PIXELS + p] = standardize ? (value - MNIST_MEAN) / MNIST_STD : value;
    }
    ys[k * NUM_CLASSES + images.labels[indices[k]]] = 1;
  }
  return tf.tidy(() => ({ xs: tf.tensor4d(xs, [n, 28, 28, 1]), ys: tf.tensor2d(ys, [n, NUM_CLASSES]) }));
}

/** Freezes (or thaws) every Conv2D layer; returns how many layers it changed. */
export function setConvTrainable(model: tf.LayersModel, isTrainable: boolean): number {
  let changed = 0;
  for (const layer of model.layers) {
    if (layer.getClassName() === 'Conv2D' && layer.trainable !== isTrainable) {
      layer.trainable = isTrainable;
      changed++;
    }
  }
  return changed;
}
