import * as tf from '../tf';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { realMnist } from '../../testing/realMnist';
import { PRESETS } from '../config/presets';
import type { Augmentation } from '../data/augment';
import type { MnistDataset } from '../data/dataset';
import { buildModel } from '../model/build';
import { createOptimizer } from '../model/optimizers';
import { Trainer } from './trainer';

let dataset: MnistDataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dataset = await realMnist();
});

const AUGMENTATION: Augmentation = { maxRotationDegrees: 10, maxShiftPixels: 2, maxScalePercent: 10 };

/**
 * The batch losses of the first `count` batches of a run: model, shuffle and augmentation all
 * seeded by `seed`, as the engine sets them up.
 */
async function batchLosses(presetId: string, seed: number, count: number, augmentation: Augmentation | null): Promise<number[]> {
  const preset = PRESETS.find((p) => p.id === presetId)!;
  const model = buildModel(preset.layers, { seed, l2: 0.0005 });
  const optimizer = createOptimizer(preset.optimizer);
  // Batches of 4: tfjs's cpu backend takes about a microsecond per multiply-add of a conv filter gradient.
  const data = dataset.view({ trainSize: 1000, validationSplit: 0.1, standardize: preset.standardize, seed, augmentation });
  const losses: number[] = [];
  const trainer: Trainer = new Trainer(model, optimizer, data, { epochs: 1, batchSize: 4, learningRate: preset.optimizer.learningRate, seed }, {
    batchEnded: (m) => {
      losses.push(m.loss);
      if (losses.length === count) trainer.stop();
    },
  });
  await trainer.run();
  optimizer.dispose();
  model.dispose();
  return losses;
}

describe('seeded repeatability on the cpu backend', () => {
  it('gives bit-identical batch losses for the same seed, augmentation included', async () => {
    const first = await batchLosses('small-conv', 42, 5, AUGMENTATION);
    expect(first).toHaveLength(5);
    expect(await batchLosses('small-conv', 42, 5, AUGMENTATION)).toEqual(first);
    expect(await batchLosses('small-conv', 43, 5, AUGMENTATION)).not.toEqual(first);
  }, 300_000);

  it('gives bit-identical batch losses for the same seed with dropout too', async () => {
    // pytorch-classic's two dropouts would do as well, but dense-baseline is fast on the cpu backend.
    const first = await batchLosses('dense-baseline', 42, 6, null);
    expect(await batchLosses('dense-baseline', 42, 6, null)).toEqual(first);
    expect(await batchLosses('dense-baseline', 43, 6, null)).not.toEqual(first);
  }, 300_000);

  it('changes the run when only the augmentation changes', async () => {
    const plain = await batchLosses('small-conv', 7, 2, null);
    expect(await batchLosses('small-conv', 7, 2, null)).toEqual(plain);
    // The same images in the same order, only warped: the first loss differs, not just later ones.
    expect((await batchLosses('small-conv', 7, 2, AUGMENTATION))[0]).not.toBe(plain[0]);
  }, 300_000);
});
