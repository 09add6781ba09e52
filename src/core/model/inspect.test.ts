import * as tf from '../tf';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildModel } from './build';
import { firstConvFilters, layerActivations, summarizeLayers, summarizeWeights } from './inspect';
import type { LayerSpec } from './spec';

const SMALL_CONV: LayerSpec[] = [
  { kind: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'valid', activation: 'leakyRelu' },
  { kind: 'maxPool', poolSize: 2, strides: 2 },
  { kind: 'conv2d', filters: 6, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
  { kind: 'avgPool', poolSize: 2, strides: 2 },
  { kind: 'batchNorm' },
  { kind: 'flatten' },
  { kind: 'dense', units: 12, activation: 'relu' },
  { kind: 'dropout', rate: 0.5 },
  { kind: 'dense', units: 10, activation: 'softmax' },
];

/** A digit-like image: a bright vertical bar. */
function barImage(): Float32Array {
  const image = new Float32Array(784);
  for (let y = 4; y < 24; y++) for (let x = 12; x < 16; x++) image[y * 28 + x] = 1;
  return image;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

let tensorsBefore = 0;
beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

describe('layerActivations', () => {
  it('gives every conv and pool layer its maps and every dense layer its units, in order', async () => {
    const model = buildModel(SMALL_CONV, { seed: 1 });
    const before = tf.memory().numTensors;
    const layers = await layerActivations(model, barImage());
    expect(tf.memory().numTensors).toBe(before);
    expect(layers.map((l) => [l.className, l.kind, l.height, l.width, l.total, l.count])).toEqual([
      ['Conv2D', 'maps', 26, 26, 4, 4],
      ['MaxPooling2D', 'maps', 13, 13, 4, 4],
      ['Conv2D', 'maps', 13, 13, 6, 6],
      ['AveragePooling2D', 'maps', 6, 6, 6, 6],
      ['Dense', 'units', 1, 12, 12, 12],
      ['Dense', 'units', 1, 10, 10, 10],
    ]);
    for (const layer of layers) expect(layer.values.length).toBe(layer.kind === 'maps' ? layer.count * layer.height * layer.width : layer.count);
    // The classifier's units are its probabilities (taken after the separate softmax layer), and they match predict().
    const probabilities = layers[5].values;
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const predicted = tf.tidy(() => (model.predict(tf.tensor4d(barImage(), [1, 28, 28, 1])) as tf.Tensor).dataSync());
    probabilities.forEach((p, i) => expect(p).toBeCloseTo(predicted[i], 5));
    // The first conv's maps come after its leaky ReLU: negatives are scaled by 0.3, not cut or left whole.
    const raw = tf.tidy(() => (model.layers[0].apply(tf.tensor4d(barImage(), [1, 28, 28, 1])) as tf.Tensor).transpose([0, 3, 1, 2]).dataSync());
    layers[0].values.forEach((v, i) => expect(v).toBeCloseTo(raw[i] < 0 ? raw[i] * 0.3 : raw[i], 5));
    model.dispose();
  });

  it('returns channel-major maps: map c is one contiguous block', async () => {
    const model = buildModel(SMALL_CONV, { seed: 2 });
    const [conv] = await layerActivations(model, barImage());
    const nhwc = tf.tidy(() => tf.leakyRelu(model.layers[0].apply(tf.tensor4d(barImage(), [1, 28, 28, 1])) as tf.Tensor, 0.3).dataSync());
    const c = 3;
    const y = 10;
    const x = 13;
    expect(conv.values[c * 26 * 26 + y * 26 + x]).toBeCloseTo(nhwc[(y * 26 + x) * 4 + c], 5);
    model.dispose();
  });

  it('cuts maps to maxMaps but keeps every unit', async () => {
    const model = buildModel(SMALL_CONV, { seed: 3 });
    const layers = await layerActivations(model, barImage(), { maxMaps: 2 });
    expect(layers.map((l) => l.count)).toEqual([2, 2, 2, 2, 12, 10]);
    expect(layers.map((l) => l.total)).toEqual([4, 4, 6, 6, 12, 10]);
    expect(layers[2].values.length).toBe(2 * 13 * 13);
    model.dispose();
  });

  it('reads a dense-only model as units alone', async () => {
    const model = buildModel([{ kind: 'flatten' }, { kind: 'dense', units: 16, activation: 'relu' }, { kind: 'dense', units: 10, activation: 'softmax' }]);
    const layers = await layerActivations(model, barImage());
    expect(layers.map((l) => [l.kind, l.count])).toEqual([['units', 16], ['units', 10]]);
    expect(await firstConvFilters(model)).toBeNull();
    model.dispose();
  });

  it('walks a functional (non-Sequential) model through a second head', async () => {
    const input = tf.input({ shape: [28, 28, 1] });
    const conv = tf.layers.conv2d({ filters: 3, kernelSize: 5, activation: 'relu' }).apply(input) as tf.SymbolicTensor;
    const pool = tf.layers.maxPooling2d({ poolSize: 2 }).apply(conv) as tf.SymbolicTensor;
    const flat = tf.layers.flatten().apply(pool) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 10, activation: 'softmax' }).apply(flat) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const layers = await layerActivations(model, barImage());
    expect(layers.map((l) => [l.className, l.height, l.width, l.count])).toEqual([
      ['Conv2D', 24, 24, 3],
      ['MaxPooling2D', 12, 12, 3],
      ['Dense', 1, 10, 10],
    ]);
    model.dispose();
  });
});

