import * as tf from '../tf';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { realMnist } from '../../testing/realMnist';
import type { MnistDataset } from './dataset';
import { DeviceImages, deviceImageBytes, packPixels, WORDS_PER_IMAGE } from './deviceImages';
import type { Batch } from './types';

let dataset: MnistDataset;
let images: DeviceImages;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dataset = await realMnist();
  images = DeviceImages.create(dataset);
});

async function values(batch: Batch): Promise<[Float32Array, Float32Array]> {
  const [xs, ys] = await Promise.all([batch.xs.data(), batch.ys.data()]);
  tf.dispose([batch.xs, batch.ys]);
  return [xs as Float32Array, ys as Float32Array];
}

describe('DeviceImages', () => {
  it('packs three pixels to a word, below 2^24, and holds 63 MB for the 60,000 images', () => {
    const packed = packPixels(dataset);
    expect(packed.length).toBe(60_000 * WORDS_PER_IMAGE);
    expect(Math.max(...packed.subarray(0, 10 * WORDS_PER_IMAGE))).toBeLessThan(2 ** 24);
    const { data, offset } = dataset.locate('train', 1);
    const word = packed[WORDS_PER_IMAGE + 100];
    expect([word & 255, (word >> 8) & 255, word >> 16]).toEqual([...data.subarray(offset + 300, offset + 303)]);
    expect(images.numBytes).toBe(deviceImageBytes(60_000));
    expect(images.numBytes).toBe(63_120_000);
  });

  it.each([false, true])('gathers the same batch as the CPU path, bit for bit (standardize %s)', async (standardize) => {
    const view = dataset.view({ trainSize: 3000, validationSplit: 0, standardize, seed: 4 });
    const cpuBatches = view.trainBatches(0, 50);
    const indexBatches = view.trainIndexBatches(0, 50);
    for (let k = 0; k < 3; k++) {
      const [cpuXs, cpuYs] = await values((await cpuBatches.next()).value as Batch);
      const indices = (await indexBatches.next()).value as Int32Array;
      const device = images.batch(indices, standardize);
      expect(device.xs.shape).toEqual([50, 28, 28, 1]);
      expect(device.ys.shape).toEqual([50, 10]);
      const [xs, ys] = await values(device);
      expect(xs).toEqual(cpuXs);
      expect(ys.length).toBe(cpuYs.length);
      expect(Array.from(ys)).toEqual(Array.from(cpuYs));
    }
    await cpuBatches.return(undefined);
    await indexBatches.return(undefined);
  });

  it('serves a view its training batches, leaving nothing behind, and proves what it holds', async () => {
    const before = tf.memory().numTensors;
    const view = dataset.view({ trainSize: 500, validationSplit: 0, standardize: false, seed: 9 }, async () => images);
    const plain = dataset.view({ trainSize: 500, validationSplit: 0, standardize: false, seed: 9 });
    const fromDevice = view.trainBatches(1, 128);
    const fromCpu = plain.trainBatches(1, 128);
    for await (const batch of fromDevice) {
      const [xs] = await values(batch);
      const [cpuXs] = await values((await fromCpu.next()).value as Batch);
      expect(xs).toEqual(cpuXs);
    }
    expect(await images.verify(dataset)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});
