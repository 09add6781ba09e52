import * as tf from '../core/tf';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { getPreset } from '../core/config/presets';
import { measureSpeed, warmUpTraining } from './speedProbe';
import type { SpeedProbeRequest } from './protocol';

const request = (presetId: string, batchSize = 32): SpeedProbeRequest => ({
  layers: [...getPreset(presetId)!.layers],
  batchSize,
  optimizer: { name: 'adam', learningRate: 0.001, momentum: 0.9 },
  l1: 0,
  l2: 0,
});

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('measureSpeed', () => {
  it('times training and scoring on the running backend, and leaves no tensor or variable behind', async () => {
    await measureSpeed(request('small-dense'), () => false); // kernels and caches
    const before = tf.memory().numTensors;
    const speed = await measureSpeed(request('small-dense'), () => false);
    expect(tf.memory().numTensors).toBe(before);
    expect(speed.backend).toBe('cpu');
    expect(speed.source).toBe('probe');
    expect(speed.trainPerSecond).toBeGreaterThan(0);
    expect(speed.warmupSeconds).toBeGreaterThanOrEqual(0);
    // A forward pass is a fraction of a step's work (no gradients, no update).
    expect(speed.evalPerSecond).toBeGreaterThan(speed.trainPerSecond);
  });

  it('finds a convolutional model slower than a 16-unit dense one', async () => {
    const dense = await measureSpeed(request('small-dense', 16), () => false);
    const conv = await measureSpeed(request('small-conv', 16), () => false);
    expect(conv.trainPerSecond).toBeLessThan(dense.trainPerSecond);
  });

  it('gives way when cancelled, and still disposes what it built', async () => {
    const before = tf.memory().numTensors;
    await expect(measureSpeed(request('small-conv'), () => true)).rejects.toThrow(/gave way/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('warmUpTraining', () => {
  it('trains one step of the default set-up and leaves no tensor or variable behind', async () => {
    await warmUpTraining(); // the cpu backend's own first use
    const before = tf.memory().numTensors;
    expect(await warmUpTraining()).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
