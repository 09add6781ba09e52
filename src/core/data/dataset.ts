/**
 * MnistDataset holds the decoded shards as they stream in and hands out TrainingData views:
 * a train/validation split of a subset of the 60,000, and the separate 10,000 test images.
 */

import * as tf from '../tf';
import { mixSeeds, mulberry32, randomInt, type Random } from '../random';
import { isIdentityAugmentation, randomWarp, warpImage, warpStream, type Augmentation } from './augment';
import type { DeviceImages } from './deviceImages';
import type { MnistManifest, SplitName } from './manifest';
import { IMAGE_SIZE, NUM_CLASSES, PIXELS_PER_IMAGE } from './sprites';
import { MNIST_MEAN, MNIST_STD, type Batch, type DatasetOptions, type TrainingData } from './types';

/** Images [start, start + count) of a split live in one shard. */
export interface ShardLayout {
  start: number;
  count: number;
}

export interface SplitLayout {
  count: number;
  /** In order, covering [0, count) without gaps. */
  shards: ShardLayout[];
}

export type DatasetLayout = Record<SplitName, SplitLayout>;

/** TrainingData plus the image indices behind the batches, for inspection and tests. */
export interface MnistView extends TrainingData {
  /** The train indices of each batch of trainBatches(epoch, batchSize), in the same order. */
  trainIndexBatches(epoch: number, batchSize: number): AsyncGenerator<Int32Array>;
  /** Validation image indices (into the 60,000), in order. */
  readonly validationIndices: Int32Array;
}

/** Sample images for a preview: `pixels` holds indices.length * 784 bytes, `labels` one byte each. */
export interface SampleImages {
  pixels: Uint8Array;
  labels: Uint8Array;
}

/** The split layout a manifest describes. */
export function layoutFromManifest(manifest: MnistManifest): DatasetLayout {
  const split = (name: SplitName): SplitLayout => ({
    count: manifest.splits[name].count,
    shards: manifest.splits[name].shards.map(({ start, count }) => ({ start, count })),
  });
  return { train: split('train'), test: split('test') };
}

interface SplitStore {
  layout: SplitLayout;
  pixels: (Uint8Array | undefined)[];
  labels: Uint8Array | undefined;
}

/** A run of consecutive image indices inside one shard. */
interface IndexRange {
  shard: number;
  start: number;
  end: number;
}

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

export class MnistDataset {
  private readonly splits: Record<SplitName, SplitStore>;
  private waiters: Waiter[] = [];
  private failure: Error | null = null;

  constructor(layout: DatasetLayout) {
    const store = (split: SplitLayout): SplitStore => ({
      layout: split,
      pixels: split.shards.map(() => undefined),
      labels: undefined,
    });
    this.splits = { train: store(layout.train), test: store(layout.test) };
  }

  static fromManifest(manifest: MnistManifest): MnistDataset {
    return new MnistDataset(layoutFromManifest(manifest));
  }

  /** Images in a split, loaded or not. */
  count(split: SplitName): number {
    return this.splits[split].layout.count;
  }

  /** The shard layout of a split. */
  shards(split: SplitName): readonly ShardLayout[] {
    return this.splits[split].layout.shards;
  }

  /** Whether a shard's pixels and its split's labels are both in. */
  hasShard(split: SplitName, shard: number): boolean {
    const store = this.splits[split];
    return store.labels !== undefined && store.pixels[shard] !== undefined;
  }

  /** Images of a split that can be used now. */
  loadedCount(split: SplitName): number {
    return this.shards(split).reduce((sum, shard, i) => sum + (this.hasShard(split, i) ? shard.count : 0), 0);
  }

  /** Whether every shard of both splits is in. */
  get isComplete(): boolean {
    return this.loadedCount('train') === this.count('train') && this.loadedCount('test') === this.count('test');
  }

  /** Stores a split's labels (one byte, 0-9, per image) and wakes anything waiting for data. */
  setLabels(split: SplitName, labels: Uint8Array): void {
    if (labels.length !== this.count(split)) throw new Error(`${split} labels: ${labels.length} for ${this.count(split)} images`);
    this.splits[split].labels = labels;
    this.notify();
  }

  /** Stores the decoded pixels of the shard starting at image `start` and wakes anything waiting for it. */
  addShard(split: SplitName, start: number, pixels: Uint8Array): void {
    const shard = this.shards(split).findIndex((s) => s.start === start);
    if (shard < 0) throw new Error(`${split} has no shard starting at image ${start}`);
    const expected = this.shards(split)[shard].count * PIXELS_PER_IMAGE;
    if (pixels.length !== expected) throw new Error(`${split} shard at ${start}: ${pixels.length} bytes, expected ${expected}`);
    this.splits[split].pixels[shard] = pixels;
    this.notify();
  }

