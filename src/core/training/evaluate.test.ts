import * as tf from '../tf';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { realMnist } from '../../testing/realMnist';
import { PRESETS } from '../config/presets';
import type { MnistDataset } from '../data/dataset';
import { buildModel } from '../model/build';
import { evaluate, evaluateWithDetails } from './evaluate';

let dataset: MnistDataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dataset = await realMnist();
});

const smallConv = PRESETS.find((p) => p.id === 'small-conv')!;

describe('evaluateWithDetails', () => {
  it('agrees with evaluate on a fixed subset and keeps each image\'s label, prediction and probabilities', async () => {
    const model = buildModel(smallConv.layers, { seed: 3 });
    const view = dataset.view({ trainSize: 1000, validationSplit: 0, standardize: false, seed: 3 });
    const plain = await evaluate(model, view.testBatches(300, 700));
    const progress: number[] = [];
    const detailed = (await evaluateWithDetails(model, view.testBatches(300, 700), { expectedCount: 500, onProgress: (n) => progress.push(n) }))!;
    expect(detailed.count).toBe(700);
    expect(progress).toEqual([300, 600, 700]);
    expect(Array.from(detailed.confusion)).toEqual(Array.from(plain.confusion));
    expect(detailed.accuracy).toBeCloseTo(plain.accuracy, 10);
    expect(detailed.loss).toBeCloseTo(plain.loss, 5);
    expect(detailed.labels).toHaveLength(700);
    expect(detailed.probabilities).toHaveLength(7000);
    // The labels are the test set's own, in order; each row of probabilities sums to 1 and its largest is the prediction.
    expect(Array.from(detailed.labels.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    for (const i of [0, 123, 699]) {
      const row = Array.from(detailed.probabilities.subarray(i * 10, i * 10 + 10));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      expect(row.indexOf(Math.max(...row))).toBe(detailed.predicted[i]);
    }
    model.dispose();
  });

  it('stops between batches when cancelled, resolving to null and leaking no tensor', async () => {
    const model = buildModel(smallConv.layers, { seed: 3 });
    const view = dataset.view({ trainSize: 1000, validationSplit: 0, standardize: false, seed: 3 });
    const before = tf.memory().numTensors;
    let evaluated = 0;
    const result = await evaluateWithDetails(model, view.testBatches(250), {
      onProgress: (n) => (evaluated = n),
      isCancelled: () => evaluated >= 500,
      yieldEveryBatch: true,
    });
    expect(result).toBeNull();
    expect(evaluated).toBe(500);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
