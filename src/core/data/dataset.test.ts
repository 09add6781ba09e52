import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '../tf';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OUT_DIR, ensureSprites } from '../../../scripts/build-sprites.mjs';
import { MnistDataset, type MnistView } from './dataset';
import { parseManifest, type MnistManifest, type SplitName } from './manifest';
import { decodeShard, PIXELS_PER_IMAGE } from './sprites';
import { MNIST_MEAN, MNIST_STD, type Batch, type DatasetOptions } from './types';

const options = (overrides: Partial<DatasetOptions> = {}): DatasetOptions => ({
  trainSize: 5000,
  validationSplit: 0.1,
  standardize: false,
  seed: 42,
  ...overrides,
});

let manifest: MnistManifest;
const labels: Partial<Record<SplitName, Uint8Array>> = {};
const decoded = new Map<string, Uint8Array>();

/** The real shard `shard` of a split, decoded from public/data/mnist (cached across tests). */
async function shardPixels(split: SplitName, shard: number): Promise<Uint8Array> {
  const entry = manifest.splits[split].shards[shard];
  if (!decoded.has(entry.file)) {
    decoded.set(entry.file, decodeShard(new Uint8Array(await readFile(join(DEFAULT_OUT_DIR, entry.file))), entry.count));
  }
  return decoded.get(entry.file)!;
}

/** A dataset with the real labels and the given shards loaded. */
async function datasetWith(shards: Partial<Record<SplitName, number[]>>): Promise<MnistDataset> {
  const dataset = MnistDataset.fromManifest(manifest);
  for (const split of ['train', 'test'] as const) {
    dataset.setLabels(split, labels[split]!);
    for (const shard of shards[split] ?? []) {
      dataset.addShard(split, manifest.splits[split].shards[shard].start, await shardPixels(split, shard));
    }
  }
  return dataset;
}

async function collect<T>(generator: AsyncGenerator<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of generator) items.push(item);
  return items;
}

const concat = (parts: Int32Array[]) => Int32Array.from(parts.flatMap((part) => Array.from(part)));
const disposeBatch = ({ xs, ys }: Batch) => {
  xs.dispose();
  ys.dispose();
};

/** Resolves to 'pending' if the promise has not settled after a few turns of the event loop. */
async function settledSoon<T>(promise: Promise<T>): Promise<T | 'pending'> {
  return Promise.race([promise, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), 50))]);
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await ensureSprites();
  manifest = parseManifest(JSON.parse(await readFile(join(DEFAULT_OUT_DIR, 'manifest.json'), 'utf8')));
  for (const split of ['train', 'test'] as const) {
    labels[split] = new Uint8Array(await readFile(join(DEFAULT_OUT_DIR, manifest.splits[split].labels.file)));
  }
});

describe('MnistDataset.view: the split', () => {
  it('splits a 5,000-image subset with 10% validation into 4,500 / 500, test kept apart', async () => {
    const view = (await datasetWith({})).view(options());
    expect(view.trainCount).toBe(4500);
    expect(view.validationCount).toBe(500);
    expect(view.testCount).toBe(10_000);
    expect(Array.from(view.validationIndices)).toEqual(Array.from({ length: 500 }, (_, i) => 4500 + i));
  });

  it('carves validation from the end of each shard part of the subset', async () => {
    const dataset = await datasetWith({});
    expect(dataset.view(options({ trainSize: 60_000 }))).toMatchObject({ trainCount: 54_000, validationCount: 6000 });
    // Shards of 5,000, 5,000 and 2,345: validation 1,000 + 1,000 + 469.
    const view = dataset.view(options({ trainSize: 12_345, validationSplit: 0.2 }));
    expect(view).toMatchObject({ trainCount: 9876, validationCount: 2469 });
    const validation = Array.from(view.validationIndices);
    expect(validation.slice(0, 2)).toEqual([4000, 4001]);
    expect(validation.slice(999, 1001)).toEqual([4999, 9000]);
    expect(validation.at(-1)).toBe(12_344);
    expect(dataset.view(options({ validationSplit: 0 }))).toMatchObject({ trainCount: 5000, validationCount: 0 });
  });

  it('rejects out-of-range options', async () => {
    const dataset = await datasetWith({});
    expect(() => dataset.view(options({ trainSize: 0 }))).toThrow(RangeError);
    expect(() => dataset.view(options({ trainSize: 60_001 }))).toThrow(RangeError);
    expect(() => dataset.view(options({ trainSize: 100.5 }))).toThrow(RangeError);
    expect(() => dataset.view(options({ validationSplit: 0.6 }))).toThrow(RangeError);
    expect(() => dataset.view(options({ validationSplit: Number.NaN }))).toThrow(RangeError);
  });
});

