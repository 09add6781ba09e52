import * as tf from '../core/tf';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../core/config/presets';
import type { MnistDataset } from '../core/data/dataset';
import { buildModel } from '../core/model/build';
import { realMnist } from '../testing/realMnist';
import type { EngineEvent } from './protocol';
import { TestEvaluator, testImages } from './testEvaluation';

let dataset: MnistDataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dataset = await realMnist();
});

const dense = PRESETS.find((p) => p.id === 'dense-baseline')!;
const eventsOf = (events: EngineEvent[], type: EngineEvent['type']) => events.filter((e) => e.type === type);

describe('TestEvaluator', () => {
  it('after an epoch of a small run: the first 2,000 test images, with progress, mistakes and 30 watched digits', async () => {
    const events: EngineEvent[] = [];
    const tests = new TestEvaluator((event) => events.push(event));
    const model = buildModel(dense.layers, { seed: 2 });
    const data = dataset.view({ trainSize: 2000, validationSplit: 0.1, standardize: false, seed: 2 });
    await tests.afterEpoch(model, dataset, data, 7, 0, 3);
    const progress = eventsOf(events, 'evaluationProgress').map((e) => e.type === 'evaluationProgress' && [e.evaluated, e.total, e.epoch]);
    // On the plain-JavaScript CPU backend, in batches of 100 so that progress moves and Stop acts soon.
    expect(progress).toEqual(Array.from({ length: 21 }, (_, k) => [k * 100, 2000, 0]));
    const [done] = eventsOf(events, 'epochEvaluated');
    if (done?.type !== 'epochEvaluated') throw new Error('no epochEvaluated');
    const { result } = done;
    expect(done).toMatchObject({ runId: 7, epoch: 0 });
    expect(result.count).toBe(2000);
    const right = Array.from({ length: 10 }, (_, c) => result.confusion[c * 11]).reduce((a, b) => a + b, 0);
    expect(result.mistakes!.indices).toHaveLength(2000 - right);
    expect(Math.max(...result.mistakes!.indices)).toBeLessThan(2000);
    // Three of each digit, in digit order, each with its true label.
    expect(Array.from(result.watched!.labels)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9]);
    const { labels } = testImages(dataset, result.watched!.indices);
    expect(Array.from(labels)).toEqual(Array.from(result.watched!.labels));
    model.dispose();
  });

  it('skips the last epoch (the full evaluation follows) and a big run gets all 10,000 images', async () => {
    const events: EngineEvent[] = [];
    const tests = new TestEvaluator((event) => events.push(event));
    const model = buildModel(dense.layers, { seed: 2 });
    await tests.afterEpoch(model, dataset, dataset.view({ trainSize: 2000, validationSplit: 0, standardize: false, seed: 2 }), 1, 2, 3);
    expect(events).toEqual([]);
    await tests.afterEpoch(model, dataset, dataset.view({ trainSize: 60_000, validationSplit: 0.1, standardize: false, seed: 2 }), 1, 0, 3);
    const [done] = eventsOf(events, 'epochEvaluated');
    expect(done?.type === 'epochEvaluated' && done.result.count).toBe(10_000);
    model.dispose();
  });

  it('cancel() stops the final evaluation between batches: evaluationStopped, no figures, no tensor left', async () => {
    const events: EngineEvent[] = [];
    const tests = new TestEvaluator((event) => {
      events.push(event);
      if (event.type === 'evaluationProgress' && event.evaluated >= 300) tests.cancel();
    });
    const model = buildModel(dense.layers, { seed: 2 });
    const before = tf.memory().numTensors;
    await tests.final(model, dataset, dataset.view({ trainSize: 2000, validationSplit: 0, standardize: false, seed: 2 }), 3);
    expect(events.map((e) => e.type)).toEqual(['evaluationStarted', ...Array(4).fill('evaluationProgress'), 'evaluationStopped']);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
