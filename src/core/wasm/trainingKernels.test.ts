import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from './trainingKernels';
import { expectClose, random } from './kernelTestUtils';
import { col2imLimits } from './convBackpropInput';
import { getPreset } from '../config/presets';
import { buildModel } from '../model/build';

type Pad = 'valid' | 'same' | number[][];

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Runs `f` with the given backend active and returns its outputs as plain arrays. */
async function on(backend: 'cpu' | 'wasm', f: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outs = tf.tidy(f);
  const values = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  return values;
}

async function compareBackends(f: () => tf.Tensor[], label: string): Promise<void> {
  const expected = await on('cpu', f);
  const actual = await on('wasm', f);
  expected.forEach((e, i) => expectClose(actual[i], e, `${label} #${i}`));
}

beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  await tf.ready();
});

describe('registerWasmTrainingKernels', () => {
  it('is idempotent and replaces the stock kernels', () => {
    const names = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'AvgPoolGrad', 'BatchMatMul'];
    const before = names.map((n) => tf.getKernel(n, 'wasm')?.kernelFunc);
    registerWasmTrainingKernels();
    const after = names.map((n) => tf.getKernel(n, 'wasm')?.kernelFunc);
    expect(after).toEqual(before);
    expect(before.every((f) => f != null)).toBe(true);
  });
});

describe('conv2d gradients match the cpu backend', () => {
  // [batch, height, width, inChannels, outChannels, kernel, stride, pad]
  const cases: [number, number, number, number, number, number, number, Pad][] = [
    [1, 9, 9, 1, 4, 3, 1, 'valid'],
    [4, 10, 10, 3, 8, 5, 1, 'same'],
    [4, 12, 12, 32, 16, 5, 1, 'valid'],
    [4, 11, 11, 3, 8, 3, 2, 'valid'],
    [1, 12, 12, 32, 8, 3, 2, 'same'],
    [4, 8, 9, 1, 32, 5, 2, 'same'],
    [4, 13, 10, 1, 16, 3, 2, 'valid'],
    [2, 7, 7, 32, 32, 3, 1, 'same'],
    [4, 9, 8, 3, 4, 3, 1, [[0, 0], [1, 2], [2, 0], [0, 0]]],
    [1, 28, 28, 1, 32, 5, 1, 'valid'],
    // dx by col2im with every tap inside the input: stride 2, and one input channel with a
    // 4-wide kernel.
    [2, 9, 9, 4, 8, 3, 2, 'valid'],
    [2, 10, 10, 1, 8, 4, 1, 'valid'],
  ];
  it.each(cases)('x [%i,%i,%i,%i] -> %i filters, kernel %i, stride %i, pad %j', async (b, h, w, ci, co, k, s, pad) => {
    const xShape = [b, h, w, ci];
    const fShape = [k, k, ci, co];
    const xData = random(size(xShape), 1);
    const fData = random(size(fShape), 2);
    const probe = (): tf.Tensor[] => {
      const x = tf.tensor4d(xData, xShape as [number, number, number, number]);
      const f = tf.tensor4d(fData, fShape as [number, number, number, number]);
      const yShape = tf.conv2d(x, f, s, pad as 'valid').shape;
      const dy = tf.tensor(random(size(yShape), 3), yShape);
      const grads = tf.grads((xi: tf.Tensor, fi: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv2d(xi as tf.Tensor4D, fi as tf.Tensor4D, s, pad as 'valid'), dy)));
      return grads([x, f]);
    };
    await compareBackends(probe, 'dx, dW');
  });

  it('computes dx in batch chunks when the cols buffer would be too large', async () => {
    const saved = col2imLimits.maxCols;
    col2imLimits.maxCols = 3 * 4 * 4 * 9 * 8; // 3 images of the 5 per chunk: chunks of 3 + 2
    try {
      const xData = random(5 * 9 * 9 * 8, 12);
      const fData = random(3 * 3 * 8 * 6, 13);
      await compareBackends(() => {
        const x = tf.tensor4d(xData, [5, 9, 9, 8]);
        const f = tf.tensor4d(fData, [3, 3, 8, 6]);
        const dy = tf.tensor(random(5 * 4 * 4 * 6, 14), [5, 4, 4, 6]);
        return [tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xi as tf.Tensor4D, f, 2, 'valid'), dy)))(x)];
      }, 'chunked dx');
    } finally {
      col2imLimits.maxCols = saved;
    }
  });
});