  /**
   * Records that loading failed (or, with null, that it is being retried). While set, waits for
   * data reject with this error instead of hanging, so a training loop can report it.
   */
  setFailure(error: Error | null): void {
    this.failure = error;
    if (error) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const waiter of waiters) waiter.reject(error);
    }
  }

  /** Resolves at the next setLabels/addShard; rejects with the load failure if there is one. */
  waitForData(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /**
   * A view for one training run; throws a RangeError when the options are out of range. Given
   * `deviceImages`, a training batch that is not augmented is gathered from the images it returns
   * (kept on a GPU, deviceImages.ts); while it returns null, batches are made on the CPU.
   */
  view(options: DatasetOptions, deviceImages?: () => Promise<DeviceImages | null>): MnistView {
    return new DatasetView(this, options, deviceImages);
  }

  /** Copies the pixels and labels of some images, e.g. for a preview strip. Their shards must be loaded. */
  sampleImages(split: SplitName, indices: readonly number[]): SampleImages {
    const pixels = new Uint8Array(indices.length * PIXELS_PER_IMAGE);
    const labels = new Uint8Array(indices.length);
    indices.forEach((index, k) => {
      const { data, offset, label } = this.locate(split, index);
      pixels.set(data.subarray(offset, offset + PIXELS_PER_IMAGE), k * PIXELS_PER_IMAGE);
      labels[k] = label;
    });
    return { pixels, labels };
  }

  /** The shard holding image `index` of a split (binary search over the few shards). */
  shardOf(split: SplitName, index: number): number {
    const shards = this.shards(split);
    let low = 0;
    let high = shards.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (shards[mid].start <= index) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** Where image `index` of a split lives; throws when it is out of range or not loaded yet. */
  locate(split: SplitName, index: number): { data: Uint8Array; offset: number; label: number } {
    if (!Number.isInteger(index) || index < 0 || index >= this.count(split)) {
      throw new RangeError(`${split} image ${index} is out of range [0, ${this.count(split)})`);
    }
    const shard = this.shardOf(split, index);
    const store = this.splits[split];
    const data = store.pixels[shard];
    if (!data || !store.labels) throw new Error(`${split} image ${index} is not loaded yet`);
    return { data, offset: (index - store.layout.shards[shard].start) * PIXELS_PER_IMAGE, label: store.labels[index] };
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.resolve();
  }
}

function checkBatchSize(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size ${batchSize} is not a positive integer`);
}

/** One run's view: the subset split into training and validation per shard, and the test split. */
class DatasetView implements MnistView {
  readonly trainCount: number;
  readonly validationCount: number;
  readonly testCount: number;
  private readonly trainRanges: IndexRange[] = [];
  private readonly validationRanges: IndexRange[] = [];
  private readonly testRanges: IndexRange[];
  /** Float value of each byte 0-255 under this run's scaling. */
  private readonly scale = new Float32Array(256);

  constructor(
    private readonly dataset: MnistDataset,
    private readonly options: DatasetOptions,
    private readonly deviceImages?: () => Promise<DeviceImages | null>,
  ) {
    const { trainSize, validationSplit, seed } = options;
    const available = dataset.count('train');
    if (!Number.isInteger(trainSize) || trainSize < 1 || trainSize > available) {
      throw new RangeError(`trainSize ${trainSize} is not an integer in [1, ${available}]`);
    }
    if (!(validationSplit >= 0 && validationSplit <= 0.5)) throw new RangeError(`validationSplit ${validationSplit} is not in [0, 0.5]`);
    if (!Number.isFinite(seed)) throw new RangeError(`seed ${seed} is not a finite number`);
    const { augmentation } = options;
    if (augmentation) {
      const { maxRotationDegrees, maxShiftPixels, maxScalePercent } = augmentation;
      for (const [name, value] of Object.entries({ maxRotationDegrees, maxShiftPixels, maxScalePercent })) {
        if (!(value >= 0 && Number.isFinite(value))) throw new RangeError(`augmentation ${name} ${value} is not a finite number >= 0`);
      }
    }

    // Each shard's part of the subset ends with its validation images, so training can start on shard 0.
    dataset.shards('train').forEach(({ start, count }, shard) => {
      const end = Math.min(start + count, trainSize);
      if (end <= start) return;
      const numValidation = Math.round((end - start) * validationSplit);
      if (end - numValidation > start) this.trainRanges.push({ shard, start, end: end - numValidation });
      if (numValidation > 0) this.validationRanges.push({ shard, start: end - numValidation, end });
    });
    this.testRanges = dataset.shards('test').map(({ start, count }, shard) => ({ shard, start, end: start + count }));
    const total = (ranges: IndexRange[]) => ranges.reduce((sum, r) => sum + r.end - r.start, 0);
    this.trainCount = total(this.trainRanges);
    this.validationCount = total(this.validationRanges);
    this.testCount = total(this.testRanges);

    for (let byte = 0; byte < 256; byte++) {
      this.scale[byte] = options.standardize ? (byte / 255 - MNIST_MEAN) / MNIST_STD : byte / 255;
    }
  }

  /**
   * Every training index once, drawn without replacement from the pool of loaded indices by a
   * PRNG seeded with (seed, epoch). Shards that arrive mid-epoch join the undrawn pool; when the
   * pool runs dry while shards are due, it waits for them. The order is fixed by (seed, epoch)
   * when everything is loaded; while shards stream it also depends on when they arrive.
   */
  async *trainIndexBatches(epoch: number, batchSize: number): AsyncGenerator<Int32Array> {
    checkBatchSize(batchSize);
    const random = mulberry32(mixSeeds(this.options.seed, epoch));
    const pool = new Int32Array(this.trainCount);
    let poolSize = 0;
    let due = [...this.trainRanges];
    const mergeArrived = () => {
      due = due.filter(({ shard, start, end }) => {
        if (!this.dataset.hasShard('train', shard)) return true;
        for (let index = start; index < end; index++) pool[poolSize++] = index;
        return false;
      });
    };

    let remaining = this.trainCount;
    while (remaining > 0) {
      mergeArrived();
      const indices = new Int32Array(Math.min(batchSize, remaining));
      for (let k = 0; k < indices.length; k++) {
        while (poolSize === 0) {
          await this.dataset.waitForData();
          mergeArrived();
        }
        const drawn = randomInt(random, poolSize);
        indices[k] = pool[drawn];
        pool[drawn] = pool[--poolSize];
      }
      remaining -= indices.length;
      yield indices;
    }
  }

  async *trainBatches(epoch: number, batchSize: number): AsyncGenerator<Batch> {
    const { augmentation, seed } = this.options;
    // One warp stream per epoch, drawn in batch order, so (seed, epoch) fixes every image's warp.
    const warps = isIdentityAugmentation(augmentation) ? undefined : { augmentation: augmentation!, random: warpStream(seed, epoch) };
    for await (const indices of this.trainIndexBatches(epoch, batchSize)) {
      // Warps are drawn on the CPU: an augmented batch is always made there.
      const device = warps || !this.deviceImages ? null : await this.deviceImages();
      yield device ? device.batch(indices, this.options.standardize) : this.makeBatch('train', indices, warps);
    }
  }

  get validationIndices(): Int32Array {
    const indices = new Int32Array(this.validationCount);
    let k = 0;
    for (const { start, end } of this.validationRanges) for (let index = start; index < end; index++) indices[k++] = index;
    return indices;
  }

  validationBatches(batchSize: number): AsyncGenerator<Batch> {
    return this.orderedBatches('train', this.validationRanges, batchSize);
  }

  testBatches(batchSize: number, count = this.testCount): AsyncGenerator<Batch> {
    // The first `count` images: a fixed subset that evaluating during training can afford.
    const ranges = this.testRanges
      .map(({ shard, start, end }) => ({ shard, start, end: Math.min(end, count) }))
      .filter(({ start, end }) => end > start);
    return this.orderedBatches('test', ranges, batchSize);
  }

  /** The indices of `ranges` in order, in batches, each batch waiting for its shards. */
  private async *orderedBatches(split: SplitName, ranges: IndexRange[], batchSize: number): AsyncGenerator<Batch> {
    checkBatchSize(batchSize);
    let indices: number[] = [];
    for (const { shard, start, end } of ranges) {
      while (!this.dataset.hasShard(split, shard)) await this.dataset.waitForData();
      for (let index = start; index < end; index++) {
        indices.push(index);
        if (indices.length === batchSize) {
          yield this.makeBatch(split, Int32Array.from(indices));
          indices = [];
        }
      }
    }
    if (indices.length > 0) yield this.makeBatch(split, Int32Array.from(indices));
  }

  /**
   * Scales (and, given warps, augments) the images on the CPU and makes exactly two tensors, xs and
   * ys, the caller's to dispose.
   */
  private makeBatch(split: SplitName, indices: Int32Array, warps?: { augmentation: Augmentation; random: Random }): Batch {
    const n = indices.length;
    const xs = new Float32Array(n * PIXELS_PER_IMAGE);
    const ys = new Float32Array(n * NUM_CLASSES);
    const warped = warps ? new Float32Array(PIXELS_PER_IMAGE) : null;
    const { standardize } = this.options;
    for (let k = 0; k < n; k++) {
      const { data, offset, label } = this.dataset.locate(split, indices[k]);
      const base = k * PIXELS_PER_IMAGE;
      if (warps && warped) {
        // Warped in byte units with a 0 fill, then scaled, so the fill is the background under either scaling.
        warpImage(data, offset, warped, 0, randomWarp(warps.random, warps.augmentation));
        for (let p = 0; p < PIXELS_PER_IMAGE; p++) {
          xs[base + p] = standardize ? (warped[p] / 255 - MNIST_MEAN) / MNIST_STD : warped[p] / 255;
        }
      } else {
        for (let p = 0; p < PIXELS_PER_IMAGE; p++) xs[base + p] = this.scale[data[offset + p]];
      }
      ys[k * NUM_CLASSES + label] = 1;
    }
    return tf.tidy(() => ({
      xs: tf.tensor4d(xs, [n, IMAGE_SIZE, IMAGE_SIZE, 1], 'float32'),
      ys: tf.tensor2d(ys, [n, NUM_CLASSES], 'float32'),
    }));
  }
}
