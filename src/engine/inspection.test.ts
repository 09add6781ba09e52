import * as tf from '../core/tf';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MnistDataset } from '../core/data/dataset';
import { buildModel } from '../core/model/build';
import { getPreset } from '../core/config/presets';
import { realMnist } from '../testing/realMnist';
import { activationsTransfer, answerActivations, answerMemory, answerModelLayers, type ActiveModelSource } from './inspection';
import type { ActiveModelInfo } from './protocol';

let dataset: MnistDataset;
let model: tf.LayersModel;
let shelf: ActiveModelSource;
const info: ActiveModelInfo = { source: 'trained', name: { kind: 'run', runId: 1 }, standardize: true, params: 0, runId: 1, isTraining: true };

beforeAll(async () => {
  await tf.setBackend('cpu');
  dataset = await realMnist();
  // small-conv: conv 16, pool, conv 32, pool, flatten, dense 10 (softmax).
  model = buildModel(getPreset('small-conv')!.layers, { seed: 7 });
  shelf = { activeModel: async () => ({ model, info }) };
});

afterAll(() => model.dispose());

describe('the activations query', () => {
  it('reads a test image layer by layer and leaves no tensor behind', async () => {
    await answerActivations(shelf, dataset, { kind: 'activations', input: { kind: 'test', index: 0 } }); // warm-up: kernels, caches
    const before = tf.memory().numTensors;
    const result = await answerActivations(shelf, dataset, { kind: 'activations', input: { kind: 'test', index: 0 } });
    expect(tf.memory().numTensors).toBe(before);
    // MNIST's first test image is a 7.
    expect(result.label).toBe(7);
    expect(result.pixels.length).toBe(784);
    expect(Math.max(...result.pixels)).toBeLessThanOrEqual(1);
    expect(result.model).toBe(info);
    expect(result.layers.map((l) => [l.className, l.height, l.width, l.count])).toEqual([
      ['Conv2D', 26, 26, 16],
      ['MaxPooling2D', 13, 13, 16],
      ['Conv2D', 11, 11, 32],
      ['MaxPooling2D', 5, 5, 32],
      ['Dense', 1, 10, 10],
    ]);
    expect([result.filters?.count, result.filters?.kernelSize]).toEqual([16, 3]);
    // Every buffer is handed over once.
    expect(activationsTransfer(result).length).toBe(1 + result.layers.length + 1);
  });

  it('reads a drawing as given, and cuts maps to maxMaps', async () => {
    const before = tf.memory().numTensors;
    const pixels = new Float32Array(784).fill(0.5);
    const result = await answerActivations(shelf, dataset, { kind: 'activations', input: { kind: 'pixels', pixels }, maxMaps: 4 });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.label).toBeNull();
    expect(result.layers.map((l) => [l.count, l.total])).toEqual([[4, 16], [4, 16], [4, 32], [4, 32], [10, 10]]);
    expect(result.filters?.count).toBe(4);
  });

  it('standardises the image when the model was trained on standardised inputs', async () => {
    const pixels = new Float32Array(784);
    const plain = await answerActivations({ activeModel: async () => ({ model, info: { ...info, standardize: false } }) }, dataset, { kind: 'activations', input: { kind: 'pixels', pixels } });
    const standardised = await answerActivations(shelf, dataset, { kind: 'activations', input: { kind: 'pixels', pixels } });
    expect(plain.layers[4].values).not.toEqual(standardised.layers[4].values);
  });

  it('refuses a test image outside the 10,000', async () => {
    await expect(answerActivations(shelf, dataset, { kind: 'activations', input: { kind: 'test', index: 10_000 } })).rejects.toThrow(RangeError);
  });
});

describe('the modelLayers and memory queries', () => {
  it('lists the layers with their weights, and counts the live tensors', async () => {
    const before = tf.memory().numTensors;
    const { layers } = await answerModelLayers(shelf);
    expect(tf.memory().numTensors).toBe(before);
    expect(layers.map((l) => l.className)).toEqual(['Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense', 'Activation']);
    expect(layers[2].weights[0].shape).toEqual([3, 3, 16, 32]);
    // Every one of the 4,608 weights is in the histogram.
    expect(layers[2].weights[0].count).toBe(4608);
    expect(layers[2].weights[0].histogram.counts.reduce((a, b) => a + b, 0)).toBe(4608);
    const memory = answerMemory();
    expect(memory.backend).toBe('cpu');
    expect(memory.numTensors).toBe(tf.memory().numTensors);
    // The model's 6 weight tensors at least are alive.
    expect(memory.numTensors).toBeGreaterThanOrEqual(6);
    expect(memory.numBytes).toBeGreaterThan(0);
  });
});
