/**
 * Shape inference for a layer stack, with no tfjs: what each layer outputs, what it costs, and
 * why it is impossible when it is. Pure, so the controls can run it on every keystroke.
 *
 * Cost conventions (per image, forward pass, inference mode):
 * - MACs: multiply-accumulates of Conv2D and Dense only.
 * - FLOPs: 2 per MAC, plus 1 per output element for the bias, plus 1 per output element for a
 *   non-linear activation (softmax included, as an approximation); pooling 1 per window element
 *   read; batch norm 2 per element (scale and shift); Flatten and Dropout 0.
 * - Weight memory: every parameter (batch norm's moving statistics included) as float32.
 */
import { INPUT_SHAPE, LAYER_LIMITS, NUM_CLASSES, type LayerKind, type LayerSpec } from './spec';

/** A tensor shape without the batch dimension: [height, width, channels] or [features]. */
export type Shape = readonly number[];

/** The layer settings that are whole numbers of at least 1, as named in problems. */
export type LayerSetting = 'filters' | 'kernelSize' | 'strides' | 'poolSize' | 'units';

/** Why a layer (or the whole stack) is impossible: a code with its parameters, worded by the page. */
export type LayerProblem =
  | { code: 'notWholeNumber'; setting: LayerSetting; value: number }
  | { code: 'tooLarge'; setting: LayerSetting; value: number; max: number }
  | { code: 'badPadding'; value: string }
  | { code: 'unknownActivation'; value: string; allowed: string[] }
  | { code: 'badDropoutRate'; value: number }
  | { code: 'unknownLayerKind'; kind: string }
  /** A valid-padding kernel larger than its input (height, width). */
  | { code: 'kernelTooLarge'; kernel: number; input: [number, number] }
  | { code: 'poolTooLarge'; pool: number; input: [number, number] }
  | { code: 'denseNeedsFlat'; input: Shape }
  /** A conv or pool layer after the Flatten: `size` is the flat vector's length. */
  | { code: 'needsImage'; layer: 'conv2d' | 'maxPool' | 'avgPool'; size: number }
  | { code: 'lastLayerNotClassifier'; layer: LayerSpec; classes: number }
  | { code: 'noLayers'; classes: number };

export interface LayerDescription {
  index: number;
  kind: LayerKind;
  /** Short technical label, e.g. "Conv2D 32 5x5 relu" (the page words its own in src/i18n). */
  label: string;
  /** Null when an earlier layer is impossible, so this one's input is unknown. */
  inputShape: Shape | null;
  /** Null when this layer or an earlier one is impossible. */
  outputShape: Shape | null;
  params: number;
  trainableParams: number;
  macs: number;
  flops: number;
  /** Why the layer is impossible; null when it is fine. */
  error: LayerProblem | null;
}

export interface ModelError {
  /** Index into the layer stack, or null for a problem of the whole stack (no layers). */
  layerIndex: number | null;
  problem: LayerProblem;
}

export interface ModelDescription {
  inputShape: Shape;
  layers: LayerDescription[];
  outputShape: Shape | null;
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
  macs: number;
  flops: number;
  weightBytes: number;
  errors: ModelError[];
  isValid: boolean;
}

const HIDDEN_ACTIVATIONS: readonly string[] = ['relu', 'leakyRelu', 'elu', 'sigmoid', 'tanh', 'linear'];
const BYTES_PER_FLOAT32 = 4;

interface Inferred {
  outputShape: Shape;
  params: number;
  trainableParams: number;
  macs: number;
  flops: number;
}

