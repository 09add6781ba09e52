/**
 * Figures read back with a lag (readback.ts): the same values as reading every batch at once, just
 * later; divergence, pause and stop still act within a few batches; nothing leaks.
 */
import * as tf from '../tf';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { realMnist } from '../../testing/realMnist';
import type { MnistDataset } from '../data/dataset';
import type { Batch, TrainingData } from '../data/types';
import { PRESETS } from '../config/presets';
import { buildModel } from '../model/build';
import { createOptimizer } from '../model/optimizers';
import { GPU_METRICS_LAG, MetricsReadback, metricsLagFor, type ReadBatch } from './readback';
import { Trainer, type BatchMetrics, type EpochMetrics, type TrainerHooks, type TrainerOptions } from './trainer';

let dataset: MnistDataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dataset = await realMnist();
});

const denseBaseline = PRESETS.find((p) => p.id === 'dense-baseline')!;

/**
 * Wraps a run's data: counts the training batches handed to the trainer (each one is trained
 * unless a Stop came first) and lets a test change a batch, e.g. fill it with NaN.
 */
function watched(data: TrainingData, change: (k: number, batch: Batch) => Batch = (_, b) => b) {
  const counter = { handedOut: 0 };
  const wrapped: TrainingData = {
    trainCount: data.trainCount,
    validationCount: data.validationCount,
    testCount: data.testCount,
    validationBatches: (size) => data.validationBatches(size),
    testBatches: (size, count) => data.testBatches(size, count),
    async *trainBatches(epoch, batchSize) {
      for await (const batch of data.trainBatches(epoch, batchSize)) yield change(counter.handedOut++, batch);
    },
  };
  return { data: wrapped, counter };
}

async function train(
  lag: number, options: Partial<TrainerOptions> = {}, hooks: TrainerHooks = {},
  change?: (k: number, batch: Batch) => Batch, made?: (trainer: Trainer) => void,
) {
  const model = buildModel(denseBaseline.layers, { seed: 5 });
  const optimizer = createOptimizer({ name: 'adam', learningRate: 0.001, momentum: 0 });
  const { data, counter } = watched(dataset.view({ trainSize: 700, validationSplit: 0.1, standardize: false, seed: 5 }), change);
  const batches: BatchMetrics[] = [];
  const epochs: EpochMetrics[] = [];
  const trainer = new Trainer(model, optimizer, data, { epochs: 2, batchSize: 32, learningRate: 0.001, seed: 5, metricsLag: lag, ...options }, {
    ...hooks,
    batchEnded: (m) => { batches.push(m); hooks.batchEnded?.(m); },
    epochEnded: (m) => { epochs.push(m); hooks.epochEnded?.(m); },
  });
  made?.(trainer);
  const outcome = await trainer.run();
  optimizer.dispose();
  model.dispose();
  return { outcome, batches, epochs, trained: counter.handedOut, trainer };
}

/** The figures that do not depend on timing. */
const values = (b: BatchMetrics) => [b.epoch, b.batch, b.loss, b.accuracy, b.smoothedLoss, b.epochLoss, b.epochAccuracy, b.examplesSeen];

