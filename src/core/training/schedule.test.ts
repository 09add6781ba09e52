import * as tf from '../tf';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { realMnist } from '../../testing/realMnist';
import { PRESETS } from '../config/presets';
import type { MnistDataset } from '../data/dataset';
import { buildModel } from '../model/build';
import { createOptimizer, setOptimizerLearningRate } from '../model/optimizers';
import { PlateauWatch, scheduledLearningRate, type LearningRateSchedule } from './schedule';
import { Trainer, type EpochMetrics } from './trainer';
import type { OptimizerName } from './types';

const oneCycle: LearningRateSchedule = { kind: 'oneCycle', warmupFraction: 0.3 };

describe('scheduledLearningRate', () => {
  it('one cycle: the values torch.optim.lr_scheduler.OneCycleLR gives (max 0.01, 100 steps, pct_start 0.3)', () => {
    const at = (step: number) => scheduledLearningRate(oneCycle, 0.01, step, 100);
    // Starts at max / div_factor, peaks at step pct_start * total - 1 = 29, ends at initial / final_div_factor.
    expect(at(0)).toBeCloseTo(0.0004, 12);
    expect(at(29)).toBeCloseTo(0.01, 12);
    expect(at(99)).toBeCloseTo(4e-8, 14);
    // Halfway up (step 14.5 is between 14 and 15) and halfway down (step 64).
    expect(at(64)).toBeCloseTo((0.01 + 4e-8) / 2, 12);
    expect(at(10)).toBeCloseTo(0.01 + ((0.0004 - 0.01) / 2) * (Math.cos((Math.PI * 10) / 29) + 1), 12);
    // Rises to the peak, then falls all the way; past the end it keeps the last rate.
    const rates = Array.from({ length: 100 }, (_, step) => at(step));
    expect(rates.slice(0, 30).every((rate, i) => i === 0 || rate > rates[i - 1])).toBe(true);
    expect(rates.slice(29).every((rate, i) => i === 0 || rate < rates[28 + i])).toBe(true);
    expect(at(150)).toBe(at(99));
  });

  it('cosine decay: keras CosineDecay / torch CosineAnnealingLR per batch', () => {
    const cosine: LearningRateSchedule = { kind: 'cosine' };
    expect(scheduledLearningRate(cosine, 0.002, 0, 200)).toBe(0.002);
    expect(scheduledLearningRate(cosine, 0.002, 100, 200)).toBeCloseTo(0.001, 12);
    expect(scheduledLearningRate(cosine, 0.002, 150, 200)).toBeCloseTo(0.001 * (1 + Math.cos(0.75 * Math.PI)), 12);
    expect(scheduledLearningRate(cosine, 0.002, 199, 200)).toBeCloseTo(0.001 * (1 + Math.cos((199 / 200) * Math.PI)), 12);
  });

  it('constant and plateau leave the per-batch rate alone', () => {
    expect(scheduledLearningRate({ kind: 'constant' }, 0.01, 57, 100)).toBe(0.01);
    expect(scheduledLearningRate({ kind: 'plateau', factor: 0.5, patience: 2 }, 0.01, 57, 100)).toBe(0.01);
  });
});

describe('PlateauWatch', () => {
  it("cuts the rate as Keras's ReduceLROnPlateau does: after `patience` epochs without beating the best by 1e-4", () => {
    const watch = new PlateauWatch(0.5, 2, 0.01);
    const rates = [1.0, 0.8, 0.79995, 0.81, 0.7, 0.75, 0.72, 0.71, NaN].map((loss) => watch.observe(loss));
    // 0.79995 is within min_delta of 0.8, so it does not count as better: two stalled epochs cut the rate.
    expect(rates).toEqual([0.01, 0.01, 0.01, 0.005, 0.005, 0.005, 0.0025, 0.0025, 0.00125]);
  });

  it('refuses a factor outside (0, 1) and a patience below 1', () => {
    expect(() => new PlateauWatch(1, 2, 0.01)).toThrow(RangeError);
    expect(() => new PlateauWatch(0.5, 0, 0.01)).toThrow(RangeError);
  });
});

