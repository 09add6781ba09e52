/** An untrusted model file is checked before use: a good one round-trips, each bad kind has its code. */
import * as tf from '../tf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_FILE_NAME, WEIGHTS_FILE_NAME, modelJsonText } from '../export/layersModelFiles';
import { buildModel } from './build';
import {
  ALLOWED_LAYER_CLASSES,
  MODEL_FILES_LIMIT_BYTES,
  MODEL_JSON_LIMIT_BYTES,
  checkModelFiles,
  type ModelFileCheck,
  type ModelFileInput,
  type ModelFileProblem,
} from './modelFile';
import type { LayerSpec } from './spec';

/** Every layer kind the playground builds, leaky ReLU and softmax included. */
const LAYERS: LayerSpec[] = [
  { kind: 'conv2d', filters: 3, kernelSize: 3, strides: 1, padding: 'same', activation: 'leakyRelu' },
  { kind: 'batchNorm' },
  { kind: 'maxPool', poolSize: 2, strides: 2 },
  { kind: 'avgPool', poolSize: 2, strides: 2 },
  { kind: 'dropout', rate: 0.2 },
  { kind: 'flatten' },
  { kind: 'dense', units: 10, activation: 'softmax' },
];
const BIN = 'group1-shard1of1.bin';

/** A file whose reads are counted, so a test can see that a refused file was never read. */
interface TestFile extends ModelFileInput {
  reads: number;
}

function file(name: string, content: string | ArrayBuffer, size?: number): TestFile {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content).buffer : content;
  const result: TestFile = {
    name,
    size: size ?? bytes.byteLength,
    reads: 0,
    read: async () => {
      result.reads++;
      return bytes.slice(0);
    },
  };
  return result;
}

/** What model.save hands a save handler, written out as tfjs's browser download would. */
interface Saved {
  json: tf.io.ModelJSON;
  weights: ArrayBuffer;
}

