import * as tf from '../tf';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { realMnist } from '../../testing/realMnist';
import { PRESETS } from '../config/presets';
import type { MnistDataset } from '../data/dataset';
import { buildModel } from '../model/build';
import { evaluate } from './evaluate';
import { digitBatches, FineTuneData, setConvTrainable, type DigitImages } from './fineTune';
import { Trainer, type EpochMetrics } from './trainer';

let dataset: MnistDataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dataset = await realMnist();
});

/** Real training digits as the "student's" samples (a few), and others as the replay. */
function images(first: number, count: number): DigitImages {
  const { pixels, labels } = dataset.sampleImages('train', Array.from({ length: count }, (_, i) => first + i));
  return { pixels, labels, count };
}

describe('FineTuneData', () => {
  it('serves every repeat of the samples, in fresh warps, plus the replay, shuffled per epoch', async () => {
    const samples = images(0, 5);
    const data = new FineTuneData(samples, images(100, 20), { standardize: false, seed: 1, sampleRepeats: 3 });
    expect(data.trainCount).toBe(35);
    const labelsOf = async (epoch: number) => {
      const seen: number[] = [];
      for await (const batch of data.trainBatches(epoch, 8)) {
        seen.push(...(await batch.ys.argMax(1).data()));
        expect(batch.xs.shape.slice(1)).toEqual([28, 28, 1]);
        tf.dispose([batch.xs, batch.ys]);
      }
      return seen;
    };
    const [epoch0, epoch1] = [await labelsOf(0), await labelsOf(1)];
    expect(epoch0).toHaveLength(35);
    // The same digits each epoch, in another order.
    expect([...epoch0].sort()).toEqual([...epoch1].sort());
    expect(epoch0).not.toEqual(epoch1);
  });

  it('scores batches in order, standardised when asked', async () => {
    const samples = images(0, 3);
    const [plain] = await collect(digitBatches(samples, 10, false));
    const [standard] = await collect(digitBatches(samples, 10, true));
    const [p, s] = [await plain.xs.data(), await standard.xs.data()];
    expect(s[0]).toBeCloseTo((p[0] - 0.1307) / 0.3081, 5);
    tf.dispose([plain.xs, plain.ys, standard.xs, standard.ys]);
  });
});

describe('fine-tuning with the conv layers frozen', () => {
  it('learns only above the convolutions, leaks no tensors from epoch to epoch, and thaws them after', async () => {
    const smallConv = PRESETS.find((p) => p.id === 'small-conv')!;
    const model = buildModel(smallConv.layers, { seed: 2 });
    const convBefore = model.layers.filter((l) => l.getClassName() === 'Conv2D').map((l) => l.getWeights()[0].arraySync());
    const denseBefore = model.layers.filter((l) => l.getClassName() === 'Dense').map((l) => l.getWeights()[0].arraySync());
    expect(setConvTrainable(model, false)).toBeGreaterThan(0);
    const samples = images(0, 8);
    const data = new FineTuneData(samples, images(500, 64), { standardize: false, seed: 3, sampleRepeats: 2 });
    const optimizer = tf.train.adam(1e-3);
    const epochs: EpochMetrics[] = [];
    const outcome = await new Trainer(model, optimizer, data, { epochs: 3, batchSize: 16, learningRate: 1e-3, seed: 3 }, { epochEnded: (m) => epochs.push(m) }).run();
    expect(outcome.reason).toBe('completed');
    expect(new Set(epochs.map((e) => e.numTensors)).size).toBe(1);
    const convAfter = model.layers.filter((l) => l.getClassName() === 'Conv2D').map((l) => l.getWeights()[0].arraySync());
    const denseAfter = model.layers.filter((l) => l.getClassName() === 'Dense').map((l) => l.getWeights()[0].arraySync());
    expect(convAfter).toEqual(convBefore);
    expect(denseAfter).not.toEqual(denseBefore);
    setConvTrainable(model, true);
    expect(model.layers.every((l) => l.trainable)).toBe(true);
    // Scoring the samples (the before/after figures) covers every one of them.
    const score = await evaluate(model, digitBatches(samples, 8, false));
    expect(score.count).toBe(8);
    optimizer.dispose();
    model.dispose();
  });
});

async function collect<T>(generator: AsyncGenerator<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of generator) items.push(item);
  return items;
}
