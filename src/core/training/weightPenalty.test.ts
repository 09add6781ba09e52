import * as tf from '../tf';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { realMnist } from '../../testing/realMnist';
import { PRESETS } from '../config/presets';
import type { MnistDataset } from '../data/dataset';
import type { Batch } from '../data/types';
import { buildModel } from '../model/build';
import { createOptimizer } from '../model/optimizers';
import { evaluate } from './evaluate';
import { Trainer, trainStep } from './trainer';

let dataset: MnistDataset;
let batch: Batch;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dataset = await realMnist();
  // A small batch: tfjs's cpu backend takes seconds for a conv filter gradient over 64 images.
  const batches = dataset.view({ trainSize: 1000, validationSplit: 0, standardize: false, seed: 3 }).trainBatches(0, 8);
  batch = (await batches.next()).value as Batch;
  await batches.return(undefined);
});

// Conv and dense kernels, no dropout: the loss is a deterministic function of the weights.
const smallConv = PRESETS.find((p) => p.id === 'small-conv')!;
// Dense only, for training a whole epoch quickly on the cpu backend.
const smallDense = PRESETS.find((p) => p.id === 'small-dense')!;

/** The Conv2D and Dense kernels of a model (biases are not penalised, as in Keras). */
const kernels = (model: tf.LayersModel) => model.layers.flatMap((layer) => (layer.getWeights().length === 2 ? [layer.getWeights()[0]] : []));
const sumOf = (tensors: tf.Tensor[], f: (t: tf.Tensor) => tf.Tensor) => tf.tidy(() => tensors.reduce((sum, t) => sum + f(t).sum().dataSync()[0], 0));

/** The loss trainStep reports for the first batch, from the seeded starting weights. */
function firstStepLoss(penalties: { l1?: number; l2?: number }): { loss: number; l1Norm: number; l2Norm: number } {
  const model = buildModel(smallConv.layers, { seed: 1, ...penalties });
  const optimizer = createOptimizer({ name: 'sgd', learningRate: 0.01, momentum: 0 });
  const l1Norm = sumOf(kernels(model), (k) => k.abs());
  const l2Norm = sumOf(kernels(model), (k) => k.square());
  const step = trainStep(model, optimizer, batch);
  const loss = step.loss.dataSync()[0];
  tf.dispose([step.loss, step.accuracy]);
  optimizer.dispose();
  model.dispose();
  return { loss, l1Norm, l2Norm };
}

describe('L1 and L2 weight penalties', () => {
  it('add exactly l1 * sum|w| and l2 * sum w^2 over the conv and dense kernels to the training loss', () => {
    const plain = firstStepLoss({});
    const withL2 = firstStepLoss({ l2: 0.01 });
    const withL1 = firstStepLoss({ l1: 0.001 });
    const withBoth = firstStepLoss({ l1: 0.001, l2: 0.01 });
    expect(plain.l2Norm).toBeGreaterThan(10); // about 12,800 kernel weights of glorot scale, in two convs and a dense layer
    expect(withL2.loss - plain.loss).toBeCloseTo(0.01 * plain.l2Norm, 4);
    expect(withL1.loss - plain.loss).toBeCloseTo(0.001 * plain.l1Norm, 4);
    expect(withBoth.loss - plain.loss).toBeCloseTo(0.001 * plain.l1Norm + 0.01 * plain.l2Norm, 4);
    expect(firstStepLoss({ l1: 0, l2: 0 }).loss).toBe(plain.loss);
  });

  it('shrink the weights over three epochs of training, compared with no penalty', async () => {
    const train = async (penalties: { l1?: number; l2?: number }) => {
      const model = buildModel(smallDense.layers, { seed: 5, ...penalties });
      const optimizer = createOptimizer({ name: 'sgd', learningRate: 0.05, momentum: 0 });
      const data = dataset.view({ trainSize: 2000, validationSplit: 0.1, standardize: false, seed: 5 });
      const accuracies: number[] = [];
      await new Trainer(model, optimizer, data, { epochs: 3, batchSize: 32, learningRate: 0.05 }, {
        epochEnded: (m) => accuracies.push(m.validationAccuracy!),
      }).run();
      const norms = { l1: sumOf(kernels(model), (k) => k.abs()), l2: sumOf(kernels(model), (k) => k.square()) };
      optimizer.dispose();
      model.dispose();
      return { ...norms, accuracy: accuracies[accuracies.length - 1] };
    };
    const plain = await train({});
    const l2 = await train({ l2: 0.01 });
    const l1 = await train({ l1: 0.001 });
    // Measured: sum w^2 58.7 -> 45.0 with L2; sum |w| 639 -> 544 with L1.
    expect(l2.l2).toBeLessThan(0.85 * plain.l2);
    expect(l1.l1).toBeLessThan(0.9 * plain.l1);
    // Gentle penalties still learn.
    for (const run of [plain, l1, l2]) expect(run.accuracy).toBeGreaterThan(0.7);
  });

  it('are part of the evaluated loss too, as Keras reports validation and test loss', async () => {
    const evaluated = async (penalties: { l2?: number }) => {
      const model = buildModel(smallConv.layers, { seed: 1, ...penalties });
      const l2Norm = sumOf(kernels(model), (k) => k.square());
      const batches = dataset.view({ trainSize: 1000, validationSplit: 0, standardize: false, seed: 3 }).testBatches(16);
      const limited = (async function* () {
        for await (const b of batches) {
          yield b;
          break;
        }
      })();
      const { loss } = await evaluate(model, limited);
      model.dispose();
      return { loss, l2Norm };
    };
    const plain = await evaluated({});
    const withL2 = await evaluated({ l2: 0.01 });
    expect(withL2.loss - plain.loss).toBeCloseTo(0.01 * plain.l2Norm, 4);
  });

  it('rejects a negative penalty', () => {
    expect(() => buildModel(smallConv.layers, { l2: -0.1 })).toThrow(RangeError);
  });
});
