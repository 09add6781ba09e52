import * as tf from '../tf';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { realMnist } from '../../testing/realMnist';
import { PRESETS } from '../config/presets';
import type { MnistDataset } from '../data/dataset';
import { buildModel } from '../model/build';
import { createOptimizer } from '../model/optimizers';
import { earlyStopNote, EarlyStoppingWatch } from './earlyStopping';
import { evaluate } from './evaluate';
import { Trainer, type EpochMetrics } from './trainer';

let dataset: MnistDataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dataset = await realMnist();
});

describe('EarlyStoppingWatch', () => {
  it('stops after `patience` epochs in a row without a new best, as Keras does', () => {
    const watch = new EarlyStoppingWatch(2);
    const verdicts = [1.0, 0.8, 0.85, 0.7, 0.7, 0.75].map((loss, epoch) => watch.observe(epoch, loss));
    expect(verdicts).toEqual(['improved', 'improved', 'waiting', 'improved', 'waiting', 'stop']);
    expect([watch.bestEpoch, watch.bestLoss]).toEqual([3, 0.7]);
  });

  it('never counts a NaN loss as an improvement, and rejects a patience that is not a positive integer', () => {
    const watch = new EarlyStoppingWatch(1);
    expect(watch.observe(0, Number.NaN)).toBe('stop');
    expect(() => new EarlyStoppingWatch(0)).toThrow(RangeError);
    expect(() => new EarlyStoppingWatch(1.5)).toThrow(RangeError);
  });
});

describe('earlyStopNote', () => {
  // src/i18n/en.test.ts checks the sentence the page makes of it.
  it('says when, why and what was kept, counting epochs from 1', () => {
    expect(earlyStopNote(7, 3, { epoch: 4, validationLoss: 0.31234, isRestored: true })).toEqual({
      code: 'earlyStopped', epoch: 8, patience: 3, bestEpoch: 5, bestLoss: 0.31234, isRestored: true,
    });
  });
});

describe('Trainer with early stopping', () => {
  // 200 training images and a brisk learning rate: the small dense net memorises them within a few
  // epochs, after which the loss on the 200 held-out images climbs. No dropout: the run is repeatable.
  const smallDense = PRESETS.find((p) => p.id === 'small-dense')!;
  const data = () => dataset.view({ trainSize: 400, validationSplit: 0.5, standardize: false, seed: 11 });

  it('stops once the validation loss has not improved for `patience` epochs, and restores the best weights', async () => {
    const before = tf.memory().numTensors;
    const model = buildModel(smallDense.layers, { seed: 11 });
    const optimizer = createOptimizer({ name: 'sgd', learningRate: 0.5, momentum: 0 });
    const view = data();
    const epochs: EpochMetrics[] = [];
    const trainer = new Trainer(model, optimizer, view, { epochs: 60, batchSize: 20, learningRate: 0.5, earlyStopping: { patience: 3 } }, {
      epochEnded: (m) => epochs.push(m),
    });

    const outcome = await trainer.run();

    const losses = epochs.map((e) => e.validationLoss!);
    const bestEpoch = losses.indexOf(Math.min(...losses));
    expect(outcome.reason, `validation losses ${losses.map((l) => l.toFixed(3))}`).toBe('earlyStopped');
    // It learned for a while first (the losses run 2.05, 1.26, ... 0.70 at epoch 10, then 0.71, 0.72, 0.72).
    expect(bestEpoch).toBeGreaterThan(2);
    // It ran exactly `patience` epochs past the best one, and no further.
    expect(outcome.epochsCompleted).toBe(bestEpoch + 4);
    expect(epochs).toHaveLength(outcome.epochsCompleted);
    expect(outcome.best).toEqual({ epoch: bestEpoch, validationLoss: losses[bestEpoch], isRestored: true });
    expect(outcome.note).toEqual(earlyStopNote(bestEpoch + 3, 3, outcome.best!));
    // The model now holds the best epoch's weights: the validation loss is the best one again.
    const restored = await evaluate(model, view.validationBatches(200));
    expect(restored.loss).toBeCloseTo(losses[bestEpoch], 5);
    expect(restored.loss).toBeLessThan(losses[losses.length - 1]);
    // The kept copy of the weights is released at the end; the tensor count stayed flat from epoch to epoch.
    expect(new Set(epochs.slice(1).map((e) => e.numTensors)).size).toBe(1);
    optimizer.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps the last weights when asked not to restore, and runs to the end without validation images', async () => {
    const model = buildModel(smallDense.layers, { seed: 11 });
    const optimizer = createOptimizer({ name: 'sgd', learningRate: 0.5, momentum: 0 });
    const view = data();
    const outcome = await new Trainer(model, optimizer, view, {
      epochs: 60, batchSize: 20, learningRate: 0.5, earlyStopping: { patience: 3, restoreBestWeights: false },
    }).run();
    expect(outcome.reason).toBe('earlyStopped');
    expect(outcome.best!.isRestored).toBe(false);
    expect(outcome.note).toMatchObject({ code: 'earlyStopped', isRestored: false });
    expect((await evaluate(model, view.validationBatches(200))).loss).toBeGreaterThan(outcome.best!.validationLoss);

    const noValidation = dataset.view({ trainSize: 200, validationSplit: 0, standardize: false, seed: 11 });
    const toTheEnd = await new Trainer(model, optimizer, noValidation, { epochs: 3, batchSize: 20, learningRate: 0.5, earlyStopping: { patience: 1 } }).run();
    expect(toTheEnd).toEqual({ reason: 'completed', epochsCompleted: 3 });
    optimizer.dispose();
    model.dispose();
  });
});
