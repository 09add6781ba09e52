/**
 * Checks an untrusted TensorFlow.js layers model (model.json plus its weight .bin files) before the
 * app loads it: sizes before reading, then the JSON, the layer classes, the input and output shapes
 * and the weight bytes. Problems come back as codes with parameters; the page's i18n layer words them.
 * Pure: no tfjs at run time, so the page can check a dropped file cheaply.
 */
import type { io } from '../tf';
import type { LayersModelArtifacts } from '../export/layersModelFiles';
import { INPUT_SHAPE, NUM_CLASSES } from './spec';

/** One file the user gave, read only after its size has passed the limits. */
export interface ModelFileInput {
  name: string;
  size: number;
  read(): Promise<ArrayBuffer>;
}

/** The most a model.json may hold: buildModel's largest topologies are a few tens of kB. */
export const MODEL_JSON_LIMIT_BYTES = 5 * 1024 * 1024;
/** The most model.json and its weight files may hold together. */
export const MODEL_FILES_LIMIT_BYTES = 50 * 1024 * 1024;

/**
 * The tf layer classes buildModel makes (Activation carries the separate softmax, LeakyReLU the
 * leaky ReLU), plus InputLayer, which functional and Keras-saved models start with.
 */
export const ALLOWED_LAYER_CLASSES: readonly string[] = [
  ...['InputLayer', 'Conv2D', 'MaxPooling2D', 'AveragePooling2D', 'BatchNormalization'],
  ...['Flatten', 'Dense', 'Dropout', 'LeakyReLU', 'Activation'],
];

/** Weight dtypes the app reads: both are 4 bytes an element. */
const BYTES_PER_ELEMENT: Readonly<Record<string, number>> = { float32: 4, int32: 4 };
/** Layers that keep their input's shape, so the output's units are those of the Dense before them. */
const SHAPE_KEEPING = new Set(['Activation', 'LeakyReLU', 'Dropout']);
const TOPOLOGY_CLASSES = new Set(['Sequential', 'Model', 'Functional']);

/** Why a set of files is not a model the playground can use: one code per kind of bad file. */
export type ModelFileProblem =
  | { code: 'noModelJson' }
  | { code: 'severalModelJson'; files: string[] }
  | { code: 'tooLarge'; file: string; bytes: number; limitBytes: number }
  | { code: 'tooLargeTotal'; bytes: number; limitBytes: number }
  | { code: 'unreadableFile'; file: string; detail: string }
  | { code: 'badJson'; detail: string }
  /** `format` is the file's own format field (e.g. 'graph-model'), or null when it has none. */
  | { code: 'notLayersModel'; format: string | null }
  | { code: 'unknownLayerClass'; className: string; layerName: string | null }
  | { code: 'notSingleInputOutput'; inputs: number; outputs: number }
  /** `shape` is the model's input shape with the batch dimension (null when unstated). */
  | { code: 'wrongInputShape'; shape: (number | null)[] | null }
  /** `units` of the Dense layer that ends the model, or null when it does not end in one. */
  | { code: 'wrongOutputShape'; units: number | null }
  | { code: 'badWeightsManifest' }
  | { code: 'badWeightSpec'; weight: string }
  | { code: 'unsupportedDtype'; weight: string; dtype: string }
  | { code: 'quantizedWeights'; weight: string; dtype: string }
  | { code: 'missingWeightsFile'; file: string }
  /** `file` when the weights group has one file, null when it is split over several. */
  | { code: 'weightsSizeMismatch'; file: string | null; expectedBytes: number; actualBytes: number };

export type ModelFileCheck =
  | { ok: true; artifacts: LayersModelArtifacts; metadata: unknown }
  | { ok: false; problem: ModelFileProblem };

/** Thrown inside the check to stop at the first problem; never escapes checkModelFiles. */
class Rejected extends Error {
  constructor(readonly problem: ModelFileProblem) {
    super(problem.code);
  }
}

const reject = (problem: ModelFileProblem): never => {
  throw new Rejected(problem);
};

