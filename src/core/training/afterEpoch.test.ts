import * as tf from '../tf';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { realMnist } from '../../testing/realMnist';
import { PRESETS } from '../config/presets';
import type { MnistDataset } from '../data/dataset';
import { buildModel } from '../model/build';
import { createOptimizer } from '../model/optimizers';
import { Trainer } from './trainer';

let dataset: MnistDataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dataset = await realMnist();
});

const dense = PRESETS.find((p) => p.id === 'dense-baseline')!;

describe('Trainer afterEpoch', () => {
  it('is awaited after each epoch, before the next one trains', async () => {
    const model = buildModel(dense.layers, { seed: 1 });
    const optimizer = createOptimizer({ name: 'adam', learningRate: 0.001, momentum: 0 });
    const data = dataset.view({ trainSize: 1000, validationSplit: 0, standardize: false, seed: 1 });
    const log: string[] = [];
    const trainer = new Trainer(model, optimizer, data, { epochs: 2, batchSize: 500, learningRate: 0.001 }, {
      batchEnded: (m) => log.push(`batch ${m.epoch}.${m.batch}`),
      epochEnded: (m) => log.push(`epoch ${m.epoch}`),
      afterEpoch: async (epoch) => {
        log.push(`after ${epoch} begins`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        log.push(`after ${epoch} ends`);
      },
    });
    expect((await trainer.run()).reason).toBe('completed');
    expect(log).toEqual([
      'batch 0.0', 'batch 0.1', 'epoch 0', 'after 0 begins', 'after 0 ends',
      'batch 1.0', 'batch 1.1', 'epoch 1', 'after 1 begins', 'after 1 ends',
    ]);
    optimizer.dispose();
    model.dispose();
  });

  it('a stop requested while it runs ends the run once it is done, with the epoch counted', async () => {
    const model = buildModel(dense.layers, { seed: 1 });
    const optimizer = createOptimizer({ name: 'adam', learningRate: 0.001, momentum: 0 });
    const data = dataset.view({ trainSize: 1000, validationSplit: 0, standardize: false, seed: 1 });
    let epochsStarted = 0;
    const trainer: Trainer = new Trainer(model, optimizer, data, { epochs: 3, batchSize: 500, learningRate: 0.001 }, {
      batchEnded: (m) => { if (m.batch === 0) epochsStarted++; },
      afterEpoch: async () => trainer.stop(),
    });
    const outcome = await trainer.run();
    expect(outcome).toMatchObject({ reason: 'stopped', epochsCompleted: 1 });
    expect(epochsStarted).toBe(1);
    optimizer.dispose();
    model.dispose();
  });
});
