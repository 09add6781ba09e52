import * as tf from '../tf';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { realMnist } from '../../testing/realMnist';
import type { MnistDataset } from '../data/dataset';
import type { Batch, TrainingData } from '../data/types';
import { PRESETS } from '../config/presets';
import { buildModel, classifierScores } from '../model/build';
import { createOptimizer } from '../model/optimizers';
import { perClassMetrics } from './classMetrics';
import { evaluate } from './evaluate';
import { yieldToEventLoop } from './yield';
import { crossEntropy } from './loss';
import { ExplosionWatch, Trainer, divergenceNote, trainStep, type EpochMetrics } from './trainer';

let dataset: MnistDataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dataset = await realMnist();
});

const denseBaseline = PRESETS.find((p) => p.id === 'dense-baseline')!;

/** The first batch of an epoch of the real training images. */
async function firstBatch(data: TrainingData, size: number): Promise<Batch> {
  const batches = data.trainBatches(0, size);
  const { value } = await batches.next();
  await batches.return(undefined);
  return value as Batch;
}

describe('trainStep', () => {
  it('lowers the loss on a fixed batch of real digits in one step', async () => {
    // A small conv net without dropout, so the loss before and after is measured on the same function.
    const smallConv = PRESETS.find((p) => p.id === 'small-conv')!;
    const model = buildModel(smallConv.layers, { seed: 1 });
    const optimizer = createOptimizer({ name: 'sgd', learningRate: 0.1, momentum: 0 });
    const batch = await firstBatch(dataset.view({ trainSize: 1000, validationSplit: 0, standardize: false, seed: 3 }), 64);
    const lossNow = async () => {
      const loss = tf.tidy(() => {
        const { scores, isLogits } = classifierScores(model, batch.xs, false);
        return crossEntropy(batch.ys, scores, isLogits);
      });
      const value = (await loss.data())[0];
      loss.dispose();
      return value;
    };

    const before = await lossNow();
    const step = trainStep(model, optimizer, batch);
    const reported = (await step.loss.data())[0];
    tf.dispose([step.loss, step.accuracy]);
    const after = await lossNow();

    expect(before).toBeGreaterThan(2); // about ln(10) = 2.30 for an untrained net
    expect(reported).toBeCloseTo(before, 4); // the step reports the loss it started from
    expect(after).toBeLessThan(before - 0.01);

    tf.dispose([batch.xs, batch.ys]);
    optimizer.dispose();
    model.dispose();
  });
});