/**
 * Checks the files a user gave as a TensorFlow.js layers model for 28x28x1 digits and 10 classes.
 * Returns the artifacts (weights joined in manifest order into one buffer) and the model.json's
 * userDefinedMetadata, or the first problem found. No file is read before its size is checked.
 */
export async function checkModelFiles(files: readonly ModelFileInput[]): Promise<ModelFileCheck> {
  try {
    return await check(files);
  } catch (error) {
    if (error instanceof Rejected) return { ok: false, problem: error.problem };
    throw error;
  }
}

async function check(files: readonly ModelFileInput[]): Promise<ModelFileCheck> {
  const modelFile = pickModelJson(files);
  if (modelFile.size > MODEL_JSON_LIMIT_BYTES) {
    reject({ code: 'tooLarge', file: modelFile.name, bytes: modelFile.size, limitBytes: MODEL_JSON_LIMIT_BYTES });
  }
  const json = parseJson(await readFile(modelFile));
  const topology = checkTopology(json);
  const groups = checkManifest(json.weightsManifest, files);

  const weightFiles = [...new Set(groups.flatMap((group) => group.files))];
  const totalBytes = weightFiles.reduce((sum, file) => sum + file.size, modelFile.size);
  if (totalBytes > MODEL_FILES_LIMIT_BYTES) reject({ code: 'tooLargeTotal', bytes: totalBytes, limitBytes: MODEL_FILES_LIMIT_BYTES });
  // Compare the stated sizes first, so a wrong file is refused without reading it.
  for (const group of groups) checkGroupBytes(group, group.files.map((file) => file.size));
  const buffers: ArrayBuffer[] = [];
  for (const group of groups) {
    const read = await Promise.all(group.files.map(readFile));
    checkGroupBytes(group, read.map((buffer) => buffer.byteLength));
    buffers.push(...read);
  }

  const artifacts: LayersModelArtifacts = {
    modelTopology: topology,
    weightSpecs: groups.flatMap((group) => group.specs),
    weightData: concatenate(buffers),
    generatedBy: typeof json.generatedBy === 'string' ? json.generatedBy : undefined,
    convertedBy: typeof json.convertedBy === 'string' ? json.convertedBy : null,
  };
  // Kept on the artifacts too, so a model saved again keeps it; `metadata` hands it over unchecked.
  if (isObject(json.userDefinedMetadata)) artifacts.userDefinedMetadata = json.userDefinedMetadata as LayersModelArtifacts['userDefinedMetadata'];
  return { ok: true, artifacts, metadata: json.userDefinedMetadata };
}

/** The file name without any directories ("a/b/model.json" -> "model.json"). */
function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** The one file named model.json, or else the only .json file (a renamed model.json). */
function pickModelJson(files: readonly ModelFileInput[]): ModelFileInput {
  const named = files.filter((file) => baseName(file.name) === 'model.json');
  const candidates = named.length > 0 ? named : files.filter((file) => file.name.toLowerCase().endsWith('.json'));
  if (candidates.length === 0) reject({ code: 'noModelJson' });
  if (candidates.length > 1) reject({ code: 'severalModelJson', files: candidates.map((file) => file.name) });
  return candidates[0];
}

async function readFile(file: ModelFileInput): Promise<ArrayBuffer> {
  try {
    return await file.read();
  } catch (error) {
    return reject({ code: 'unreadableFile', file: file.name, detail: error instanceof Error ? error.message : String(error) });
  }
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The parsed model.json; a top level that is not an object is not a model either. */
function parseJson(bytes: ArrayBuffer): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    return reject({ code: 'badJson', detail: error instanceof Error ? error.message : String(error) });
  }
  return isObject(value) ? value : reject({ code: 'notLayersModel', format: null });
}

/** One layer of the topology, as the checks need it. */
interface LayerEntry {
  className: string;
  name: string | null;
  config: JsonObject;
  /** Names of the layers feeding it (functional models only). */
  inbound: string[];
}

