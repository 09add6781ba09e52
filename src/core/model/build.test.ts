import * as tf from '../tf';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PRESETS } from '../config/presets';
import type { OptimizerName } from '../training/types';
import { buildModel, classifierScores, LEAKY_RELU_ALPHA, reseedDropout, specOutputLayer } from './build';
import { describeModel } from './describe';
import { createOptimizer } from './optimizers';
import type { LayerSpec } from './spec';

const flatten: LayerSpec = { kind: 'flatten' };
const classifier: LayerSpec = { kind: 'dense', units: 10, activation: 'softmax' };

/** Stacks beyond the presets that exercise every layer kind, activation, stride and padding. */
const EXTRA_STACKS: Record<string, LayerSpec[]> = {
  'strides, same padding, avg pool, batch norm': [
    { kind: 'conv2d', filters: 8, kernelSize: 3, strides: 2, padding: 'valid', activation: 'elu' },
    { kind: 'batchNorm' },
    { kind: 'conv2d', filters: 6, kernelSize: 3, strides: 2, padding: 'same', activation: 'leakyRelu' },
    { kind: 'conv2d', filters: 4, kernelSize: 9, strides: 1, padding: 'same', activation: 'tanh' },
    { kind: 'avgPool', poolSize: 3, strides: 2 },
    flatten,
    { kind: 'dense', units: 12, activation: 'sigmoid' },
    { kind: 'batchNorm' },
    { kind: 'dense', units: 7, activation: 'linear' },
    { kind: 'dropout', rate: 0 },
    classifier,
  ],
  'leaky ReLU first': [
    { kind: 'conv2d', filters: 4, kernelSize: 5, strides: 1, padding: 'valid', activation: 'leakyRelu' },
    { kind: 'maxPool', poolSize: 2, strides: 1 },
    flatten,
    { kind: 'dense', units: 16, activation: 'leakyRelu' },
    classifier,
  ],
};

const STACKS: [string, readonly LayerSpec[]][] = [...PRESETS.map((p): [string, readonly LayerSpec[]] => [p.id, p.layers]), ...Object.entries(EXTRA_STACKS)];

