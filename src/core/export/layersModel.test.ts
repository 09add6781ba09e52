/** The trained-model download round-trips: what the worker captures loads back as the same model. */
import * as tf from '../tf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../config/presets';
import { buildModel } from '../model/build';
import { describeModel } from '../model/describe';
import type { LayerSpec } from '../model/spec';
import { captureLayersModel } from './layersModel';
import { MODEL_FILE_NAME, WEIGHTS_FILE_NAME, modelJsonText, type LayersModelArtifacts } from './layersModelFiles';

/** Batch norm (with moving statistics), leaky ReLU (an extra tf layer), pooling and dropout. */
const LAYERS: LayerSpec[] = [
  { kind: 'conv2d', filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'leakyRelu' },
  { kind: 'batchNorm' },
  { kind: 'avgPool', poolSize: 2, strides: 2 },
  { kind: 'dropout', rate: 0.25 },
  { kind: 'flatten' },
  { kind: 'dense', units: 16, activation: 'elu' },
  { kind: 'dense', units: 10, activation: 'softmax' },
];

/** Loads what a student downloaded: the model.json text and the .bin bytes. */
async function loadDownloaded(modelJson: string, weights: ArrayBuffer): Promise<tf.LayersModel> {
  const parsed = JSON.parse(modelJson) as tf.io.ModelJSON;
  expect(parsed.weightsManifest).toHaveLength(1);
  expect(parsed.weightsManifest[0].paths).toEqual([WEIGHTS_FILE_NAME]);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: parsed.modelTopology, weightSpecs: parsed.weightsManifest[0].weights, weightData: weights }));
}

/** A browser hands the buffer over with postMessage(…, [buffer]); this detaches it the same way. */
function transfer(artifacts: LayersModelArtifacts): LayersModelArtifacts {
  return structuredClone(artifacts, { transfer: [artifacts.weightData] });
}

describe('trained model download (tfjs layers format)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(() => tf.disposeVariables());

  it('loads back from model.json + .bin and predicts exactly as the trained model', async () => {
    const model = buildModel(LAYERS, { seed: 3 });
    // A few steps, so the weights and batch norm's moving statistics are no longer their initial values.
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
    const x = tf.randomUniform([32, 28, 28, 1], 0, 1, 'float32', 1);
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 10), 'int32'), 10);
    await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0 });

    const artifacts = transfer(await captureLayersModel(model));
    expect(artifacts.weightData.byteLength).toBe(4 * describeModel(LAYERS).totalParams);
    const loaded = await loadDownloaded(modelJsonText(artifacts), artifacts.weightData);

    const expected = model.predict(x) as tf.Tensor;
    const actual = loaded.predict(x) as tf.Tensor;
    expect(Array.from(await actual.data())).toEqual(Array.from(await expected.data()));
    expect(loaded.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
    // Capturing (and transferring) the buffer leaves the live model intact.
    const again = model.predict(x) as tf.Tensor;
    expect(Array.from(await again.data())).toEqual(Array.from(await expected.data()));
    tf.dispose([x, y, expected, actual, again]);
    model.dispose();
    loaded.dispose();
  });

  it('writes one weights file of 4 bytes per parameter for every preset, and leaks no tensors', async () => {
    for (const preset of PRESETS) {
      const model = buildModel(preset.layers, { seed: 1 });
      const before = tf.memory().numTensors;
      const artifacts = await captureLayersModel(model);
      expect(tf.memory().numTensors, preset.id).toBe(before);
      expect(artifacts.weightData.byteLength, preset.id).toBe(4 * describeModel(preset.layers).totalParams);
      const json = JSON.parse(modelJsonText(artifacts));
      expect(json.format).toBe('layers-model');
      expect(json.modelTopology.class_name).toBe('Sequential');
      model.dispose();
    }
    expect(MODEL_FILE_NAME).toBe('model.json');
  });
});