describe('pooling gradients match the cpu backend', () => {
  // [shape, pool size, stride, pad, quantize (0: continuous, n: values k/n so that ties abound)]
  const cases: [number[], number, number, 'valid' | 'same', number][] = [
    [[1, 4, 4, 1], 2, 2, 'valid', 0],
    [[4, 8, 8, 32], 2, 2, 'valid', 2],
    [[4, 9, 9, 3], 3, 2, 'valid', 0],
    [[4, 9, 9, 3], 3, 2, 'valid', 3],
    [[2, 7, 7, 32], 2, 2, 'same', 1],
    [[1, 8, 8, 32], 3, 2, 'same', 0],
    [[4, 6, 5, 1], 3, 1, 'same', 2],
    // The WASM SIMD path (2x2, stride 2, C a multiple of 4): ties everywhere, an odd height
    // (the last row is in no window), and a plain case.
    [[2, 9, 8, 8], 2, 2, 'valid', 1],
    [[3, 6, 10, 4], 2, 2, 'valid', 0],
  ];
  it.each(cases)('maxPool %j pool %i stride %i %s (quantize %i)', async (shape, pool, stride, pad, q) => {
    const xData = random(size(shape), 4, q);
    await compareBackends(() => {
      const x = tf.tensor4d(xData, shape as [number, number, number, number]);
      const y = tf.maxPool(x, pool, stride, pad);
      const dy = tf.tensor(random(size(y.shape), 5), y.shape);
      return [tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(xi as tf.Tensor4D, pool, stride, pad), dy)))(x)];
    }, 'maxPool dx');
  });
  it.each(cases)('avgPool %j pool %i stride %i %s', async (shape, pool, stride, pad) => {
    const xData = random(size(shape), 6);
    await compareBackends(() => {
      const x = tf.tensor4d(xData, shape as [number, number, number, number]);
      const y = tf.avgPool(x, pool, stride, pad);
      const dy = tf.tensor(random(size(y.shape), 7), y.shape);
      return [tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(tf.avgPool(xi as tf.Tensor4D, pool, stride, pad), dy)))(x)];
    }, 'avgPool dx');
  });
  it('maxPool gradient skips windows with nothing above -Infinity, on the SIMD path too', async () => {
    const x = new Float32Array(2 * 2 * 4).fill(-Infinity);
    x.set([3, NaN, -Infinity, 1], 4); // second pixel: a value in channels 0 and 3 only
    const [dx] = await on('wasm', () => {
      const xi = tf.tensor4d(x, [1, 2, 2, 4]);
      return [tf.grad((t: tf.Tensor) => tf.sum(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid')))(xi)];
    });
    expect(Array.from(dx)).toEqual([0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
  it('maxPool gradient goes to the first maximum of a window on ties', async () => {
    const [dx] = await on('wasm', () => {
      const x = tf.tensor4d([1, 1, 3, 0, 1, 0, 3, 3], [1, 2, 4, 1]);
      return [tf.grad((xi: tf.Tensor) => tf.sum(tf.maxPool(xi as tf.Tensor4D, 2, 2, 'valid')))(x)];
    });
    expect(Array.from(dx)).toEqual([1, 0, 1, 0, 0, 0, 0, 0]);
  });
});

describe('matMul with transposes matches the cpu backend', () => {
  const cases: [number[], number[], boolean, boolean][] = [
    [[64, 1024], [64, 128], true, false],
    [[64, 128], [1024, 128], false, true],
    [[7, 5], [3, 7], true, true],
    [[1, 6, 4], [1, 6, 5], true, false],
    [[3, 6, 4], [3, 5, 4], false, true],
  ];
  it.each(cases)('a %j b %j transposeA %s transposeB %s', async (aShape, bShape, ta, tb) => {
    const aData = random(size(aShape), 8);
    const bData = random(size(bShape), 9);
    await compareBackends(() => [tf.matMul(tf.tensor(aData, aShape), tf.tensor(bData, bShape), ta, tb)], 'matMul');
  });
});

/** The playground's "lenet-5x5", built the way the app builds it. */
function lenet(): tf.Sequential {
  return buildModel(getPreset('lenet-5x5')!.layers);
}

describe('lenet-5x5 training on wasm', () => {
  it('has the same weight gradients as the cpu backend', async () => {
    const batch = 8;
    const xData = random(batch * 28 * 28, 10, 8).map((v) => Math.abs(v));
    const labels = Array.from({ length: batch }, (_, i) => (i * 7) % 10);
    tf.setBackend('wasm');
    const model = lenet();
    const weights = model.getWeights().map((w) => ({ shape: w.shape, data: w.dataSync().slice() }));
    const probe = (): tf.Tensor[] => {
      model.setWeights(weights.map((w) => tf.tensor(w.data, w.shape)));
      const x = tf.tensor4d(xData, [batch, 28, 28, 1]);
      const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
      const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar);
      return model.trainableWeights.map((w) => grads[w.name]);
    };
    await compareBackends(probe, 'lenet weight grads');
    await tf.setBackend('wasm');
    model.dispose();
  });

  it('trains the other playground layers too (strided same conv, batchNorm, avgPool, leakyReLU, dropout) with cpu-equal gradients', async () => {
    await tf.setBackend('wasm');
    const build = (dropout: boolean) => {
      const m = tf.sequential();
      m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, strides: 2, padding: 'same' }));
      m.add(tf.layers.leakyReLU());
      m.add(tf.layers.batchNormalization());
      m.add(tf.layers.averagePooling2d({ poolSize: 2 }));
      m.add(tf.layers.conv2d({ filters: 16, kernelSize: 5, padding: 'same', activation: 'elu' }));
      m.add(tf.layers.maxPooling2d({ poolSize: 3, strides: 2 }));
      if (dropout) m.add(tf.layers.dropout({ rate: 0.25 }));
      m.add(tf.layers.flatten());
      m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
      return m;
    };
    const xData = random(4 * 28 * 28, 15).map((v) => Math.abs(v));
    const labels = tf.tensor1d([1, 4, 7, 9], 'int32');
    const model = build(false);
    const weights = model.getWeights().map((w) => ({ shape: w.shape, data: w.dataSync().slice() }));
    await compareBackends(() => {
      model.setWeights(weights.map((w) => tf.tensor(w.data, w.shape)));
      const x = tf.tensor4d(xData, [4, 28, 28, 1]);
      const { grads } = tf.variableGrads(() =>
        tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 10), model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
      return model.trainableWeights.map((w) => grads[w.name]);
    }, 'mixed-layer grads');
    await tf.setBackend('wasm');
    model.dispose();

    const withDropout = build(true);
    withDropout.compile({ optimizer: tf.train.momentum(0.01, 0.9), loss: 'categoricalCrossentropy' });
    const x = tf.tensor4d(xData, [4, 28, 28, 1]);
    const y = tf.oneHot(labels, 10);
    const history = await withDropout.fit(x, y, { epochs: 2, batchSize: 2, verbose: 0 });
    expect(history.history.loss.every((l) => Number.isFinite(l as number))).toBe(true);
    tf.dispose([x, y, labels]);
    withDropout.dispose();
  });

  it('lowers the loss on a fixed batch and leaks no tensors', async () => {
    await tf.setBackend('wasm');
    const batch = 64;
    const model = lenet();
    const optimizer = tf.train.adam(1e-3);
    const x = tf.tensor4d(random(batch * 28 * 28, 11).map((v) => Math.abs(v)), [batch, 28, 28, 1]);
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 10), 'int32'), 10);
    const loss = () => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar;
    const step = () => {
      const l = optimizer.minimize(loss, true) as tf.Scalar;
      const v = l.dataSync()[0];
      l.dispose();
      return v;
    };
    const first = step();
    const second = step();
    const after = tf.tidy(() => loss().dataSync()[0]);
    expect(second).toBeLessThan(first);
    expect(after).toBeLessThan(second);

    const backend = tf.backend() as unknown as { numDataIds(): number };
    const tensors = tf.memory().numTensors;
    const dataIds = backend.numDataIds();
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(dataIds);
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });
});