function weightValues(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

let tensorsBefore = 0;
beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
});
afterEach(() => {
  // Every test disposes what it builds: no tensor outlives it.
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

describe('buildModel agrees with describeModel', () => {
  it.each(STACKS)('%s', (_name, layers) => {
    const description = describeModel(layers);
    const model = buildModel(layers);
    try {
      expect(model.countParams()).toBe(description.totalParams);
      const trainable = model.trainableWeights.reduce((total, w) => total + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
      expect(trainable).toBe(description.trainableParams);
      description.layers.forEach((layer, index) => {
        const tfLayer = specOutputLayer(model, index);
        expect((tfLayer.outputShape as number[]).slice(1), `output of layer ${index}`).toEqual(layer.outputShape);
      });
      const counted = model.layers.reduce((total, l) => total + l.countParams(), 0);
      expect(counted).toBe(description.totalParams);
      expect(model.outputs[0].shape).toEqual([null, 10]);
    } finally {
      model.dispose();
    }
  });
});

describe('buildModel', () => {
  it('refuses an impossible stack, naming each problem and its layer', () => {
    const layers: LayerSpec[] = [
      { kind: 'dense', units: 32, activation: 'relu' },
      flatten,
      { kind: 'dropout', rate: 1.5 },
      classifier,
    ];
    // A developer's error: the problems as codes (the page words them before Train is ever enabled).
    expect(() => buildModel(layers)).toThrow(
      'Cannot build this model:\n' +
        '- layer 1 (Dense 32 relu): denseNeedsFlat {"input":[28,28,1]}\n' +
        '- layer 3 (Dropout 1.5): badDropoutRate {"value":1.5}',
    );
    expect(() => buildModel([])).toThrow('noLayers');
  });

  it('gives the same weights for the same seed, and different ones for another seed', () => {
    const layers = PRESETS.find((p) => p.id === 'two-conv-adam')!.layers;
    const first = buildModel(layers, { seed: 42 });
    const again = buildModel(layers, { seed: 42 });
    const other = buildModel(layers, { seed: 43 });
    const he = buildModel(layers, { seed: 42, kernelInitializer: 'heNormal' });
    const heAgain = buildModel(layers, { seed: 42, kernelInitializer: 'heNormal' });
    try {
      expect(weightValues(again)).toEqual(weightValues(first));
      expect(weightValues(heAgain)).toEqual(weightValues(he));
      expect(weightValues(other)[0]).not.toEqual(weightValues(first)[0]);
      expect(weightValues(he)[0]).not.toEqual(weightValues(first)[0]);
      // Two conv kernels of one model are not drawn from the same stream.
      const [kernel0, , kernel1] = weightValues(first);
      expect(Array.from(kernel1.slice(0, 8))).not.toEqual(Array.from(kernel0.slice(0, 8)));
    } finally {
      [first, again, other, he, heAgain].forEach((m) => m.dispose());
    }
  });

  it('puts a leaky ReLU layer after a linear one, with Keras slope', () => {
    const model = buildModel([flatten, { kind: 'dense', units: 1, activation: 'leakyRelu' }, classifier], { seed: 1 });
    try {
      const names = model.layers.map((l) => l.name);
      expect(names).toEqual(['flatten_0', 'dense_1', 'dense_1_leakyRelu', 'dense_2', 'dense_2_softmax']);
      const hidden = tf.model({ inputs: model.inputs, outputs: specOutputLayer(model, 1).output as tf.SymbolicTensor });
      const linear = tf.model({ inputs: model.inputs, outputs: model.getLayer('dense_1').output as tf.SymbolicTensor });
      const [h, z] = tf.tidy(() => {
        const x = tf.randomUniform([16, 28, 28, 1], -1, 1, 'float32', 7);
        return [hidden.predict(x) as tf.Tensor, linear.predict(x) as tf.Tensor];
      });
      const expected = Array.from(z.dataSync()).map((v) => (v < 0 ? LEAKY_RELU_ALPHA * v : v));
      Array.from(h.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
      tf.dispose([h, z]);
    } finally {
      model.dispose();
    }
  });

  it('predicts one probability per digit', () => {
    const model = buildModel(PRESETS[0].layers, { seed: 3 });
    try {
      const sums = tf.tidy(() => (model.predict(tf.zeros([2, 28, 28, 1])) as tf.Tensor).sum(1));
      expect(Array.from(sums.dataSync()).map((s) => s.toFixed(5))).toEqual(['1.00000', '1.00000']);
      sums.dispose();
    } finally {
      model.dispose();
    }
  });
});

describe('reseedDropout', () => {
  it('drops the same units for the same seed and step, and other units at the next step', () => {
    const model = buildModel([flatten, { kind: 'dropout', rate: 0.5 }, classifier]);
    const dropout = model.getLayer('dropout_1');
    const mask = (seed: number, step: number) => {
      reseedDropout(model, seed, step);
      return tf.tidy(() => Array.from((dropout.apply(tf.ones([1, 784]), { training: true }) as tf.Tensor).dataSync()));
    };
    try {
      const first = mask(42, 0);
      expect(first.filter((v) => v === 0).length).toBeGreaterThan(300); // about half of 784
      expect(mask(42, 0)).toEqual(first);
      expect(mask(42, 1)).not.toEqual(first);
      expect(mask(43, 0)).not.toEqual(first);
    } finally {
      model.dispose();
    }
  });
});

describe('classifierScores', () => {
  it('gives the logits behind the softmax: the same ranking, and softmax of them is the prediction', () => {
    const model = buildModel(PRESETS.find((p) => p.id === 'small-conv')!.layers, { seed: 5 });
    try {
      const [logits, probs, isLogits] = tf.tidy(() => {
        const x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 11);
        const { scores, isLogits } = classifierScores(model, x, false);
        return [tf.softmax(scores), model.predict(x) as tf.Tensor, isLogits] as const;
      });
      expect(isLogits).toBe(true);
      const expected = probs.dataSync();
      Array.from(logits.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
      tf.dispose([logits, probs]);
    } finally {
      model.dispose();
    }
  });

  it('falls back to the probabilities of a model whose softmax is inside its last Dense', () => {
    const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 10, activation: 'softmax' })] });
    try {
      const isLogits = tf.tidy(() => classifierScores(model, tf.zeros([1, 28, 28, 1]), false).isLogits);
      expect(isLogits).toBe(false);
    } finally {
      model.dispose();
    }
  });
});

