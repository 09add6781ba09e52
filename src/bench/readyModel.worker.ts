/// <reference lib="webworker" />
/**
 * Trains the ready model (see src/core/model/readyModel.ts) on WASM with the app's own pieces:
 * buildModel, the seeded and augmented dataset view, the Trainer, evaluate and the layers-model
 * export. scripts/build-ready-model.mjs opens it through bench.html#mode=ready-model and writes
 * the files it posts back.
 */
import { MnistLoader } from '../core/data/loader';
import type { Augmentation } from '../core/data/augment';
import { captureLayersModel } from '../core/export/layersModel';
import { modelJsonText, WEIGHTS_FILE_NAME } from '../core/export/layersModelFiles';
import { buildModel } from '../core/model/build';
import { describeModel } from '../core/model/describe';
import { createOptimizer } from '../core/model/optimizers';
import { READY_MODEL_METADATA_KEY, type ReadyModelMetadata } from '../core/model/readyModel';
import type { LayerSpec } from '../core/model/spec';
import { evaluate } from '../core/training/evaluate';
import { Trainer } from '../core/training/trainer';
import type { OptimizerSpec } from '../core/training/types';
import { chooseBackend } from '../engine/backends';
import { notesText, probeText, type BenchMessage, type ReadyModelReport, type ReadyModelRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const DATA_URL = new URL('/data/mnist/', self.location.origin).href;
const TRAIN_IMAGES = 60_000;

/**
 * The recipe (its measured accuracy and build time are in README, "The ready model"): LeNet-style
 * 5x5 convolutions, dropout before the classifier, Adam with its learning rate shrunk after every
 * epoch, and small warps, so a drawing need not be placed and sized exactly as MNIST's digits are.
 */
const RECIPE = {
  layers: [
    { kind: 'conv2d', filters: 32, kernelSize: 5, strides: 1, padding: 'valid', activation: 'relu' },
    { kind: 'maxPool', poolSize: 2, strides: 2 },
    { kind: 'conv2d', filters: 64, kernelSize: 5, strides: 1, padding: 'valid', activation: 'relu' },
    { kind: 'maxPool', poolSize: 2, strides: 2 },
    { kind: 'flatten' },
    { kind: 'dense', units: 128, activation: 'relu' },
    { kind: 'dropout', rate: 0.4 },
    { kind: 'dense', units: 10, activation: 'softmax' },
  ] satisfies LayerSpec[] as LayerSpec[],
  optimizer: { name: 'adam', learningRate: 0.001, momentum: 0 } satisfies OptimizerSpec as OptimizerSpec,
  /** The learning rate of epoch e (from 0) is learningRate * decayPerEpoch^e. */
  decayPerEpoch: 0.7,
  batchSize: 64,
  epochs: 8,
  standardize: false,
  augmentation: { maxRotationDegrees: 10, maxShiftPixels: 2.5, maxScalePercent: 12 } satisfies Augmentation,
  seed: 42,
};

const progress = (text: string) => self.postMessage({ type: 'progress', text } satisfies BenchMessage);

async function train(request: ReadyModelRequest): Promise<{ report: ReadyModelReport; weights: ArrayBuffer }> {
  const started = performance.now();
  const recipe = { ...RECIPE, seed: request.seed ?? RECIPE.seed, epochs: request.epochs ?? RECIPE.epochs };
  const trainSize = request.trainSize ?? TRAIN_IMAGES;
  const backend = await chooseBackend('wasm', 'worker');
  if (backend.active !== 'wasm') throw new Error(`WASM did not start: ${probeText(backend.probes.find((p) => p.name === 'wasm'))}`);
  const backendDetail = [probeText(backend.probes.find((p) => p.name === 'wasm')), ...notesText(backend.notes)].join(', ');
  progress(`backend: ${backendDetail}`);

  const dataset = await new MnistLoader(DATA_URL, { trainSize: TRAIN_IMAGES }).load();
  const data = dataset.view({ trainSize, validationSplit: 0, standardize: recipe.standardize, seed: recipe.seed, augmentation: recipe.augmentation });
  const model = buildModel(recipe.layers, { seed: recipe.seed });
  const optimizer = createOptimizer(recipe.optimizer);
  // tfjs optimizers read their learning rate at every step; the field is only protected in the typings.
  const schedule = optimizer as unknown as { learningRate: number };
  const rateOf = (epoch: number) => recipe.optimizer.learningRate * recipe.decayPerEpoch ** epoch;
  const epochs: ReadyModelReport['epochs'] = [];
  const batchesPerEpoch = Math.ceil(data.trainCount / recipe.batchSize);
  const trainer = new Trainer(model, optimizer, data, {
    epochs: recipe.epochs, batchSize: recipe.batchSize, learningRate: recipe.optimizer.learningRate, seed: recipe.seed, yieldEveryBatch: false,
  }, {
    batchEnded: (m) => {
      if ((m.batch + 1) % 200 === 0) progress(`epoch ${m.epoch + 1}, batch ${m.batch + 1}/${batchesPerEpoch}: loss ${m.loss.toFixed(4)}, ${m.examplesPerSecond.toFixed(0)} examples/s`);
    },
    epochEnded: (m) => {
      epochs.push({ epoch: m.epoch + 1, trainLoss: m.trainLoss, trainAccuracy: m.trainAccuracy, learningRate: schedule.learningRate, seconds: m.seconds });
      progress(`epoch ${m.epoch + 1}/${recipe.epochs}: train loss ${m.trainLoss.toFixed(4)}, train accuracy ${(m.trainAccuracy * 100).toFixed(2)}% (augmented), learning rate ${schedule.learningRate.toPrecision(3)}, ${m.seconds.toFixed(0)} s`);
      schedule.learningRate = rateOf(m.epoch + 1);
    },
  });
  const trainStarted = performance.now();
  const outcome = await trainer.run();
  const trainSeconds = (performance.now() - trainStarted) / 1000;
  optimizer.dispose();
  if (outcome.reason !== 'completed') throw new Error(`training ${outcome.reason}: ${JSON.stringify(outcome.note ?? null)}`);

  const test = await evaluate(model, data.testBatches(500));
  const metadata: ReadyModelMetadata = {
    standardize: recipe.standardize,
    layers: recipe.layers,
    testAccuracy: test.accuracy,
    trainedOn: trainSize === TRAIN_IMAGES ? `MNIST train ${TRAIN_IMAGES}, augmented` : `MNIST train, first ${trainSize} (trial), augmented`,
    augmentation: recipe.augmentation,
    seed: recipe.seed,
    optimizer: { name: recipe.optimizer.name, learningRate: recipe.optimizer.learningRate, decayPerEpoch: recipe.decayPerEpoch },
    batchSize: recipe.batchSize,
    epochs: recipe.epochs,
  };
  const artifacts = await captureLayersModel(model);
  model.dispose();
  const modelJson = modelJsonText({ ...artifacts, userDefinedMetadata: { [READY_MODEL_METADATA_KEY]: metadata } });
  return {
    report: {
      testAccuracy: test.accuracy, testLoss: test.loss, trainSeconds, totalSeconds: (performance.now() - started) / 1000,
      backendDetail, params: describeModel(recipe.layers).totalParams, epochs,
      modelJson, weightsFileName: WEIGHTS_FILE_NAME,
    },
    weights: artifacts.weightData,
  };
}

self.onmessage = (event: MessageEvent<ReadyModelRequest>) => {
  train(event.data)
    .then(({ report, weights }) => self.postMessage({ type: 'readyModel', report, weights } satisfies BenchMessage, [weights]))
    .catch((error: unknown) => self.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies BenchMessage));
};