/** Describes every layer of `layers` on a 28x28x1 input, and the totals. Never throws. */
export function describeModel(layers: readonly LayerSpec[]): ModelDescription {
  const described: LayerDescription[] = [];
  let shape: Shape | null = INPUT_SHAPE;
  layers.forEach((spec, index) => {
    const inputShape = shape;
    let error = checkSettings(spec);
    let inferred: Inferred | null = null;
    if (error === null && inputShape !== null) {
      const result = inferLayer(spec, inputShape);
      if ('code' in result) error = result;
      else inferred = result;
    }
    if (error === null && index === layers.length - 1) error = checkOutputLayer(spec);
    // A bad last layer still has a known shape; any other error leaves later shapes unknown.
    shape = inferred?.outputShape ?? null;
    described.push({
      index,
      kind: spec.kind,
      label: layerLabel(spec),
      inputShape,
      outputShape: shape,
      params: inferred?.params ?? 0,
      trainableParams: inferred?.trainableParams ?? 0,
      macs: inferred?.macs ?? 0,
      flops: inferred?.flops ?? 0,
      error,
    });
  });

  const errors: ModelError[] = described
    .filter((layer) => layer.error !== null)
    .map((layer) => ({ layerIndex: layer.index, problem: layer.error as LayerProblem }));
  if (layers.length === 0) errors.push({ layerIndex: null, problem: { code: 'noLayers', classes: NUM_CLASSES } });
  const sum = (pick: (layer: LayerDescription) => number) => described.reduce((total, layer) => total + pick(layer), 0);
  const totalParams = sum((layer) => layer.params);
  const trainableParams = sum((layer) => layer.trainableParams);
  return {
    inputShape: INPUT_SHAPE,
    layers: described,
    outputShape: described.length > 0 ? described[described.length - 1].outputShape : null,
    totalParams,
    trainableParams,
    nonTrainableParams: totalParams - trainableParams,
    macs: sum((layer) => layer.macs),
    flops: sum((layer) => layer.flops),
    weightBytes: totalParams * BYTES_PER_FLOAT32,
    errors,
    isValid: errors.length === 0,
  };
}

/** Checks a layer's own settings, which do not depend on its input; null when they are fine. */
export function checkSettings(spec: LayerSpec): LayerProblem | null {
  switch (spec.kind) {
    case 'conv2d':
      return (
        checkCount('filters', spec.filters, LAYER_LIMITS.filters) ??
        checkCount('kernelSize', spec.kernelSize, LAYER_LIMITS.kernelSize) ??
        checkCount('strides', spec.strides, LAYER_LIMITS.strides) ??
        (spec.padding === 'valid' || spec.padding === 'same' ? null : { code: 'badPadding', value: String(spec.padding) }) ??
        checkActivation(spec.activation, HIDDEN_ACTIVATIONS)
      );
    case 'maxPool':
    case 'avgPool':
      return checkCount('poolSize', spec.poolSize, LAYER_LIMITS.poolSize) ?? checkCount('strides', spec.strides, LAYER_LIMITS.strides);
    case 'dense':
      return checkCount('units', spec.units, LAYER_LIMITS.units) ?? checkActivation(spec.activation, [...HIDDEN_ACTIVATIONS, 'softmax']);
    case 'dropout':
      return Number.isFinite(spec.rate) && spec.rate >= 0 && spec.rate < 1 ? null : { code: 'badDropoutRate', value: spec.rate };
    case 'flatten':
    case 'batchNorm':
      return null;
    default:
      return { code: 'unknownLayerKind', kind: String((spec as { kind: unknown }).kind) };
  }
}

function checkCount(setting: LayerSetting, value: number, max: number): LayerProblem | null {
  if (!Number.isInteger(value) || value < 1) return { code: 'notWholeNumber', setting, value };
  return value <= max ? null : { code: 'tooLarge', setting, value, max };
}

function checkActivation(activation: string, allowed: readonly string[]): LayerProblem | null {
  return allowed.includes(activation) ? null : { code: 'unknownActivation', value: activation, allowed: [...allowed] };
}

/** A problem as a code and its parameters, for errors meant for developers (the page words them). */
export function problemSummary(problem: LayerProblem): string {
  const { code, ...params } = problem;
  return `${code} ${JSON.stringify(params)}`;
}