describe('MetricsReadback', () => {
  it.each([0, 1, 2, 3, 5])('with lag %i, hands back every batch once it is lag batches old, in order, with one read per group', async (lag) => {
    const readback = new MetricsReadback(lag);
    const before = tf.memory().numTensors;
    const seen: ReadBatch[] = [];
    const count = 11;
    for (let n = 0; n < count; n++) {
      readback.push({ batchIndex: n, size: 1, started: 0 }, tf.scalar(n), tf.scalar(100 + n));
      seen.push(...(await readback.due()));
      // Every batch at least `lag` behind the newest is known; none is handed back twice or out of order.
      expect(seen.length).toBeGreaterThanOrEqual(n + 1 - lag);
      expect(seen.map((r) => r.batchIndex)).toEqual(Array.from({ length: seen.length }, (_, k) => k));
    }
    seen.push(...(await readback.drain()));
    expect(seen.map((r) => [r.loss, r.accuracy])).toEqual(Array.from({ length: count }, (_, k) => [k, 100 + k]));
    expect(readback.groupSize).toBe(Math.ceil((lag + 1) / 2));
    expect(readback.readCount).toBe(Math.ceil(count / readback.groupSize));
    expect(readback.inFlight).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps a GPU backend lagged and reads WASM and CPU at once', () => {
    expect(metricsLagFor('webgpu')).toBe(GPU_METRICS_LAG);
    expect(metricsLagFor('webgl')).toBe(GPU_METRICS_LAG);
    expect(metricsLagFor('wasm')).toBe(0);
    expect(metricsLagFor('cpu')).toBe(0);
    // One readback per two batches on a GPU.
    expect(new MetricsReadback(GPU_METRICS_LAG).groupSize).toBe(2);
  });

  it('releases what is still in flight when disposed unread', () => {
    const readback = new MetricsReadback(3);
    const before = tf.memory().numTensors;
    for (let n = 0; n < 3; n++) readback.push({ batchIndex: n, size: 1, started: 0 }, tf.scalar(n), tf.scalar(n));
    readback.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('Trainer with lagged figures', () => {
  it('reports the same figures per batch and per epoch as reading every batch at once, and leaks nothing', async () => {
    const direct = await train(0);
    const lagged = await train(GPU_METRICS_LAG);
    expect(lagged.outcome).toEqual({ reason: 'completed', epochsCompleted: 2 });
    expect(lagged.batches.length).toBe(direct.batches.length);
    expect(lagged.batches.map(values)).toEqual(direct.batches.map(values));
    expect(lagged.epochs.map((e) => [e.trainLoss, e.trainAccuracy, e.validationLoss, e.validationAccuracy]))
      .toEqual(direct.epochs.map((e) => [e.trainLoss, e.trainAccuracy, e.validationLoss, e.validationAccuracy]));
    // Nothing is in flight at an epoch's end: the tensor count is the same after every epoch, and the same as without the lag.
    expect(lagged.epochs.map((e) => e.numTensors)).toEqual(direct.epochs.map((e) => e.numTensors));
    expect(new Set(lagged.epochs.map((e) => e.numTensors)).size).toBe(1);
  });

  it.each([5, 6])('stops on a NaN loss at batch %i within lag + 1 batches, naming that batch', async (nanBatch) => {
    const before = tf.memory().numTensors;
    const poison = (k: number, batch: Batch): Batch => {
      if (k !== nanBatch) return batch;
      const xs = tf.fill(batch.xs.shape, NaN) as tf.Tensor4D;
      batch.xs.dispose();
      return { xs, ys: batch.ys };
    };
    const { outcome, batches, trained } = await train(GPU_METRICS_LAG, {}, {}, poison);
    expect(outcome.reason).toBe('diverged');
    expect(outcome.note).toMatchObject({ code: 'lossNotFinite', loss: 'nan', epoch: 1, batch: nanBatch + 1 });
    // The batches before the NaN reached the page; at most GPU_METRICS_LAG more were trained before it was seen.
    expect(batches.length).toBe(nanBatch);
    expect(trained).toBeGreaterThan(nanBatch);
    expect(trained).toBeLessThanOrEqual(nanBatch + 1 + GPU_METRICS_LAG);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops within the batch in flight, reporting every batch it trained', async () => {
    // Stop asked for when batch 8's figures arrive, as a Stop click that lands while the chart updates.
    const stopWhen = 8;
    let trainerRef: Trainer | null = null;
    const before = tf.memory().numTensors;
    const { outcome, batches, trained } = await train(GPU_METRICS_LAG, {}, {
      batchEnded: (m) => { if (m.epoch === 0 && m.batch === stopWhen - 1) trainerRef!.stop(); },
    }, undefined, (t) => (trainerRef = t));
    expect(outcome).toEqual({ reason: 'stopped', epochsCompleted: 0 });
    // No batch is sent after the Stop; the ones already queued (at most the lag) are read and shown.
    expect(trained).toBeLessThanOrEqual(stopWhen + GPU_METRICS_LAG);
    expect(batches.length).toBe(trained);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops before a batch handed out after the Stop, and pauses with every trained batch shown', async () => {
    let trainerRef: Trainer | null = null;
    const atPause: number[] = [];
    let batchesSoFar = 0;
    let handedOut = 0;
    const { outcome, batches, trained } = await train(GPU_METRICS_LAG, {}, {
      batchEnded: (m) => {
        batchesSoFar++;
        if (m.epoch === 0 && m.batch === 4) trainerRef!.pause();
      },
      paused: () => {
        atPause.push(batchesSoFar, handedOut);
        setTimeout(() => trainerRef!.resume(), 0);
      },
    }, (k, batch) => {
      handedOut = k + 1;
      if (k === 15) trainerRef!.stop();
      return batch;
    }, (t) => (trainerRef = t));
    // Paused after the batch in flight, with every batch trained so far on the page.
    expect(atPause[0]).toBe(atPause[1]);
    expect(atPause[0]).toBeLessThanOrEqual(5 + GPU_METRICS_LAG);
    // The batch handed out as Stop came is not trained; the fifteen before it are all reported.
    expect(outcome).toEqual({ reason: 'stopped', epochsCompleted: 0 });
    expect(trained).toBe(16);
    expect(batches.length).toBe(15);
  });
});
