/**
 * A look inside a model, as plain data: what each conv, pool and dense layer makes of one image,
 * the first conv layer's filters, and a summary of every layer's weights. Everything returned is
 * numbers and Float32Arrays (they cross the worker boundary); every tensor made here is disposed.
 */
import * as tf from '../tf';

/** What a layer's output looks like on the page: a stack of 2-D maps, or a row of units. */
export type ActivationKind = 'maps' | 'units';

export interface LayerActivation {
  /** The tf layer's name, e.g. "conv2d_0" (a model loaded from files keeps its own names). */
  name: string;
  /** tfjs's class name: Conv2D, MaxPooling2D, AveragePooling2D or Dense. */
  className: string;
  kind: ActivationKind;
  /** maps: height and width of one map; units: 1 and the number of units. */
  height: number;
  width: number;
  /** Maps (channels) or units the layer has; `count` of them are in `values`. */
  total: number;
  count: number;
  /** maps: channel-major, values[c * height * width + y * width + x]; units: one value each. */
  values: Float32Array;
}

/** The first Conv2D layer's kernels, one k x k image per filter (averaged over input channels, if more than one). */
export interface FilterImages {
  name: string;
  kernelSize: number;
  /** Filters the layer has; `count` of them are in `values`. */
  total: number;
  count: number;
  /** values[f * k * k + y * k + x] */
  values: Float32Array;
}

/** Layers shown as maps or as units; the rest (Flatten, Dropout, BatchNorm) change no picture a student needs. */
const MAP_LAYERS = new Set(['Conv2D', 'MaxPooling2D', 'AveragePooling2D']);
const UNIT_LAYERS = new Set(['Dense']);
/** A layer that only applies a function to the output before it: its output replaces that one's. */
const ACTIVATION_LAYERS = new Set(['Activation', 'LeakyReLU', 'ReLU', 'ELU', 'Softmax', 'ThresholdedReLU', 'PReLU']);

export interface ActivationOptions {
  /** At most this many maps per layer are returned (the first ones); units are never cut. */
  maxMaps?: number;
  /** At most this many filters of the first conv layer. */
  maxFilters?: number;
}

/**
 * Runs one 28x28 image (already prepared as the model wants it: 784 values) through the model in
 * inference mode and returns, in order, the output of every conv, pool and dense layer, each taken
 * after the activation layer that follows it, if any (a leaky ReLU, the softmax).
 */
export async function layerActivations(model: tf.LayersModel, image: Float32Array, options: ActivationOptions = {}): Promise<LayerActivation[]> {
  const maxMaps = options.maxMaps ?? Infinity;
  const picked = pickLayers(model);
  const outputs = tf.tidy(() => {
    const input = tf.tensor4d(image, [1, 28, 28, 1]);
    const results = outputsOf(model, input, picked.map((p) => p.source));
    return results.map((output, i) => {
      if (picked[i].kind === 'units') return output.reshape([-1]);
      const [, , , channels] = output.shape;
      // Channel-major, so one map is one contiguous run of values.
      const maps = tf.transpose(output, [0, 3, 1, 2]);
      return channels > maxMaps ? maps.slice([0, 0, 0, 0], [1, maxMaps, -1, -1]) : maps;
    });
  });
  try {
    const values = await Promise.all(outputs.map((t) => t.data() as Promise<Float32Array>));
    return picked.map(({ shown, kind }, i) => {
      const common = { name: shown.name, className: shown.getClassName(), kind, values: values[i] };
      if (kind === 'units') {
        const units = values[i].length;
        return { ...common, height: 1, width: units, total: units, count: units };
      }
      // outputs[i] is [1, maps, height, width]; the layer's own shape says how many maps it has in all.
      const [, count = 0, height = 0, width = 0] = outputs[i].shape;
      return { ...common, height, width, total: (shown.outputShape as number[])[3] ?? count, count };
    });
  } finally {
    for (const t of outputs) t.dispose();
  }
}

/** The first Conv2D layer's kernels as images, or null when the model has no conv layer. */
export async function firstConvFilters(model: tf.LayersModel, maxFilters = Infinity): Promise<FilterImages | null> {
  const layer = model.layers.find((l) => l.getClassName() === 'Conv2D');
  if (!layer) return null;
  const kernel = layer.getWeights()[0];
  const [k, , , filters] = kernel.shape as number[];
  const count = Math.min(filters, maxFilters);
  const images = tf.tidy(() => tf.transpose(tf.mean(kernel.slice([0, 0, 0, 0], [-1, -1, -1, count]), 2), [2, 0, 1]));
  try {
    return { name: layer.name, kernelSize: k, total: filters, count, values: (await images.data()) as Float32Array };
  } finally {
    images.dispose();
  }
}

interface Picked {
  /** The layer whose output is taken (the activation after a conv or dense layer, when there is one). */
  source: tf.layers.Layer;
  /** The conv, pool or dense layer it stands for. */
  shown: tf.layers.Layer;
  kind: ActivationKind;
}