/** Output shape and cost of a layer whose settings are valid, or why its input does not fit. */
function inferLayer(spec: LayerSpec, input: Shape): Inferred | LayerProblem {
  const inputSize = product(input);
  const activationFlops = (activation: string, outputs: number) => (activation === 'linear' ? 0 : outputs);
  switch (spec.kind) {
    case 'conv2d': {
      const [height, width, channels] = input;
      if (input.length !== 3) return needsImage('conv2d', input);
      const k = spec.kernelSize;
      if (spec.padding === 'valid' && (k > height || k > width)) return { code: 'kernelTooLarge', kernel: k, input: [height, width] };
      const outputShape = [convLength(height, k, spec.strides, spec.padding), convLength(width, k, spec.strides, spec.padding), spec.filters];
      const outputs = product(outputShape);
      const params = k * k * channels * spec.filters + spec.filters;
      const macs = outputs * k * k * channels;
      return { outputShape, params, trainableParams: params, macs, flops: 2 * macs + outputs + activationFlops(spec.activation, outputs) };
    }
    case 'maxPool':
    case 'avgPool': {
      const [height, width, channels] = input;
      if (input.length !== 3) return needsImage(spec.kind, input);
      const p = spec.poolSize;
      if (p > height || p > width) return { code: 'poolTooLarge', pool: p, input: [height, width] };
      const outputShape = [convLength(height, p, spec.strides, 'valid'), convLength(width, p, spec.strides, 'valid'), channels];
      return { outputShape, params: 0, trainableParams: 0, macs: 0, flops: product(outputShape) * p * p };
    }
    case 'dense': {
      if (input.length !== 1) return { code: 'denseNeedsFlat', input };
      const params = inputSize * spec.units + spec.units;
      const macs = inputSize * spec.units;
      return { outputShape: [spec.units], params, trainableParams: params, macs, flops: 2 * macs + spec.units + activationFlops(spec.activation, spec.units) };
    }
    case 'dropout':
      return { outputShape: input, params: 0, trainableParams: 0, macs: 0, flops: 0 };
    case 'flatten':
      return { outputShape: [inputSize], params: 0, trainableParams: 0, macs: 0, flops: 0 };
    case 'batchNorm': {
      // gamma and beta train; the moving mean and variance are updated, not trained.
      const channels = input[input.length - 1];
      return { outputShape: input, params: 4 * channels, trainableParams: 2 * channels, macs: 0, flops: 2 * inputSize };
    }
  }
}

function needsImage(layer: 'conv2d' | 'maxPool' | 'avgPool', input: Shape): LayerProblem {
  return { code: 'needsImage', layer, size: product(input) };
}

/** Output length along one axis, as Keras computes it. Valid padding needs kernel <= length. */
function convLength(length: number, kernel: number, stride: number, padding: 'valid' | 'same'): number {
  return padding === 'same' ? Math.ceil(length / stride) : Math.floor((length - kernel) / stride) + 1;
}

function checkOutputLayer(spec: LayerSpec): LayerProblem | null {
  if (spec.kind === 'dense' && spec.units === NUM_CLASSES && spec.activation === 'softmax') return null;
  return { code: 'lastLayerNotClassifier', layer: spec, classes: NUM_CLASSES };
}

function product(shape: Shape): number {
  return shape.reduce((total, length) => total * length, 1);
}

/**
 * A short label for a layer, e.g. "Conv2D 32 5x5 relu", "MaxPool 2x2", "Dropout 0.25", for the
 * exported scripts and developers' errors (the page's own, in its language, is in src/i18n).
 */
export function layerLabel(spec: LayerSpec): string {
  switch (spec.kind) {
    case 'conv2d': {
      const stride = spec.strides === 1 ? '' : ` stride ${spec.strides}`;
      const padding = spec.padding === 'same' ? ' same' : '';
      return `Conv2D ${spec.filters} ${spec.kernelSize}x${spec.kernelSize}${stride}${padding} ${spec.activation}`;
    }
    case 'maxPool':
    case 'avgPool': {
      const stride = spec.strides === spec.poolSize ? '' : ` stride ${spec.strides}`;
      return `${spec.kind === 'maxPool' ? 'MaxPool' : 'AvgPool'} ${spec.poolSize}x${spec.poolSize}${stride}`;
    }
    case 'dense':
      return `Dense ${spec.units} ${spec.activation}`;
    case 'dropout':
      return `Dropout ${spec.rate}`;
    case 'flatten':
      return 'Flatten';
    case 'batchNorm':
      return 'BatchNorm';
    default:
      return String((spec as { kind: unknown }).kind);
  }
}

/** "12x12x32" for [12, 12, 32]. */
export function formatShape(shape: Shape): string {
  return shape.join('x');
}

/** Thousands separated by commas, independent of locale: 184586 -> "184,586". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