describe('firstConvFilters', () => {
  it('gives one k x k image per filter, equal to the kernel', async () => {
    const model = buildModel(SMALL_CONV, { seed: 4 });
    const filters = (await firstConvFilters(model))!;
    expect([filters.name, filters.kernelSize, filters.total, filters.count, filters.values.length]).toEqual(['conv2d_0', 3, 4, 4, 36]);
    const kernel = model.layers[0].getWeights()[0].dataSync(); // [3, 3, 1, 4]
    // Filter 2, row 1, column 0.
    expect(filters.values[2 * 9 + 1 * 3 + 0]).toBeCloseTo(kernel[(1 * 3 + 0) * 4 + 2], 6);
    const some = (await firstConvFilters(model, 3))!;
    expect([some.count, some.total, some.values.length]).toEqual([3, 4, 27]);
    model.dispose();
  });
});

describe('summarizeLayers', () => {
  it('lists every layer with its output shape, parameters and weights', async () => {
    const model = buildModel(SMALL_CONV, { seed: 5 });
    const layers = await summarizeLayers(model);
    expect(layers.map((l) => l.outputShape)).toEqual(model.layers.map((l) => (l.outputShape as number[]).slice(1)));
    expect(layers.reduce((sum, l) => sum + l.params, 0)).toBe(model.countParams());
    const conv = layers[0];
    expect(conv.weights.map((w) => [w.name, w.shape, w.count])).toEqual([
      ['conv2d_0/kernel', [3, 3, 1, 4], 36],
      ['conv2d_0/bias', [4], 4],
    ]);
    expect(conv.weights[0].histogram.counts.reduce((a, b) => a + b, 0)).toBe(36);
    model.dispose();
  });

  it('summarizeWeights counts near-zero weights and bins every weight symmetrically around 0', () => {
    const values = Float32Array.from([0, 0.0005, -2, 1, 3, 0, -0.0001, 0.5, -3]);
    const s = summarizeWeights('w', [9], values, 3);
    expect([s.min, s.max, s.nearZero, s.count]).toEqual([-3, 3, 4, 9]);
    expect(s.mean).toBeCloseTo(-0.4996 / 9, 6);
    expect(s.meanAbs).toBeCloseTo(9.5006 / 9, 6);
    // Bins over [-3, 3]: [-3, -1), [-1, 1), [1, 3]; the largest value falls in the last bin.
    expect(s.histogram).toEqual({ limit: 3, counts: [2, 5, 2] });
    expect(summarizeWeights('z', [2], new Float32Array(2), 5).histogram).toEqual({ limit: 0, counts: [0, 0, 2, 0, 0] });
  });
});
