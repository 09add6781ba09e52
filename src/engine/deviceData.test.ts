import * as tf from '../core/tf';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { realMnist } from '../testing/realMnist';
import { MnistDataset } from '../core/data/dataset';
import { DeviceImages } from '../core/data/deviceImages';
import { TrainImagesOnDevice } from './deviceData';
import type { ImagePlacement } from './protocol';

let dataset: MnistDataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dataset = await realMnist();
});

/** A manager that believes it runs on `backend` (the kernels are the cpu backend's) and counts its uploads. */
function manager(options: { backend?: string; isRefused?: boolean; throws?: boolean } = {}) {
  const counts = { created: 0 };
  const devices = new TrainImagesOnDevice(
    (data) => {
      counts.created++;
      if (options.throws) throw new Error('out of memory');
      return DeviceImages.create(data);
    },
    async (images, data) => !options.isRefused && images.verify(data),
    () => options.backend ?? 'webgl',
  );
  return { devices, counts };
}

describe('TrainImagesOnDevice', () => {
  it('keeps the images on a GPU once every shard is in, says so once, and keeps them from run to run', async () => {
    const { devices, counts } = manager();
    const heard: ImagePlacement[] = [];
    const source = devices.sourceFor(dataset, false, (p) => heard.push(p))!;
    const first = await source();
    expect(first).not.toBeNull();
    expect(await source()).toBe(first);
    expect(heard).toEqual([{ where: 'device', bytes: 63_120_000 }]);
    expect(devices.numBytes).toBe(63_120_000);
    const again = devices.sourceFor(dataset, false, () => {})!;
    expect(await again()).toBe(first);
    expect(counts.created).toBe(1);
    const before = tf.memory().numTensors;
    devices.dispose();
    expect(tf.memory().numTensors).toBeLessThan(before);
    expect(devices.numBytes).toBe(0);
  });

  it.each([
    ['refuses the memory silently (the check finds other values)', { isRefused: true }],
    ['throws on the allocation', { throws: true }],
  ])('falls back to uploading each batch when the device %s, and does not ask again until the backend changes', async (_, options) => {
    const { devices, counts } = manager(options);
    const before = tf.memory().numTensors;
    const heard: ImagePlacement[] = [];
    const source = devices.sourceFor(dataset, false, (p) => heard.push(p))!;
    expect(await source()).toBeNull();
    expect(await source()).toBeNull();
    expect(heard).toEqual([{ where: 'upload', reason: 'refused', bytes: 63_120_000 }]);
    expect(tf.memory().numTensors).toBe(before);
    // A second run on the same backend hears the same at once, without another try.
    const later: ImagePlacement[] = [];
    expect(await devices.sourceFor(dataset, false, (p) => later.push(p))!()).toBeNull();
    expect(later).toEqual(heard);
    expect(counts.created).toBe(1);
    devices.dispose();
    await devices.sourceFor(dataset, false, () => {})!();
    expect(counts.created).toBe(2);
  });

  it('uploads each batch while shards stream in, and for a run that warps its images', async () => {
    const { devices, counts } = manager();
    const empty = new MnistDataset({ train: { count: 10, shards: [{ start: 0, count: 10 }] }, test: { count: 5, shards: [{ start: 0, count: 5 }] } });
    const heard: ImagePlacement[] = [];
    expect(await devices.sourceFor(empty, false, (p) => heard.push(p))!()).toBeNull();
    expect(devices.sourceFor(dataset, true, (p) => heard.push(p))).toBeUndefined();
    expect(heard).toEqual([
      { where: 'upload', reason: 'streaming', bytes: 10 * 263 * 4 },
      { where: 'upload', reason: 'augmented', bytes: 63_120_000 },
    ]);
    expect(counts.created).toBe(0);
  });

  it('places the images ahead of a run once, and only on a GPU with every shard in', async () => {
    const gpu = manager();
    await gpu.devices.prepare(dataset);
    await gpu.devices.prepare(dataset);
    expect(gpu.counts.created).toBe(1);
    expect(gpu.devices.numBytes).toBe(63_120_000);
    gpu.devices.dispose();
    const wasm = manager({ backend: 'wasm' });
    await wasm.devices.prepare(dataset);
    const streaming = manager();
    await streaming.devices.prepare(new MnistDataset({ train: { count: 10, shards: [{ start: 0, count: 10 }] }, test: { count: 5, shards: [{ start: 0, count: 5 }] } }));
    expect(wasm.counts.created + streaming.counts.created).toBe(0);
  });

  it('leaves WASM and CPU runs alone', () => {
    const heard: ImagePlacement[] = [];
    for (const backend of ['wasm', 'cpu']) expect(manager({ backend }).devices.sourceFor(dataset, false, (p) => heard.push(p))).toBeUndefined();
    expect(heard).toEqual([]);
  });
});
