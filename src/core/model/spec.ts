/** Declarative description of a model: plain data, so it crosses the worker boundary and the URL hash. */

export type Activation = 'relu' | 'leakyRelu' | 'elu' | 'sigmoid' | 'tanh' | 'linear';
export type OutputActivation = Activation | 'softmax';
export type Padding = 'valid' | 'same';

export interface Conv2DSpec {
  kind: 'conv2d';
  filters: number;
  kernelSize: number;
  strides: number;
  padding: Padding;
  activation: Activation;
}

export interface PoolSpec {
  kind: 'maxPool' | 'avgPool';
  poolSize: number;
  strides: number;
}

export interface DenseSpec {
  kind: 'dense';
  units: number;
  activation: OutputActivation;
}

export interface DropoutSpec {
  kind: 'dropout';
  rate: number;
}

export interface FlattenSpec {
  kind: 'flatten';
}

export interface BatchNormSpec {
  kind: 'batchNorm';
}

export type LayerSpec = Conv2DSpec | PoolSpec | DenseSpec | DropoutSpec | FlattenSpec | BatchNormSpec;
export type LayerKind = LayerSpec['kind'];

/** The input every model sees: one 28x28 grey MNIST digit. */
export const INPUT_SHAPE = [28, 28, 1] as const;
export const NUM_CLASSES = 10;

/**
 * Upper bounds on a layer's settings (the lower bound is 1). They keep a typo such as 50000
 * filters from freezing the tab; the editor, the link codec and describeModel share them.
 */
export const LAYER_LIMITS = {
  filters: 512,
  kernelSize: 28,
  strides: 28,
  poolSize: 28,
  units: 4096,
} as const;

/** The most layers a stack may have. */
export const MAX_LAYERS = 32;

/** Keras's default slope for negative inputs of leaky ReLU (PyTorch's is 0.01). */
export const LEAKY_RELU_ALPHA = 0.3;