describe('setOptimizerLearningRate', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const NAMES: OptimizerName[] = ['sgd', 'momentum', 'adam', 'rmsprop', 'adagrad', 'adadelta'];

  it.each(NAMES)('%s: a step after the rate is set moves the weight as an optimizer made with that rate would, and leaks nothing', (name) => {
    /** Two steps on f(w) = sum(w * [1, -2, 3]) from w = [1, 1, 1]; the rate of the second step is `second`. */
    const run = (first: number, second: number | null) => {
      const start = tf.tensor1d([1, 1, 1]);
      const w = tf.variable(start);
      start.dispose();
      const optimizer = createOptimizer({ name, learningRate: first, momentum: 0.9 });
      const loss = () => tf.sum(tf.mul(w, tf.tensor1d([1, -2, 3]))) as tf.Scalar;
      const step = () => tf.tidy(() => {
        optimizer.minimize(loss);
      });
      step();
      if (second !== null) setOptimizerLearningRate(optimizer, second);
      step();
      const values = Array.from(w.dataSync());
      optimizer.dispose();
      w.dispose();
      return values;
    };
    // Warm up the kernels and tidy scalars once so the count below sees only what a run leaves behind.
    run(0.5, 0.05);
    const before = tf.memory().numTensors;
    const switched = run(0.5, 0.05);
    expect(tf.memory().numTensors).toBe(before);
    const unchanged = run(0.5, null);
    // The second step differs from one at the old rate, so the new rate took effect...
    expect(switched).not.toEqual(unchanged);
    // ...and for SGD, whose step is exactly rate * gradient, the weights are exactly where they must be.
    if (name === 'sgd') {
      const expected = [1, -2, 3].map((g) => 1 - 0.5 * g - 0.05 * g);
      switched.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 5));
    }
  });

  it('refuses a rate that is not positive', () => {
    const optimizer = createOptimizer({ name: 'adam', learningRate: 0.001, momentum: 0 });
    expect(() => setOptimizerLearningRate(optimizer, 0)).toThrow();
    expect(() => setOptimizerLearningRate(optimizer, NaN)).toThrow();
    optimizer.dispose();
  });
});

describe('Trainer with a schedule', () => {
  let dataset: MnistDataset;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    dataset = await realMnist();
  });

  it.each<[string, LearningRateSchedule, OptimizerName]>([
    ['one cycle with Adam', oneCycle, 'adam'],
    ['cosine decay with SGD', { kind: 'cosine' }, 'sgd'],
    ['reduce on plateau with SGD with momentum', { kind: 'plateau', factor: 0.5, patience: 1 }, 'momentum'],
  ])('%s: keeps tf.memory().numTensors the same after every epoch and sets the rates it should', async (_, schedule, name) => {
    // A small dense net keeps this quick on the cpu backend; the schedule code does not care what it trains.
    const smallDense = PRESETS.find((p) => p.id === 'small-dense')!;
    const model = buildModel(smallDense.layers, { seed: 3 });
    const learningRate = { adam: 0.01, sgd: 0.5, momentum: 0.1 }[name as 'adam' | 'sgd' | 'momentum'];
    const optimizer = createOptimizer({ name, learningRate, momentum: 0.9 });
    const data = dataset.view({ trainSize: 1000, validationSplit: 0.2, standardize: false, seed: 3 });
    const epochs: EpochMetrics[] = [];
    const rates: number[] = [];
    const rateNow = () => (optimizer as unknown as { learningRate: number }).learningRate;
    const trainer = new Trainer(model, optimizer, data, { epochs: 4, batchSize: 100, learningRate, schedule, seed: 3 }, {
      batchEnded: () => rates.push(rateNow()),
      epochEnded: (m) => epochs.push(m),
    });

    const outcome = await trainer.run();

    expect(outcome).toEqual({ reason: 'completed', epochsCompleted: 4 });
    const counts = epochs.map((e) => e.numTensors);
    expect(new Set(counts).size, `numTensors per epoch: ${counts}`).toBe(1);
    const totalSteps = 4 * Math.ceil(800 / 100);
    expect(rates).toHaveLength(totalSteps);
    if (schedule.kind === 'plateau') {
      // Between epochs only, and only ever down.
      for (let e = 0; e < 4; e++) expect(new Set(rates.slice(e * 8, e * 8 + 8)).size).toBe(1);
      expect(rates[0]).toBe(learningRate);
      expect(rates.every((rate, i) => i === 0 || rate <= rates[i - 1])).toBe(true);
    } else {
      rates.forEach((rate, step) => expect(rate).toBeCloseTo(scheduledLearningRate(schedule, learningRate, step, totalSteps), 10));
    }
    expect(epochs[3].validationAccuracy).toBeGreaterThan(0.6);
    optimizer.dispose();
    model.dispose();
  });
});
