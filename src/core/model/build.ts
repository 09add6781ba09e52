/** Turns a layer stack into a tf.Sequential model, after describeModel has said it is possible. */
import * as tf from '../tf';
import { describeModel, layerLabel, problemSummary } from './describe';
import { INPUT_SHAPE, LEAKY_RELU_ALPHA, type LayerKind, type LayerSpec, type OutputActivation } from './spec';
import { trainingLayerApply } from '../wasm/fusedTraining';

export type KernelInitializerName = 'glorotUniform' | 'heNormal';

export interface BuildOptions {
  /** Seeds every kernel initializer, so the same seed gives the same starting weights. */
  seed?: number;
  /** Keras's default, glorotUniform, unless said otherwise; heNormal suits ReLU stacks. */
  kernelInitializer?: KernelInitializerName;
  /** L1 weight penalty: l1 * sum(|w|) over every Conv2D and Dense kernel is added to the loss (Keras semantics). 0 or absent: off. */
  l1?: number;
  /** L2 weight penalty: l2 * sum(w^2) over the same kernels (no 1/2 factor, as in Keras). 0 or absent: off. */
  l2?: number;
}

export { LEAKY_RELU_ALPHA };

const LEAKY_RELU_SUFFIX = '_leakyRelu';
const SOFTMAX_SUFFIX = '_softmax';

/**
 * Builds an uncompiled model for 28x28x1 inputs, one or two tf layers per spec layer: leaky ReLU
 * and softmax are each their own layer after a linear one. The separate softmax leaves the logits
 * one layer from the end, where the loss reads them (see classifierScores). Throws an Error
 * listing every problem if the stack is impossible. The caller owns the model and disposes it.
 *
 * Dropout layers are built unseeded: tfjs reuses a Dropout layer's one seed on every call, which
 * would drop the same units at every step. A seeded run gives them a new seed before each step
 * with reseedDropout instead.
 */
export function buildModel(layers: readonly LayerSpec[], opts: BuildOptions = {}): tf.Sequential {
  const description = describeModel(layers);
  if (!description.isValid) {
    const lines = description.errors.map(({ layerIndex, problem }) =>
      layerIndex === null ? `- ${problemSummary(problem)}` : `- layer ${layerIndex + 1} (${layerLabel(layers[layerIndex])}): ${problemSummary(problem)}`,
    );
    throw new Error(`Cannot build this model:\n${lines.join('\n')}`);
  }

  const model = tf.sequential();
  const kernelRegularizer = makeRegularizer(opts);
  layers.forEach((spec, index) => {
    const name = layerName(index, spec.kind);
    const first = index === 0 ? { inputShape: [...INPUT_SHAPE] } : {};
    const kernelInitializer = makeInitializer(opts, index);
    switch (spec.kind) {
      case 'conv2d':
        model.add(
          tf.layers.conv2d({
            ...first,
            name,
            filters: spec.filters,
            kernelSize: spec.kernelSize,
            strides: spec.strides,
            padding: spec.padding,
            activation: tfActivation(spec.activation),
            kernelInitializer,
            kernelRegularizer,
          }),
        );
        break;
      case 'maxPool':
      case 'avgPool': {
        const args = { ...first, name, poolSize: spec.poolSize, strides: spec.strides, padding: 'valid' as const };
        model.add(spec.kind === 'maxPool' ? tf.layers.maxPooling2d(args) : tf.layers.averagePooling2d(args));
        break;
      }
      case 'dense':
        model.add(tf.layers.dense({ ...first, name, units: spec.units, activation: tfActivation(spec.activation), kernelInitializer, kernelRegularizer }));
        break;
      case 'dropout':
        model.add(tf.layers.dropout({ ...first, name, rate: spec.rate }));
        break;
      case 'flatten':
        model.add(tf.layers.flatten({ ...first, name }));
        break;
      case 'batchNorm':
        model.add(tf.layers.batchNormalization({ ...first, name }));
        break;
    }
    if ((spec.kind === 'conv2d' || spec.kind === 'dense') && spec.activation === 'leakyRelu') {
      model.add(tf.layers.leakyReLU({ name: name + LEAKY_RELU_SUFFIX, alpha: LEAKY_RELU_ALPHA }));
    }
    if (spec.kind === 'dense' && spec.activation === 'softmax') {
      model.add(tf.layers.activation({ name: name + SOFTMAX_SUFFIX, activation: 'softmax' }));
    }
  });
  // Completes the Sequential's inner graph now. Without it, a model never called whole (the loss
  // calls its layers one by one) reports no regulariser losses from calculateLosses().
  model.build();
  return model;
}