describe('createOptimizer', () => {
  const names: OptimizerName[] = ['sgd', 'momentum', 'adam', 'rmsprop', 'adagrad', 'adadelta'];

  it.each(names)('%s takes a step that lowers a quadratic loss', (name) => {
    // adadelta's effective step starts near sqrt(epsilon), so give it Keras mnist_cnn's lr 1.
    const optimizer = createOptimizer({ name, learningRate: name === 'adadelta' ? 1 : 0.1, momentum: 0.9 });
    const w = tf.tidy(() => tf.variable(tf.tensor1d([3, -2])));
    const loss = () => w.square().sum() as tf.Scalar;
    try {
      const before = tf.tidy(() => loss().dataSync()[0]);
      for (let step = 0; step < 3; step += 1) optimizer.minimize(loss);
      const after = tf.tidy(() => loss().dataSync()[0]);
      expect(after).toBeLessThan(before);
    } finally {
      optimizer.dispose();
      w.dispose();
    }
  });

  it('builds the optimizer each name asks for', () => {
    const classes: Record<OptimizerName, string> = {
      sgd: 'SGD',
      momentum: 'Momentum',
      adam: 'Adam',
      rmsprop: 'RMSProp',
      adagrad: 'Adagrad',
      adadelta: 'Adadelta',
    };
    for (const name of names) {
      const optimizer = createOptimizer({ name, learningRate: 0.01, momentum: 0.5 });
      expect(optimizer.getClassName()).toBe(classes[name]);
      expect(optimizer.getConfig().learningRate).toBe(0.01);
      optimizer.dispose();
    }
    const momentum = createOptimizer({ name: 'momentum', learningRate: 0.01, momentum: 0.9 });
    expect(momentum.getConfig()).toMatchObject({ momentum: 0.9, useNesterov: false });
    momentum.dispose();
  });

  it('takes the Keras Adadelta step, dividing by the average that includes this gradient', () => {
    const optimizer = createOptimizer({ name: 'adadelta', learningRate: 1, momentum: 0 });
    const w = tf.tidy(() => tf.variable(tf.tensor1d([3, -2])));
    try {
      optimizer.minimize(() => w.square().sum() as tf.Scalar);
      // Gradient 2w; new average 0.05 g^2; step sqrt(0 + eps) / sqrt(0.05 g^2 + eps) * g.
      const eps = tf.backend().epsilon();
      const expected = [3, -2].map((x) => x - (Math.sqrt(eps) / Math.sqrt(0.05 * (2 * x) ** 2 + eps)) * 2 * x);
      Array.from(w.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    } finally {
      optimizer.dispose();
      w.dispose();
    }
  });

  it('refuses a learning rate that is not positive and a momentum outside [0, 1)', () => {
    expect(() => createOptimizer({ name: 'adam', learningRate: 0, momentum: 0.9 })).toThrow('Learning rate must be a positive number (got 0).');
    expect(() => createOptimizer({ name: 'sgd', learningRate: Number.NaN, momentum: 0.9 })).toThrow('Learning rate');
    expect(() => createOptimizer({ name: 'momentum', learningRate: 0.01, momentum: 1 })).toThrow('Momentum must be at least 0 and below 1 (got 1).');
  });
});