function pickLayers(model: tf.LayersModel): Picked[] {
  const picked: Picked[] = [];
  const layers = model.layers;
  layers.forEach((layer, index) => {
    const className = layer.getClassName();
    const kind: ActivationKind | null = MAP_LAYERS.has(className) ? 'maps' : UNIT_LAYERS.has(className) ? 'units' : null;
    if (!kind) return;
    let end = index;
    while (end + 1 < layers.length && ACTIVATION_LAYERS.has(layers[end + 1].getClassName())) end++;
    picked.push({ source: layers[end], shown: layer, kind });
  });
  return picked;
}

/**
 * The outputs of `wanted` for one input, in inference mode. A Sequential model is walked layer by
 * layer; any other model gets a second head over the same layers (no weights are copied).
 */
function outputsOf(model: tf.LayersModel, input: tf.Tensor, wanted: tf.layers.Layer[]): tf.Tensor[] {
  if (wanted.length === 0) return [];
  if (model instanceof tf.Sequential) {
    const found = new Map<tf.layers.Layer, tf.Tensor>();
    let h = input;
    for (const layer of model.layers) {
      h = layer.apply(h, { training: false }) as tf.Tensor;
      if (wanted.includes(layer)) found.set(layer, h);
    }
    return wanted.map((layer) => found.get(layer)!);
  }
  const head = tf.model({ inputs: model.inputs, outputs: wanted.map((layer) => layer.output as tf.SymbolicTensor) });
  const result = head.predict(input);
  return Array.isArray(result) ? result : [result];
}

/** One weight tensor of a layer, summarised for a histogram. */
export interface WeightSummary {
  /** The variable's name, e.g. "conv2d_0/kernel". */
  name: string;
  shape: number[];
  count: number;
  min: number;
  max: number;
  mean: number;
  /** Mean of |w|: L1 and L2 both pull it down. */
  meanAbs: number;
  /** Weights with |w| < NEAR_ZERO: L1 drives many of them to (nearly) exactly 0, L2 does not. */
  nearZero: number;
  /**
   * Every weight counted into HISTOGRAM_BINS equal bins over [-limit, limit], limit = max |w|
   * (symmetric, with a bin centred on 0, where L1 piles weights up).
   */
  histogram: { limit: number; counts: number[] };
}

export interface LayerSummary {
  name: string;
  className: string;
  /** The output shape without the batch dimension, e.g. [26, 26, 32]. */
  outputShape: number[];
  params: number;
  trainable: boolean;
  weights: WeightSummary[];
}

/** Below this a weight counts as zero in `nearZero`. */
export const NEAR_ZERO = 1e-3;
/** Odd, so that one bin is centred on 0. */
export const HISTOGRAM_BINS = 21;

/** Every layer's name, class, output shape and parameter count, and a summary of each of its weights. */
export async function summarizeLayers(model: tf.LayersModel): Promise<LayerSummary[]> {
  // Copies of every weight, taken at once: a training step between two awaits may replace a
  // variable's tensor (and dispose the old one) before its values are read.
  const variables = model.layers.flatMap((layer) => layer.weights);
  const copies = tf.tidy(() => variables.map((v) => v.read().clone()));
  let values: Float32Array[];
  try {
    values = (await Promise.all(copies.map((c) => c.data()))) as Float32Array[];
  } finally {
    for (const c of copies) c.dispose();
  }
  const layers: LayerSummary[] = [];
  let next = 0;
  for (const layer of model.layers) {
    const weights: WeightSummary[] = [];
    for (const variable of layer.weights) {
      // originalName: tfjs adds a suffix to `name` when a name repeats across models.
      weights.push(summarizeWeights(variable.originalName ?? variable.name, variable.shape as number[], values[next++]));
    }
    const shape = layer.outputShape as (number | null)[];
    layers.push({
      name: layer.name,
      className: layer.getClassName(),
      outputShape: (Array.isArray(shape[0]) ? (shape[0] as unknown as (number | null)[]) : shape).slice(1).map((d) => d ?? -1),
      params: layer.countParams(),
      trainable: layer.trainable,
      weights,
    });
  }
  return layers;
}

/** The statistics and the histogram of one weight tensor's values. */
export function summarizeWeights(name: string, shape: number[], values: Float32Array, bins = HISTOGRAM_BINS): WeightSummary {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumAbs = 0;
  let nearZero = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumAbs += Math.abs(v);
    if (Math.abs(v) < NEAR_ZERO) nearZero++;
  }
  const n = values.length;
  const limit = n ? Math.max(Math.abs(min), Math.abs(max)) : 0;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) {
    const bin = limit > 0 ? Math.floor(((values[i] + limit) / (2 * limit)) * bins) : bins >> 1;
    counts[Math.min(bins - 1, Math.max(0, bin))]++;
  }
  return { name, shape, count: n, min: n ? min : 0, max: n ? max : 0, mean: n ? sum / n : 0, meanAbs: n ? sumAbs / n : 0, nearZero, histogram: { limit, counts } };
}