async function save(model: tf.LayersModel): Promise<Saved> {
  let saved: Saved | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = {
        json: {
          format: 'layers-model',
          generatedBy: artifacts.generatedBy,
          convertedBy: artifacts.convertedBy ?? null,
          modelTopology: artifacts.modelTopology as object,
          weightsManifest: [{ paths: [`./${BIN}`], weights: artifacts.weightSpecs! }],
        },
        weights: tf.io.CompositeArrayBuffer.join(artifacts.weightData),
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved!;
}

/** The parts of a model.json the tests break. */
interface EditableJson {
  format?: string;
  modelTopology?: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
  weightsManifest?: { paths: string[]; weights: Record<string, unknown>[] }[];
  userDefinedMetadata?: unknown;
}

/** The saved model as the files a user picks, after `edit` has changed a deep copy of its model.json. */
function filesOf({ json, weights }: Saved, edit: (json: EditableJson) => void = () => {}): TestFile[] {
  const copy = structuredClone(json) as unknown as EditableJson;
  edit(copy);
  return [file(MODEL_FILE_NAME, JSON.stringify(copy)), file(BIN, weights)];
}

async function problemOf(files: ModelFileInput[]): Promise<ModelFileProblem> {
  const result = await checkModelFiles(files);
  if (result.ok) throw new Error('expected the files to be refused');
  return result.problem;
}

function expectOk(result: ModelFileCheck): asserts result is Extract<ModelFileCheck, { ok: true }> {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.problem)}`);
}

let model: tf.Sequential;
let saved: Saved;
let x: tf.Tensor;

beforeAll(async () => {
  await tf.setBackend('cpu');
  model = buildModel(LAYERS, { seed: 5 });
  saved = await save(model);
  x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 2);
});
afterAll(() => {
  tf.dispose(x);
  model.dispose();
});

/** The model's predictions for `x`, as numbers. */
async function predictions(m: tf.LayersModel): Promise<number[]> {
  const y = m.predict(x) as tf.Tensor;
  const values = Array.from(await y.data());
  y.dispose();
  return values;
}

describe('checkModelFiles accepts', () => {
  it('a model buildModel made, which loads back predicting the same', async () => {
    const files = filesOf(saved, (json) => (json.userDefinedMetadata = { playground: { epochs: 3 } }));
    const result = await checkModelFiles([file('notes.txt', 'unrelated'), ...files]);
    expectOk(result);
    expect(result.metadata).toEqual({ playground: { epochs: 3 } });
    expect(result.artifacts.userDefinedMetadata).toEqual({ playground: { epochs: 3 } });
    expect(result.artifacts.weightData.byteLength).toBe(saved.weights.byteLength);
    expect(result.artifacts.generatedBy).toMatch(/tfjs-layers/);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(result.artifacts));
    expect(await predictions(loaded)).toEqual(await predictions(model));
    loaded.dispose();
  });

  it("the app's own download (modelJsonText), picked with directories in the names", async () => {
    const text = modelJsonText({ modelTopology: saved.json.modelTopology as object, weightSpecs: saved.json.weightsManifest[0].weights, weightData: saved.weights });
    const result = await checkModelFiles([file(`run-1/${MODEL_FILE_NAME}`, text), file(`run-1/${WEIGHTS_FILE_NAME}`, saved.weights)]);
    expectOk(result);
    expect(result.metadata).toBeUndefined();
  });

  it('weights split over two files, joined in manifest order', async () => {
    const half = 1000;
    const files = [
      file('model.json', JSON.stringify({ ...saved.json, weightsManifest: [{ paths: ['a.bin', 'b.bin'], weights: saved.json.weightsManifest[0].weights }] })),
      file('b.bin', saved.weights.slice(half)),
      file('a.bin', saved.weights.slice(0, half)),
    ];
    const result = await checkModelFiles(files);
    expectOk(result);
    expect(new Uint8Array(result.artifacts.weightData)).toEqual(new Uint8Array(saved.weights));
  });

  it('a functional model (InputLayer, class Model)', async () => {
    const input = tf.input({ shape: [28, 28, 1] });
    const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
    const dense = tf.layers.dense({ units: 10 }).apply(flat) as tf.SymbolicTensor;
    const output = tf.layers.activation({ activation: 'softmax' }).apply(dense) as tf.SymbolicTensor;
    const functional = tf.model({ inputs: input, outputs: output });
    const result = await checkModelFiles(filesOf(await save(functional)));
    expectOk(result);
    functional.dispose();
  });

  it('every layer class buildModel makes, and no more (besides InputLayer)', () => {
    const built = new Set(model.layers.map((layer) => layer.getClassName()));
    expect([...built].sort()).toEqual(ALLOWED_LAYER_CLASSES.filter((name) => name !== 'InputLayer').sort());
  });
});

describe('checkModelFiles refuses, each with its own code', () => {
  it('no model.json at all', async () => {
    expect(await problemOf([file(BIN, saved.weights)])).toEqual({ code: 'noModelJson' });
    expect(await problemOf([])).toEqual({ code: 'noModelJson' });
  });

  it('bad JSON', async () => {
    const problem = await problemOf([file('model.json', '{"format": "layers-model",'), file(BIN, saved.weights)]);
    expect(problem).toMatchObject({ code: 'badJson', detail: expect.any(String) });
  });

  it('JSON that is not a layers model', async () => {
    expect(await problemOf(filesOf(saved, (json) => (json.format = 'graph-model')))).toEqual({ code: 'notLayersModel', format: 'graph-model' });
    expect(await problemOf(filesOf(saved, (json) => delete json.modelTopology))).toEqual({ code: 'notLayersModel', format: 'layers-model' });
    expect(await problemOf([file('model.json', '[1, 2]')])).toEqual({ code: 'notLayersModel', format: null });
  });

  it('a missing weights file', async () => {
    const [modelJson] = filesOf(saved);
    expect(await problemOf([modelJson, file('other.bin', saved.weights)])).toEqual({ code: 'missingWeightsFile', file: BIN });
  });

  it('short and long weights, before reading them', async () => {
    const expectedBytes = saved.weights.byteLength;
    for (const weights of [saved.weights.slice(0, expectedBytes - 4), new ArrayBuffer(expectedBytes + 4)]) {
      const files = filesOf({ ...saved, weights });
      expect(await problemOf(files)).toEqual({ code: 'weightsSizeMismatch', file: BIN, expectedBytes, actualBytes: weights.byteLength });
      expect(files[1].reads).toBe(0);
    }
  });

  it('weights whose read bytes differ from the size the file claimed', async () => {
    const expectedBytes = saved.weights.byteLength;
    const files = [filesOf(saved)[0], file(BIN, saved.weights.slice(8), expectedBytes)];
    expect(await problemOf(files)).toEqual({ code: 'weightsSizeMismatch', file: BIN, expectedBytes, actualBytes: expectedBytes - 8 });
  });

  it('a wrong input shape', async () => {
    const problem = await problemOf(filesOf(saved, (json) => (json.modelTopology!.config.layers[0].config.batch_input_shape = [null, 32, 32, 3])));
    expect(problem).toEqual({ code: 'wrongInputShape', shape: [null, 32, 32, 3] });
  });

  it('wrong output units', async () => {
    const lastDense = (json: EditableJson) => json.modelTopology!.config.layers.findLast((layer) => layer.class_name === 'Dense')!;
    expect(await problemOf(filesOf(saved, (json) => (lastDense(json).config.units = 12)))).toEqual({ code: 'wrongOutputShape', units: 12 });
    const noDense = (json: EditableJson) => json.modelTopology!.config.layers.splice(-2, 2);
    expect(await problemOf(filesOf(saved, noDense))).toEqual({ code: 'wrongOutputShape', units: null });
  });

  it('an unknown layer class', async () => {
    const problem = await problemOf(filesOf(saved, (json) => (json.modelTopology!.config.layers[2].class_name = 'Lambda')));
    expect(problem).toEqual({ code: 'unknownLayerClass', className: 'Lambda', layerName: 'batchNorm_1' });
  });

  it('a huge file, without reading it', async () => {
    const hugeJson = file('model.json', '{}', MODEL_JSON_LIMIT_BYTES + 1);
    expect(await problemOf([hugeJson])).toEqual({ code: 'tooLarge', file: 'model.json', bytes: MODEL_JSON_LIMIT_BYTES + 1, limitBytes: MODEL_JSON_LIMIT_BYTES });
    expect(hugeJson.reads).toBe(0);

    const [modelJson] = filesOf(saved);
    const hugeWeights = file(BIN, saved.weights, MODEL_FILES_LIMIT_BYTES);
    const problem = await problemOf([modelJson, hugeWeights]);
    expect(problem).toEqual({ code: 'tooLargeTotal', bytes: MODEL_FILES_LIMIT_BYTES + modelJson.size, limitBytes: MODEL_FILES_LIMIT_BYTES });
    expect(hugeWeights.reads).toBe(0);
  });

  it('unsupported or quantized weights, and malformed manifests', async () => {
    const firstSpec = (json: EditableJson) => json.weightsManifest![0].weights[0];
    expect(await problemOf(filesOf(saved, (json) => (firstSpec(json).dtype = 'float16')))).toEqual({ code: 'unsupportedDtype', weight: 'conv2d_0/kernel', dtype: 'float16' });
    const quantize = (json: EditableJson) => (firstSpec(json).quantization = { dtype: 'uint8', scale: 1, min: 0 });
    expect(await problemOf(filesOf(saved, quantize))).toEqual({ code: 'quantizedWeights', weight: 'conv2d_0/kernel', dtype: 'uint8' });
    expect(await problemOf(filesOf(saved, (json) => (firstSpec(json).shape = [3, -1])))).toEqual({ code: 'badWeightSpec', weight: 'conv2d_0/kernel' });
    expect(await problemOf(filesOf(saved, (json) => delete json.weightsManifest))).toEqual({ code: 'badWeightsManifest' });
  });

  it('several candidate model.json files, and a graph that loops', async () => {
    const [modelJson] = filesOf(saved);
    expect((await problemOf([modelJson, file('b/model.json', '{}')])).code).toBe('severalModelJson');
    const loop = {
      format: 'layers-model',
      modelTopology: {
        class_name: 'Model',
        config: {
          layers: [
            { class_name: 'InputLayer', name: 'in', config: { batch_input_shape: [null, 28, 28, 1] }, inbound_nodes: [] },
            { class_name: 'Activation', name: 'a', config: {}, inbound_nodes: [[['a', 0, 0, {}]]] },
          ],
          input_layers: [['in', 0, 0]],
          output_layers: [['a', 0, 0]],
        },
      },
      weightsManifest: [],
    };
    expect(await problemOf([file('model.json', JSON.stringify(loop))])).toEqual({ code: 'wrongOutputShape', units: null });
  });
});

// src/i18n/en.test.ts checks the English words for these problems.