/**
 * Checks that the JSON holds a Sequential or functional layers model of allowed layer classes,
 * taking 28x28x1 inputs and ending in 10 units. Returns its modelTopology, unchanged.
 */
function checkTopology(json: JsonObject): object {
  const format = typeof json.format === 'string' ? json.format : null;
  const notLayers = { code: 'notLayersModel', format } as const;
  if (format !== null && format !== 'layers-model') reject(notLayers);
  const topology = json.modelTopology;
  if (!isObject(topology)) return reject(notLayers);
  // Keras's own saves wrap the model in model_config (beside training_config); tfjs unwraps it too.
  const model = isObject(topology.model_config) ? topology.model_config : topology;
  const className = model.class_name;
  if (typeof className !== 'string' || !TOPOLOGY_CLASSES.has(className) || !(isObject(model.config) || Array.isArray(model.config))) {
    return reject(notLayers);
  }
  // An old Keras Sequential config is the list of layers itself.
  const config: JsonObject = Array.isArray(model.config) ? { layers: model.config } : model.config;
  if (!Array.isArray(config.layers) || config.layers.length === 0) reject(notLayers);
  const layers = (config.layers as unknown[]).map((layer) => readLayer(layer) ?? reject(notLayers));
  for (const layer of layers) {
    if (!ALLOWED_LAYER_CLASSES.includes(layer.className)) reject({ code: 'unknownLayerClass', className: layer.className, layerName: layer.name });
  }

  const { input, output } = className === 'Sequential' ? { input: layers[0], output: layers[layers.length - 1] } : endsOfGraph(config, layers);
  const shape = input.config.batch_input_shape ?? input.config.batch_shape;
  const shapeOk = Array.isArray(shape) && shape.length === 4 && shape[0] === null && INPUT_SHAPE.every((size, i) => shape[i + 1] === size);
  if (!shapeOk) reject({ code: 'wrongInputShape', shape: Array.isArray(shape) ? shape.map((size) => (typeof size === 'number' ? size : null)) : null });

  const units = outputUnits(layers, output, className === 'Sequential');
  if (units !== NUM_CLASSES) reject({ code: 'wrongOutputShape', units });
  return topology;
}

/** The units of the Dense layer that ends the model, past any shape-keeping layers; null if none. */
function outputUnits(layers: LayerEntry[], output: LayerEntry, isSequential: boolean): number | null {
  const byName = new Map(layers.map((layer) => [layer.name, layer]));
  let last: LayerEntry | undefined = output;
  // Step back: to the layer before in a Sequential, to the one input in a graph. The step limit
  // stops a graph whose inbound links form a loop.
  for (let steps = 1; last && SHAPE_KEEPING.has(last.className) && steps <= layers.length; steps++) {
    last = isSequential ? layers[layers.length - 1 - steps] : last.inbound.length === 1 ? byName.get(last.inbound[0]) : undefined;
  }
  return last?.className === 'Dense' && typeof last.config.units === 'number' ? last.config.units : null;
}

/** A layer's class, name, config and inbound layer names, or null when it is not shaped like one. */
function readLayer(layer: unknown): LayerEntry | null {
  if (!isObject(layer) || typeof layer.class_name !== 'string') return null;
  const config = isObject(layer.config) ? layer.config : {};
  const name = typeof layer.name === 'string' ? layer.name : typeof config.name === 'string' ? config.name : null;
  // tfjs and Keras 2 write inbound_nodes as [[[layerName, nodeIndex, tensorIndex, kwargs], ...]].
  const inbound = Array.isArray(layer.inbound_nodes)
    ? layer.inbound_nodes.flatMap((node: unknown) => (Array.isArray(node) ? node : [])).flatMap((edge: unknown) => (Array.isArray(edge) && typeof edge[0] === 'string' ? [edge[0]] : []))
    : [];
  return { className: layer.class_name, name, config, inbound };
}