describe('MnistView.trainBatches', () => {
  let dataset: MnistDataset;
  let view: MnistView;

  beforeAll(async () => {
    dataset = await datasetWith({ train: [0, 1, 2], test: [0, 1] });
    view = dataset.view(options({ trainSize: 15_000 }));
  });

  it('visits every training index exactly once per epoch and no validation index', async () => {
    const batches = await collect(view.trainIndexBatches(0, 128));
    expect(batches.slice(0, -1).every((batch) => batch.length === 128)).toBe(true);
    expect(batches.at(-1)!.length).toBe(13_500 % 128);
    const order = concat(batches);
    const expected = [0, 5000, 10_000].flatMap((start) => Array.from({ length: 4500 }, (_, i) => start + i));
    expect(Array.from(order).sort((a, b) => a - b)).toEqual(expected);
    // Shuffled across shards, not shard by shard.
    expect(new Set(Array.from(order.subarray(0, 128), (i) => Math.floor(i / 5000))).size).toBe(3);
  });

  it('repeats the order for the same seed and epoch, and changes it otherwise', async () => {
    const order = async (seed: number, epoch: number) => concat(await collect(dataset.view(options({ trainSize: 15_000, seed })).trainIndexBatches(epoch, 500)));
    const first = await order(42, 0);
    expect(await order(42, 0)).toEqual(first);
    expect(await order(43, 0)).not.toEqual(first);
    expect(await order(42, 1)).not.toEqual(first);
  });

  it('builds xs from the images and ys one-hot from the labels of those indices', async () => {
    const indices = (await view.trainIndexBatches(3, 64).next()).value!;
    const { value: batch } = await view.trainBatches(3, 64).next();
    const { xs, ys } = batch!;
    expect(xs.shape).toEqual([64, 28, 28, 1]);
    expect(xs.dtype).toBe('float32');
    expect(ys.shape).toEqual([64, 10]);
    const sample = dataset.sampleImages('train', Array.from(indices));
    const pixels = (await xs.data()) as Float32Array;
    expect(Array.from(pixels, (v) => Math.round(v * 255))).toEqual(Array.from(sample.pixels));
    const oneHot = (await ys.data()) as Float32Array;
    for (let k = 0; k < 64; k++) {
      const row = Array.from(oneHot.subarray(k * 10, k * 10 + 10));
      expect(row.indexOf(1)).toBe(sample.labels[k]);
      expect(row.reduce((a, b) => a + b)).toBe(1);
    }
    disposeBatch(batch!);
  });

  it('standardises with the MNIST mean and std', async () => {
    const standardized = dataset.view(options({ trainSize: 15_000, standardize: true }));
    const [indices] = await collect(standardized.trainIndexBatches(0, 13_500));
    const { value: batch } = await standardized.trainBatches(0, 13_500).next();
    const values = await batch!.xs.data();
    disposeBatch(batch!);

    const raw = dataset.sampleImages('train', Array.from(indices)).pixels;
    let sum = 0;
    let sumSquares = 0;
    for (const byte of raw) {
      sum += byte / 255;
      sumSquares += (byte / 255) ** 2;
    }
    const rawMean = sum / raw.length;
    const rawStd = Math.sqrt(sumSquares / raw.length - rawMean ** 2);
    let mean = 0;
    for (const v of values) mean += v;
    mean /= values.length;
    let variance = 0;
    for (const v of values) variance += (v - mean) ** 2;
    const std = Math.sqrt(variance / values.length);

    expect(mean).toBeCloseTo((rawMean - MNIST_MEAN) / MNIST_STD, 4);
    expect(std).toBeCloseTo(rawStd / MNIST_STD, 4);
    // The real images sit close to the published MNIST statistics.
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(std - 1)).toBeLessThan(0.05);
    expect(Math.min(...values.subarray(0, 784))).toBeCloseTo(-MNIST_MEAN / MNIST_STD, 5);
  });

  it('leaves no tensors behind once the batches are disposed', async () => {
    const before = tf.memory().numTensors;
    for await (const batch of view.trainBatches(0, 1000)) {
      expect(tf.memory().numTensors).toBe(before + 2);
      disposeBatch(batch);
    }
    for await (const batch of view.validationBatches(256)) disposeBatch(batch);
    for await (const batch of view.testBatches(2500)) disposeBatch(batch);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('streaming', () => {
  it('starts an epoch with only train-00 loaded and finishes it as the other shards arrive', async () => {
    const dataset = await datasetWith({ train: [0] });
    const view = dataset.view(options({ trainSize: 15_000 }));
    const epoch = view.trainIndexBatches(0, 100);
    const seen: number[] = [];
    for (let i = 0; i < 45; i++) seen.push(...(await epoch.next()).value!);
    expect(seen.every((index) => index < 4500)).toBe(true);

    // Everything loaded is used up: the next batch waits for a shard.
    const next = epoch.next();
    expect(await settledSoon(next)).toBe('pending');
    dataset.addShard('train', 5000, await shardPixels('train', 1));
    const batch = (await next).value as Int32Array;
    expect(batch.every((index) => index >= 5000 && index < 9500)).toBe(true);
    seen.push(...batch);

    dataset.addShard('train', 10_000, await shardPixels('train', 2));
    for await (const indices of epoch) seen.push(...indices);
    const expected = [0, 5000, 10_000].flatMap((start) => Array.from({ length: 4500 }, (_, i) => start + i));
    expect(seen.sort((a, b) => a - b)).toEqual(expected);
  });

  it('merges a shard that arrives mid-epoch into the part not yet visited', async () => {
    const dataset = await datasetWith({ train: [0] });
    const view = dataset.view(options({ trainSize: 10_000 }));
    const epoch = view.trainIndexBatches(0, 500);
    const first = (await epoch.next()).value!;
    dataset.addShard('train', 5000, await shardPixels('train', 1));
    const rest = concat(await collect(epoch));
    expect(rest.length).toBe(9000 - 500);
    // The new shard's images are spread through the rest of the epoch, not appended at its end.
    expect(rest.subarray(0, 500).some((index) => index >= 5000)).toBe(true);
    expect(new Set([...first, ...rest]).size).toBe(9000);
  });

  it('gives validation and test batches in order, waiting for their shards', async () => {
    const dataset = await datasetWith({ train: [0], test: [] });
    const view = dataset.view(options({ trainSize: 10_000 }));

    const validation = view.validationBatches(300);
    const first = (await validation.next()).value!;
    expect(first.xs.shape[0]).toBe(300);
    disposeBatch(first);
    // The second batch spans train-00 and train-01: it waits for train-01.
    const second = validation.next();
    expect(await settledSoon(second)).toBe('pending');
    dataset.addShard('train', 5000, await shardPixels('train', 1));
    const secondBatch = (await second).value!;
    const expectedPixels = dataset.sampleImages('train', [...Array.from({ length: 200 }, (_, i) => 4800 + i), 9500]).pixels;
    const secondPixels = (await secondBatch.xs.data()) as Float32Array;
    expect(Array.from(secondPixels.subarray(0, 201 * PIXELS_PER_IMAGE), (v) => Math.round(v * 255))).toEqual(Array.from(expectedPixels));
    disposeBatch(secondBatch);
    for await (const batch of validation) disposeBatch(batch);

    const test = view.testBatches(5000);
    const pending = test.next();
    expect(await settledSoon(pending)).toBe('pending');
    dataset.addShard('test', 0, await shardPixels('test', 0));
    dataset.addShard('test', 5000, await shardPixels('test', 1));
    const batches = [(await pending).value!, ...(await collect(test))];
    expect(batches.map((b) => b.ys.shape[0])).toEqual([5000, 5000]);
    const predicted = tf.tidy(() => tf.concat(batches.map((b) => b.ys)).argMax(1));
    const testLabels = Array.from(await predicted.data());
    predicted.dispose();
    expect(testLabels).toEqual(Array.from(labels.test!));
    batches.forEach(disposeBatch);
  });

  it('rejects waiting batches when loading fails, and waits again after a retry starts', async () => {
    const dataset = await datasetWith({ train: [0] });
    const view = dataset.view(options({ trainSize: 10_000, validationSplit: 0 }));
    const epoch = view.trainIndexBatches(0, 5000);
    await epoch.next();
    const next = epoch.next();
    const failure = new Error('train-01.png is corrupt');
    dataset.setFailure(failure);
    await expect(next).rejects.toBe(failure);

    dataset.setFailure(null);
    const again = view.trainIndexBatches(0, 5000);
    await again.next();
    const waiting = again.next();
    expect(await settledSoon(waiting)).toBe('pending');
    dataset.addShard('train', 5000, await shardPixels('train', 1));
    expect((await waiting).value!.length).toBe(5000);
  });
});

describe('sampleImages', () => {
  it('copies the pixels and labels of loaded images, and refuses others', async () => {
    const dataset = await datasetWith({ test: [1] });
    const sample = dataset.sampleImages('test', [5000, 9999]);
    const shard = await shardPixels('test', 1);
    expect(Array.from(sample.pixels.subarray(0, 784))).toEqual(Array.from(shard.subarray(0, 784)));
    expect(Array.from(sample.pixels.subarray(784))).toEqual(Array.from(shard.subarray(4999 * 784)));
    expect(Array.from(sample.labels)).toEqual([labels.test![5000], labels.test![9999]]);
    expect(() => dataset.sampleImages('test', [0])).toThrow(/not loaded/);
    expect(() => dataset.sampleImages('test', [10_000])).toThrow(RangeError);
  });
});