describe('Trainer', () => {
  it('keeps tf.memory().numTensors the same after every epoch, and learns', async () => {
    const model = buildModel(denseBaseline.layers, { seed: 7 });
    const optimizer = createOptimizer(denseBaseline.optimizer);
    const data = dataset.view({ trainSize: 2000, validationSplit: 0.1, standardize: false, seed: 7 });
    const epochs: EpochMetrics[] = [];
    let batchCount = 0;
    const trainer = new Trainer(model, optimizer, data, { epochs: 4, batchSize: 32, learningRate: 0.001 }, {
      batchEnded: () => batchCount++,
      epochEnded: (m) => epochs.push(m),
    });

    const outcome = await trainer.run();

    expect(outcome).toEqual({ reason: 'completed', epochsCompleted: 4 });
    expect(batchCount).toBe(4 * Math.ceil(1800 / 32));
    expect(epochs).toHaveLength(4);
    // The optimizer creates its slots during the first epoch; from then on nothing may accumulate.
    const counts = epochs.map((e) => e.numTensors);
    expect(new Set(counts.slice(1)).size, `numTensors per epoch: ${counts}`).toBe(1);
    expect(counts[0]).toBe(counts[1]);
    expect(epochs[3].validationAccuracy).toBeGreaterThan(0.8);
    expect(epochs[3].trainLoss).toBeLessThan(epochs[0].trainLoss);

    optimizer.dispose();
    model.dispose();
  });

  it('stops with a plain explanation when the loss explodes', async () => {
    const model = buildModel(denseBaseline.layers, { seed: 1 });
    const optimizer = createOptimizer({ name: 'sgd', learningRate: 10, momentum: 0 });
    const data = dataset.view({ trainSize: 5000, validationSplit: 0, standardize: false, seed: 1 });
    let batches = 0;
    const trainer = new Trainer(model, optimizer, data, { epochs: 1, batchSize: 32, learningRate: 10 }, { batchEnded: () => batches++ });
    const before = tf.memory().numTensors;

    const outcome = await trainer.run();

    expect(outcome.reason).toBe('diverged');
    expect(outcome.note).toMatchObject({ learningRate: 10, suggestedLearningRate: 1 });
    if (outcome.note?.code === 'lossExploded') expect(outcome.note.from).toBeCloseTo(2.3, 0);
    else expect(outcome.note?.code).toBe('lossNotFinite');
    // It stopped long before the end of the epoch, and leaked nothing.
    expect(batches).toBeLessThan(Math.ceil(5000 / 32));
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    model.dispose();
  });

  it('pauses, resumes and stops between batches', async () => {
    const model = buildModel(denseBaseline.layers, { seed: 2 });
    const optimizer = createOptimizer(denseBaseline.optimizer);
    const data = dataset.view({ trainSize: 5000, validationSplit: 0, standardize: false, seed: 2 });
    let batches = 0;
    const reached: Record<number, () => void> = {};
    const whenBatch = (n: number) => new Promise<void>((resolve) => (reached[n] = resolve));
    const third = whenBatch(3);
    const sixth = whenBatch(6);
    const trainer = new Trainer(model, optimizer, data, { epochs: 1, batchSize: 32, learningRate: 0.001 }, {
      batchEnded: () => {
        batches++;
        if (batches === 3) trainer.pause();
        reached[batches]?.();
      },
    });
    const running = trainer.run();
    await third;
    // Plenty of event-loop turns in which a loop that ignored the pause would run on.
    for (let i = 0; i < 50; i++) await yieldToEventLoop();
    expect(trainer.isPaused).toBe(true);
    expect(batches).toBe(3);
    trainer.resume();
    await sixth;
    trainer.stop();
    const outcome = await running;
    expect(outcome.reason).toBe('stopped');
    expect(batches).toBe(6);
    optimizer.dispose();
    model.dispose();
  });
});

describe('evaluate', () => {
  it('scores all 10,000 test images and fills a consistent confusion matrix', async () => {
    const model = buildModel(denseBaseline.layers, { seed: 5 });
    const data = dataset.view({ trainSize: 1000, validationSplit: 0, standardize: false, seed: 5 });
    const result = await evaluate(model, data.testBatches(1000));
    expect(result.count).toBe(10_000);
    expect(result.confusion.reduce((a, b) => a + b, 0)).toBe(10_000);
    const diagonal = Array.from({ length: 10 }, (_, c) => result.confusion[c * 11]).reduce((a, b) => a + b, 0);
    expect(result.accuracy).toBeCloseTo(diagonal / 10_000, 10);
    // Each row sums to the number of test images of that digit: 980 zeros, 1135 ones, ... in MNIST.
    const rowSums = Array.from({ length: 10 }, (_, c) => result.confusion.subarray(c * 10, c * 10 + 10).reduce((a, b) => a + b, 0));
    expect(rowSums).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    expect(perClassMetrics(result.confusion).map((m) => m.support)).toEqual(rowSums);
    model.dispose();
  });
});

describe('ExplosionWatch', () => {
  it('ignores a noisy but healthy loss and fires on one that climbs far above its start', () => {
    const healthy = new ExplosionWatch();
    for (let i = 0; i < 200; i++) expect(healthy.observe(2.3 * Math.exp(-i / 50) + (i % 3) * 0.2)).toBeNull();
    const exploding = new ExplosionWatch();
    let fired: { from: number; to: number } | null = null;
    for (let i = 0; i < 60 && !fired; i++) fired = exploding.observe(i < 5 ? 2.3 : 14.5);
    expect(fired).not.toBeNull();
    expect(fired!.from).toBeCloseTo(2.3, 5);
    expect(fired!.to).toBeGreaterThan(7.6);
  });
});

describe('divergenceNote', () => {
  // src/i18n/en.test.ts checks the sentence the page makes of it.
  it('names the value to lower and suggests a smaller one, counting from 1', () => {
    expect(divergenceNote(NaN, 0, 4, 0.5)).toEqual({ code: 'lossNotFinite', loss: 'nan', epoch: 1, batch: 5, learningRate: 0.5, suggestedLearningRate: 0.05 });
    expect(divergenceNote(Infinity, 2, 0, 0.003)).toMatchObject({ loss: 'infinite', suggestedLearningRate: 0.0003 });
  });
});