/** A functional model's one input layer and one output layer. */
function endsOfGraph(config: JsonObject, layers: LayerEntry[]): { input: LayerEntry; output: LayerEntry } {
  const names = (ends: unknown) => (Array.isArray(ends) ? ends.map((end: unknown) => (Array.isArray(end) ? end[0] : undefined)) : []);
  const inputs = names(config.input_layers);
  const outputs = names(config.output_layers);
  if (inputs.length !== 1 || outputs.length !== 1) reject({ code: 'notSingleInputOutput', inputs: inputs.length, outputs: outputs.length });
  const find = (name: unknown) => layers.find((layer) => layer.name === name) ?? reject({ code: 'notLayersModel', format: 'layers-model' });
  return { input: find(inputs[0]), output: find(outputs[0]) };
}

/** One weights group: its specs and, in order, the files whose bytes hold them. */
interface WeightsGroup {
  specs: io.WeightsManifestEntry[];
  files: ModelFileInput[];
  /** The sum over specs of elements * bytes per element. */
  expectedBytes: number;
}

/** Checks the weightsManifest's shape, dtypes and that every path is among the files; returns its groups. */
function checkManifest(manifest: unknown, files: readonly ModelFileInput[]): WeightsGroup[] {
  if (!Array.isArray(manifest)) return reject({ code: 'badWeightsManifest' });
  return manifest.map((group: unknown) => {
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) return reject({ code: 'badWeightsManifest' });
    const specs = group.weights.map(checkSpec);
    const groupFiles = group.paths.map((path: unknown) => {
      if (typeof path !== 'string') return reject({ code: 'badWeightsManifest' });
      const wanted = baseName(path);
      return files.find((file) => baseName(file.name) === wanted) ?? reject({ code: 'missingWeightsFile', file: wanted });
    });
    const expectedBytes = specs.reduce((sum, spec) => sum + spec.shape.reduce((n, size) => n * size, 1) * BYTES_PER_ELEMENT[spec.dtype], 0);
    return { specs, files: groupFiles, expectedBytes };
  });
}

/** One weight spec, checked: a name, a shape of whole sizes >= 0, an unquantized 4-byte dtype. */
function checkSpec(spec: unknown, index: number): io.WeightsManifestEntry {
  const weight = isObject(spec) && typeof spec.name === 'string' ? spec.name : `#${index + 1}`;
  if (!isObject(spec) || typeof spec.name !== 'string' || typeof spec.dtype !== 'string') return reject({ code: 'badWeightSpec', weight });
  const { shape, dtype, quantization } = spec;
  if (!Array.isArray(shape) || !shape.every((size) => Number.isSafeInteger(size) && size >= 0)) return reject({ code: 'badWeightSpec', weight });
  if (quantization !== undefined && quantization !== null) {
    // Dequantizing is tfjs's job, but the app's weight buffers are documented as plain float32.
    return reject({ code: 'quantizedWeights', weight, dtype: isObject(quantization) && typeof quantization.dtype === 'string' ? quantization.dtype : 'unknown' });
  }
  if (!(dtype in BYTES_PER_ELEMENT)) return reject({ code: 'unsupportedDtype', weight, dtype });
  return { name: spec.name, shape: shape as number[], dtype: dtype as 'float32' | 'int32' };
}

/** Refuses a group whose files hold other than the bytes its specs need. */
function checkGroupBytes(group: WeightsGroup, fileBytes: number[]): void {
  const actualBytes = fileBytes.reduce((sum, bytes) => sum + bytes, 0);
  if (actualBytes !== group.expectedBytes) {
    reject({ code: 'weightsSizeMismatch', file: group.files.length === 1 ? group.files[0].name : null, expectedBytes: group.expectedBytes, actualBytes });
  }
}

/** The buffers joined end to end into one new ArrayBuffer. */
function concatenate(buffers: ArrayBuffer[]): ArrayBuffer {
  const joined = new Uint8Array(buffers.reduce((sum, buffer) => sum + buffer.byteLength, 0));
  let offset = 0;
  for (const buffer of buffers) {
    joined.set(new Uint8Array(buffer), offset);
    offset += buffer.byteLength;
  }
  return joined.buffer;
}