/**
 * Gives every Dropout layer of the model a seed for the next training step, drawn from the run's
 * seed and the step number: a repeated run drops the same units again, and every step drops
 * different ones. (tfjs keeps the seed in the layer and reads it on each call; it has no setter.)
 */
export function reseedDropout(model: tf.LayersModel, seed: number, step: number): void {
  const stepSeed = mixSeed(seed, step);
  model.layers.forEach((layer, index) => {
    if (layer.getClassName() === 'Dropout') (layer as unknown as { seed?: number }).seed = mixSeed(stepSeed, index);
  });
}

/** The tf layer name given to spec layer `index`, e.g. "conv2d_0". */
export function layerName(index: number, kind: LayerKind): string {
  return `${kind}_${index}`;
}

/** The tf layer whose output is spec layer `index`'s output (its leaky ReLU or softmax, when it has one). */
export function specOutputLayer(model: tf.LayersModel, index: number): tf.layers.Layer {
  const pattern = new RegExp(`^[A-Za-z0-9]+_${index}(${LEAKY_RELU_SUFFIX}|${SOFTMAX_SUFFIX})?$`);
  const matches = model.layers.filter((layer) => pattern.test(layer.name));
  if (matches.length === 0) throw new Error(`The model has no layer for spec layer ${index}.`);
  return matches[matches.length - 1];
}

/**
 * What a model computes for a batch, in the form the loss wants: the logits when the model ends in
 * a separate softmax layer (as every model buildModel makes does), otherwise its probabilities.
 * Call inside tf.tidy; `training` switches dropout and batch normalisation to training mode.
 */
export function classifierScores(model: tf.LayersModel, xs: tf.Tensor, training: boolean): { scores: tf.Tensor2D; isLogits: boolean } {
  const layers = model.layers;
  const last = layers[layers.length - 1];
  const endsInSoftmax = last.getClassName() === 'Activation' && (last.getConfig() as { activation?: string }).activation === 'softmax';
  if (!endsInSoftmax || !(model instanceof tf.Sequential)) {
    return { scores: model.apply(xs, { training }) as tf.Tensor2D, isLogits: false };
  }
  let h = xs;
  for (const layer of layers.slice(0, -1)) {
    // On WASM, while training, conv/dense + bias + ReLU and batch norm run as fused kernels with
    // fused gradients (src/core/wasm/fusedTraining.ts); the same variables, so nothing else changes.
    h = (training ? trainingLayerApply(layer, h) : null) ?? (layer.apply(h, { training }) as tf.Tensor);
  }
  return { scores: h as tf.Tensor2D, isLogits: true };
}

function tfActivation(activation: OutputActivation): Exclude<OutputActivation, 'leakyRelu' | 'softmax'> {
  // tfjs has no 'leakyRelu' activation string, so a leaky ReLU layer follows a linear one; softmax
  // gets its own layer too, so the loss can be computed from the logits.
  return activation === 'leakyRelu' || activation === 'softmax' ? 'linear' : activation;
}

function makeInitializer(opts: BuildOptions, index: number): ReturnType<typeof tf.initializers.glorotUniform> | KernelInitializerName {
  const name = opts.kernelInitializer ?? 'glorotUniform';
  if (opts.seed === undefined) return name;
  const seed = mixSeed(opts.seed, index);
  return name === 'heNormal' ? tf.initializers.heNormal({ seed }) : tf.initializers.glorotUniform({ seed });
}

/** One L1/L2 regulariser shared by the kernels, or undefined when both penalties are off. */
function makeRegularizer({ l1 = 0, l2 = 0 }: BuildOptions): ReturnType<typeof tf.regularizers.l1l2> | undefined {
  if (!(l1 >= 0 && l2 >= 0)) throw new RangeError(`weight penalties must be >= 0 (l1 ${l1}, l2 ${l2})`);
  // Both are passed explicitly: tfjs fills a missing one with 0.01.
  return l1 > 0 || l2 > 0 ? tf.regularizers.l1l2({ l1, l2 }) : undefined;
}

/** A distinct, well-spread seed per layer, so neighbouring run seeds do not share layer streams. */
function mixSeed(seed: number, index: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}
