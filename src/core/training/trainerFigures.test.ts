/**
 * The figures a run reports batch by batch agree with each other and with how it ends: the
 * divergence note quotes what the card and the chart show, the epoch's running figures are the
 * size-weighted means of its batches, and the speed leaves the warm-up batch out.
 */
import * as tf from '../tf';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { realMnist } from '../../testing/realMnist';
import type { MnistDataset } from '../data/dataset';
import { PRESETS } from '../config/presets';
import { buildModel } from '../model/build';
import { createOptimizer } from '../model/optimizers';
import { LOSS_SMOOTHING, Trainer, type BatchMetrics, type EpochMetrics } from './trainer';

let dataset: MnistDataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dataset = await realMnist();
});

const denseBaseline = PRESETS.find((p) => p.id === 'dense-baseline')!;

describe('Trainer figures', () => {
  it('ends a diverged run on the batch its note quotes: smoothed loss, highest batch loss and epoch loss all match', async () => {
    // SGD at learning rate 5 on the dense baseline: the loss shoots up within a few batches.
    const model = buildModel(denseBaseline.layers, { seed: 1 });
    const optimizer = createOptimizer({ name: 'sgd', learningRate: 5, momentum: 0 });
    const data = dataset.view({ trainSize: 2000, validationSplit: 0, standardize: false, seed: 1 });
    const batches: BatchMetrics[] = [];
    const trainer = new Trainer(model, optimizer, data, { epochs: 1, batchSize: 64, learningRate: 5 }, { batchEnded: (m) => batches.push(m) });

    const outcome = await trainer.run();

    expect(outcome.reason).toBe('diverged');
    const note = outcome.note!;
    expect(note.code).toBe('lossExploded');
    if (note.code !== 'lossExploded') return;
    const last = batches[batches.length - 1];
    // The batch that showed the explosion reached the page, and the note names it.
    expect(note.batch).toBe(last.batch + 1);
    expect(note.to).toBe(last.smoothedLoss);
    expect(note.epochLoss).toBe(last.epochLoss);
    expect(note.last).toBe(last.loss);
    expect(note.peak).toBe(Math.max(...batches.map((b) => b.loss)));
    expect(note.from).toBe(batches[0].loss);
    // The smoothed loss is the moving average the chart draws, over every batch reported.
    let smoothed = NaN;
    for (const b of batches) smoothed = Number.isNaN(smoothed) ? b.loss : LOSS_SMOOTHING * smoothed + (1 - LOSS_SMOOTHING) * b.loss;
    expect(last.smoothedLoss).toBeCloseTo(smoothed, 9);
    optimizer.dispose();
    model.dispose();
  });

  it('reports the epoch so far as size-weighted means, leaves the warm-up batch out of the speed, and ends epochs on the same figures', async () => {
    const model = buildModel(denseBaseline.layers, { seed: 2 });
    const optimizer = createOptimizer({ name: 'adam', learningRate: 0.001, momentum: 0 });
    // 1,000 images at batch 96: ten full batches and a last one of 40.
    const data = dataset.view({ trainSize: 1000, validationSplit: 0, standardize: false, seed: 2 });
    const batches: BatchMetrics[] = [];
    const epochs: EpochMetrics[] = [];
    const trainer = new Trainer(model, optimizer, data, { epochs: 2, batchSize: 96, learningRate: 0.001 }, {
      batchEnded: (m) => batches.push(m),
      epochEnded: (m) => epochs.push(m),
    });

    await trainer.run();

    expect(batches).toHaveLength(22);
    const first = batches.slice(0, 11);
    const sizes = first.map((_, i) => (i < 10 ? 96 : 40));
    const weighted = (pick: (b: BatchMetrics) => number) => first.reduce((sum, b, i) => sum + pick(b) * sizes[i], 0) / 1000;
    expect(first[10].epochLoss).toBeCloseTo(weighted((b) => b.loss), 6);
    expect(first[10].epochAccuracy).toBeCloseTo(weighted((b) => b.accuracy), 6);
    expect(epochs[0].trainLoss).toBe(first[10].epochLoss);
    expect(epochs[0].trainAccuracy).toBe(first[10].epochAccuracy);
    // The running figures start again with each epoch.
    expect(batches[11].epochLoss).toBe(batches[11].loss);

    // Warm-up: the first batch has no speed, and its time is reported apart.
    expect(batches[0].examplesPerSecond).toBe(0);
    expect(batches[0].steadyBatches).toBe(0);
    expect(batches[0].firstBatchSeconds).toBeGreaterThan(0);
    expect(batches.every((b) => b.firstBatchSeconds === batches[0].firstBatchSeconds)).toBe(true);
    // Steady batches: every one but the first of each size (96 once, 40 once).
    expect(batches[21].steadyBatches).toBe(20);
    expect(batches[21].examplesPerSecond).toBeGreaterThan(0);
    optimizer.dispose();
    model.dispose();
  });
});

describe('Trainer warm-up and Stop', () => {
  it('ends a run stopped before its first batch without training a batch, and leaks nothing', async () => {
    const model = buildModel(denseBaseline.layers, { seed: 3 });
    const optimizer = createOptimizer({ name: 'adam', learningRate: 0.001, momentum: 0 });
    const data = dataset.view({ trainSize: 1000, validationSplit: 0, standardize: false, seed: 3 });
    let batchCount = 0;
    const trainer = new Trainer(model, optimizer, data, { epochs: 1, batchSize: 32, learningRate: 0.001 }, { batchEnded: () => batchCount++ });
    const before = tf.memory().numTensors;
    // As the engine does when Stop arrives while the model is being built.
    trainer.stop();
    const outcome = await trainer.run();
    expect(outcome).toEqual({ reason: 'stopped', epochsCompleted: 0 });
    expect(batchCount).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    model.dispose();
  });

  it('counts the warm-up from when the run was asked for (building the model included)', async () => {
    const model = buildModel(denseBaseline.layers, { seed: 4 });
    const optimizer = createOptimizer({ name: 'adam', learningRate: 0.001, momentum: 0 });
    const data = dataset.view({ trainSize: 1000, validationSplit: 0, standardize: false, seed: 4 });
    const batches: BatchMetrics[] = [];
    const askedAt = performance.now() - 5000; // as if building the model had taken 5 s
    const trainer = new Trainer(model, optimizer, data, { epochs: 1, batchSize: 500, learningRate: 0.001, warmupStartedAt: askedAt }, { batchEnded: (m) => batches.push(m) });
    await trainer.run();
    expect(batches[0].firstBatchSeconds).toBeGreaterThanOrEqual(5);
    expect(batches[0].firstBatchSeconds).toBeGreaterThan(batches[0].elapsedSeconds);
    optimizer.dispose();
    model.dispose();
  });
});
